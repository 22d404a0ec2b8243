package pipeline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPreviousNamesAdoption: an object kustomize renamed in this build
// (namePrefix before `transformers:`) is patched under the name it was
// written with, on both routes and with both annotation spellings; it is
// neither duplicated nor pruned.
func TestPreviousNamesAdoption(t *testing.T) {
	for _, domain := range []string{"internal.config.kubernetes.io", "config.kubernetes.io"} {
		t.Run(domain, func(t *testing.T) {
			backend := `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: team-openai
  namespace: ai
  labels: {team: a}
  annotations:
    ` + domain + `/previousNames: openai
    ` + domain + `/previousNamespaces: ai
    ` + domain + `/previousKinds: Backend
    ` + domain + `/prefixes: team-
spec:
  endpoints:
  - fqdn: {hostname: old.example.com, port: 443}
`
			in := engList(backend) + "functionConfig:\n" + indentBlock(strings.Replace(lostSpec, "provider: openai", "provider: openai", 1), "  ")
			runEngines(t, engineCase{name: domain, in: in, fast: true, check: func(t *testing.T, _ []byte, out Output) {
				items := engItems(t, out.ResourceList)
				assert.Len(t, engFind(items, "gateway.envoyproxy.io/v1alpha1", "Backend", "team-openai"), 1)
				assert.Empty(t, engFind(items, "gateway.envoyproxy.io/v1alpha1", "Backend", "openai"), "no unprefixed duplicate")
				assert.Contains(t, string(out.ResourceList), "hostname: api.openai.com")
				assert.Contains(t, string(out.ResourceList), "team: a")
			}})
		})
	}
}
