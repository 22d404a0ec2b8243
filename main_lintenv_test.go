package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/aigw-dev/aigw-backend/lint"
)

// vpceObjects are hand-written Bedrock objects on a VPC endpoint host:
// lint warns (bedrock-vpce-unsigned) only when the target AI Gateway
// release is known to be older than v1.1.
const vpceObjects = `apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: br, namespace: ai}
spec:
  schema: {name: AWSBedrock}
  backendRef: {name: br, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: br, namespace: ai}
spec:
  endpoints: [{fqdn: {hostname: vpce-0abc-1x2y.bedrock-runtime.us-east-1.vpce.amazonaws.com, port: 443}}]
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata: {name: br-auth, namespace: ai}
spec:
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: br}]
  type: AWSCredentials
  awsCredentials: {region: us-east-1}
`

// TestTargetReleaseFromEnv: AIGW_BACKEND_AI_GATEWAY_VERSION is read by
// main once (readEnvironment) and reaches lint in every mode that lints:
// the function, the whole-build check and import. Unset, v1.0.0 and
// v1.1.0 are the control: only v1.0.0 warns.
func TestTargetReleaseFromEnv(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "objects.yaml")
	assert.NoError(t, os.WriteFile(file, []byte(vpceObjects), 0o600))
	var items strings.Builder
	for _, doc := range strings.Split(vpceObjects, "---\n") {
		items.WriteString("- " + strings.ReplaceAll(strings.TrimSuffix(doc, "\n"), "\n", "\n  ") + "\n")
	}
	resourceList := "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + items.String()

	modes := []struct {
		name  string
		args  []string
		stdin string
	}{
		{"function", nil, resourceList},
		{"check", []string{"check", file}, ""},
		{"import", []string{"import", file}, ""},
	}
	for _, release := range []string{"", "v1.0.0", "v1.1.0"} {
		t.Setenv(lint.EnvAIGatewayVersion, release)
		env := readEnvironment(os.Getenv)
		for _, m := range modes {
			var out, errOut bytes.Buffer
			runWith(m.args, strings.NewReader(m.stdin), &out, &errOut, nil, env)
			warned := strings.Contains(out.String()+errOut.String(), "VPC endpoint")
			assert.Equal(t, release == "v1.0.0", warned, "%s with %s=%q:\n%s%s", m.name, lint.EnvAIGatewayVersion, release, out.String(), errOut.String())
		}
	}
}
