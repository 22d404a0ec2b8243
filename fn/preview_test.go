package fn

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPreviewAnyPath: the quick look reads files named on the command line,
// which may be absolute or outside the current directory; only specs inside
// a package must keep their generated objects inside it.
func TestPreviewAnyPath(t *testing.T) {
	const good = "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: openai}\nspec:\n  provider: openai\n  auth: {secretRef: {name: k}}\n"
	const bad = "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: openai}\nspec:\n  provider: openai\n  bogus: 1\n"
	for _, f := range []string{"spec.yaml", "/abs/dir/spec.yaml", "../up/spec.yaml", `C:\specs\spec.yaml`} {
		t.Run(f, func(t *testing.T) {
			out, stderr, code := Preview([]string{f}, map[string][]byte{f: []byte(good)}, Options{})
			require.Equal(t, 0, code, "%v", stderr)
			assert.Contains(t, string(out), "kind: AIServiceBackend")
			assert.NotContains(t, string(out), "aigw-preview-file")

			_, stderr, code = Preview([]string{f}, map[string][]byte{f: []byte(bad)}, Options{})
			require.Equal(t, 1, code)
			joined := strings.Join(stderr, "\n")
			assert.Contains(t, joined, "error: "+f+": spec.bogus", "the message names the file as given")
			assert.NotContains(t, joined, "aigw-preview-file")
		})
	}
}
