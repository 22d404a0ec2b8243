package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKptRenderSecretInGeneratedFile: a user keeps the API-key Secret in
// the file the function writes its objects to (aigw-<name>.yaml), as the
// first document. The function must number its new objects after the
// Secret — kpt refuses a list where two items share a path and index — and
// a second render must change nothing.
func TestKptRenderSecretInGeneratedFile(t *testing.T) {
	t.Parallel()
	ws := workspace(t, "examples/openai")
	pkg := filepath.Join(ws, "examples/openai/kpt")
	secret := `# The API key, kept next to the generated objects.
apiVersion: v1
kind: Secret
metadata:
  name: openai-api-key
  namespace: ai-gateway
stringData:
  apiKey: sk-placeholder
`
	file := filepath.Join(pkg, "aigw-openai.yaml")
	require.NoError(t, os.WriteFile(file, []byte(secret), 0o644))

	_, stderr, code, _ := runKptRender(t, ws, ws, pkg)
	require.Equal(t, 0, code, "first render: %s", stderr)
	first := tree(t, pkg)
	got := first["aigw-openai.yaml"]
	require.True(t, strings.HasPrefix(got, secret), "the Secret stays first, unchanged:\n%s", got)
	objs := parseObjects(t, got, "aigw-openai.yaml")
	kinds := make([]string, 0, len(objs))
	for _, o := range objs {
		kinds = append(kinds, o.node.GetKind())
	}
	assert.Equal(t, []string{"Secret", "Backend", "AIServiceBackend", "BackendTLSPolicy", "BackendSecurityPolicy"}, kinds)

	_, stderr, code, _ = runKptRender(t, ws, ws, pkg)
	require.Equal(t, 0, code, "second render: %s", stderr)
	assertSameTree(t, first, tree(t, pkg), "a second render must change nothing")
}
