package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// TestImportForKustomize: `import --for kustomize --exec PATH` writes specs
// that run under kustomize's generators: as they are, and regenerate the
// imported backend; without --for, kustomize cannot run them (the
// negative control: "unable to find plugin root").
func TestImportForKustomize(t *testing.T) {
	ws := workspace(t, "examples/lint-hand-written")
	dir := filepath.Join(ws, "examples", "imported")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	src := filepath.Join(ws, "examples", "lint-hand-written", "handwritten.yaml")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte("generators:\n  - specs.yaml\n"), 0o644))

	for _, tc := range []struct {
		name string
		args []string
		ok   bool
	}{
		{name: "--for kustomize", args: []string{"import", "--for", "kustomize", "--exec", "../../bin/aigw-backend", "-q", src}, ok: true},
		{name: "plain (control)", args: []string{"import", src}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			specs, stderr, _ := tooltest.Run(t, dir, nil, fnBin, tc.args...)
			require.NotEmpty(t, specs, stderr)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "specs.yaml"), []byte(specs), 0o644))
			out, kerr, code := runKustomize(t, ws, dir)
			if !tc.ok {
				assert.NotEqual(t, 0, code)
				assert.Contains(t, kerr, "unable to find plugin root")
				return
			}
			require.Equal(t, 0, code, kerr)
			kinds := map[string]int{}
			for _, o := range parseObjects(t, out, "build") {
				kinds[o.node.GetKind()]++
			}
			assert.Equal(t, 2, kinds["AIServiceBackend"], "both imported backends regenerate: %v", kinds)
		})
	}
}
