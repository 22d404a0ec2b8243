package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/redact"
)

func TestImportCommandOptions(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.yaml")
	// stderr passes the redaction policy, which hides the temporary
	// directory's random, key-shaped segment (TestImportOptions123456789).
	shown := redact.String(in)
	require.NoError(t, os.WriteFile(in, []byte(`apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: openai, namespace: ai}
spec:
  endpoints: [{fqdn: {hostname: api.openai.com, port: 443}}]
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: openai, namespace: ai}
spec:
  schema: {name: OpenAI}
  backendRef: {name: openai, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: a, namespace: ai}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: b, namespace: ai}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: ai}
`), 0o644))
	for _, tc := range []struct {
		name      string
		args      []string
		code      int
		stdout    []string
		notStdout []string
		stderr    []string
		noStderr  []string
	}{
		{name: "default", args: []string{in}, stdout: []string{"config.kubernetes.io/local-config"}, notStdout: []string{"config.kubernetes.io/function"},
			stderr: []string{"HTTPRoute a (document 3): skipped", "HTTPRoute b (document 4): skipped"}},
		{name: "kustomize default exec", args: []string{"--for", "kustomize", in}, stdout: []string{"config.kubernetes.io/function: |\n      exec:\n        path: aigw-backend\n"}},
		{name: "kustomize exec path", args: []string{"--for=kustomize", "--exec", "../bin/aigw-backend", in}, stdout: []string{"        path: ../bin/aigw-backend\n"}},
		{name: "kustomize image", args: []string{"--for", "kustomize", "--image=ghcr.io/aigw-dev/aigw-backend:vX.Y.Z", in}, stdout: []string{"      container:\n        image: ghcr.io/aigw-dev/aigw-backend:vX.Y.Z\n"}},
		{name: "kpt", args: []string{"--for", "kpt", in}, stdout: []string{"config.kubernetes.io/local-config"}, notStdout: []string{"config.kubernetes.io/function"}},
		{name: "quiet", args: []string{"-q", in}, stderr: []string{"note: " + shown + ": HTTPRoute: 2 objects skipped", "note: " + shown + ": ConfigMap: skipped"},
			noStderr: []string{"HTTPRoute a (document 3)"}},
		{name: "exec without kustomize", args: []string{"--exec", "x", in}, code: 2, stderr: []string{"use them with --for kustomize"}},
		{name: "exec and image", args: []string{"--for", "kustomize", "--exec", "x", "--image", "y", in}, code: 2, stderr: []string{"not both"}},
		{name: "unknown tool", args: []string{"--for", "helm", in}, code: 2, stderr: []string{`--for is "helm"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, tc.code, runImport(tc.args, strings.NewReader(""), &out, &errOut, ""), errOut.String())
			for _, s := range tc.stdout {
				assert.Contains(t, out.String(), s)
			}
			for _, s := range tc.notStdout {
				assert.NotContains(t, out.String(), s)
			}
			for _, s := range tc.stderr {
				assert.Contains(t, errOut.String(), s)
			}
			for _, s := range tc.noStderr {
				assert.NotContains(t, errOut.String(), s)
			}
			if tc.code == 0 {
				assert.Equal(t, 0, strings.Count(errOut.String(), "error:"))
			}
		})
	}
}

// TestImportCommand covers the command: exit codes, stdout and stderr.
func TestImportCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, runImport(nil, nil, &out, &errOut, ""))
	assert.Contains(t, errOut.String(), "usage")
	out.Reset()
	assert.Equal(t, 0, runImport([]string{"--help"}, nil, &out, &errOut, ""))
	assert.Contains(t, out.String(), "aigw-backend import")
	out.Reset()
	errOut.Reset()
	assert.Equal(t, 0, runImport([]string{"importer/testdata/upstream/openai.yaml"}, nil, &out, &errOut, ""))
	assert.Contains(t, out.String(), "provider: openai")
	assert.Contains(t, errOut.String(), "corrected: importer/testdata/upstream/openai.yaml: BackendTLSPolicy default/envoy-ai-gateway-basic-openai-tls: apiVersion:")
	out.Reset()
	errOut.Reset()
	assert.Equal(t, 1, runImport([]string{"importer/testdata/upstream/anthropic-openai-local.yaml"}, nil, &out, &errOut, ""))
	assert.Contains(t, errOut.String(), "error: ")
	assert.Equal(t, 1, runImport([]string{"importer/testdata/does-not-exist.yaml"}, nil, &out, &errOut, ""))
}
