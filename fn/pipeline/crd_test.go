package pipeline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGoldenOutputsAreCRDValid: every Backend, AIServiceBackend,
// BackendTLSPolicy and BackendSecurityPolicy in the expected output of a
// successful golden case — created or patched — is accepted by the upstream
// CRDs as a create request (prune, defaults, schema, CEL; a v1alpha3
// BackendTLSPolicy by the experimental channel CRD). The golden files prove
// the output is stable; this proves it is right.
func TestGoldenOutputsAreCRDValid(t *testing.T) {
	dirs, err := filepath.Glob("testdata/golden/*")
	require.NoError(t, err)
	validated := 0
	for _, dir := range dirs {
		if strings.HasPrefix(filepath.Base(dir), "bad-") {
			continue // their items are the unchanged, often broken, input
		}
		out, err := os.ReadFile(filepath.Join(dir, "expected.yaml"))
		require.NoError(t, err)
		doc, err := qaParse(out)
		require.NoError(t, err, dir)
		for i := range doc.Items {
			n := &doc.Items[i]
			if !qaGeneratedKind(n) {
				continue
			}
			validated++
			if err := qaValidateNode(t, n); err != nil {
				t.Errorf("%s: %s rejected by the upstream CRD: %v", filepath.Base(dir), qaKey(n), err)
			}
		}
	}
	require.Greater(t, validated, 100, "too few objects validated: did the golden cases move?")
	t.Logf("%d objects in %d golden outputs validated", validated, len(dirs))
}
