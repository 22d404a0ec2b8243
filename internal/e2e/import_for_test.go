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
// imported backends; without --for, kustomize cannot run them (the
// negative control: "unable to find plugin root"). A spec that import could
// not make whole carries fn.aigw.dev/import-incomplete, and kustomize's run
// of the function refuses it with the annotation's name until a person
// removes it.
func TestImportForKustomize(t *testing.T) {
	ws := workspace(t, "examples/lint-hand-written", "importer/testdata/handwritten")
	dir := filepath.Join(ws, "examples", "imported")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	hw := filepath.Join(ws, "importer", "testdata", "handwritten")
	whole := []string{filepath.Join(hw, "azure.yaml"), filepath.Join(hw, "vllm.yaml")}
	lossy := filepath.Join(ws, "examples", "lint-hand-written", "handwritten.yaml")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte("generators:\n  - specs.yaml\n"), 0o644))

	forKustomize := []string{"import", "--for", "kustomize", "--exec", "../../bin/aigw-backend", "-q"}
	for _, tc := range []struct {
		name    string
		args    []string
		wantErr string // "" when the build must succeed
	}{
		{name: "--for kustomize", args: append(append([]string{}, forKustomize...), whole...)},
		{name: "plain (control)", args: append([]string{"import"}, whole...), wantErr: "unable to find plugin root"},
		{name: "lossy import refused", args: append(append([]string{}, forKustomize...), lossy), wantErr: "fn.aigw.dev/import-incomplete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			specs, stderr, _ := tooltest.Run(t, dir, nil, fnBin, tc.args...)
			require.NotEmpty(t, specs, stderr)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "specs.yaml"), []byte(specs), 0o644))
			out, kerr, code := runKustomize(t, ws, dir)
			if tc.wantErr != "" {
				assert.NotEqual(t, 0, code)
				assert.Contains(t, kerr, tc.wantErr)
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
