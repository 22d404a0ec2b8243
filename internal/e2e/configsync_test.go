package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// runRenderScript runs scripts/render-config-sync.sh with the pinned tools
// and the binary under test, from an unrelated working directory.
func runRenderScript(t testing.TB, ws string, args ...string) (string, string, int) {
	t.Helper()
	script := filepath.Join(tooltest.RepoRoot(t), "scripts", "render-config-sync.sh")
	env := []string{
		"KPT=" + tooltest.Kpt(t),
		"KUSTOMIZE=" + tooltest.Kustomize(t),
		"AIGW_BACKEND=" + filepath.Join(ws, "bin", "aigw-backend"),
	}
	return tooltest.Run(t, t.TempDir(), env, script, args...)
}

// TestConfigSync: the rendered-manifests workflow. CI runs the script on the
// source kpt package; Config Sync syncs examples/config-sync/rendered. The
// committed rendering must be current (else CI fails: render and commit),
// contain only objects Config Sync can apply, leave the source untouched,
// and be byte-for-byte reproducible.
func TestConfigSync(t *testing.T) {
	t.Parallel()
	ws := workspace(t, "examples/config-sync")
	src := filepath.Join(ws, "examples", "config-sync", "source")
	out := filepath.Join(ws, "out")
	before := tree(t, src)

	_, stderr, code := runRenderScript(t, ws, src, out)
	require.Equal(t, 0, code, "render-config-sync failed:\n%s", stderr)
	got := readFile(t, filepath.Join(out, "manifests.yaml"))
	objs := parseObjects(t, got, "rendered manifests")
	assertClean(t, objs, "rendered manifests")
	assertUnique(t, objs, "rendered manifests")
	assertSameTree(t, before, tree(t, src), "source package after rendering")
	goldenFile(t, filepath.Join(examplesDir(t), "config-sync", "rendered", "manifests.yaml"), got)

	_, stderr, code = runRenderScript(t, ws, src, out)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, got, readFile(t, filepath.Join(out, "manifests.yaml")), "rendering twice must give the same bytes")

	// --check is what a pull-request CI job runs.
	_, stderr, code = runRenderScript(t, ws, "--check", src, out)
	assert.Equal(t, 0, code, stderr)
	require.NoError(t, os.WriteFile(filepath.Join(out, "manifests.yaml"), []byte(got+"# edited by hand\n"), 0o644))
	_, stderr, code = runRenderScript(t, ws, "--check", src, out)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "is stale")
}

// TestConfigSyncRootSync: the RootSync points Config Sync at the rendered
// directory, which must not hold a kustomization (Config Sync would then run
// its own kustomize, without exec functions).
func TestConfigSyncRootSync(t *testing.T) {
	ex := examplesDir(t)
	rs := parseObjects(t, readFile(t, filepath.Join(ex, "config-sync", "root-sync.yaml")), "root-sync.yaml")
	require.Len(t, rs, 1)
	assert.Equal(t, "RootSync", rs[0].node.GetKind())
	assert.Equal(t, "examples/config-sync/rendered", fieldString(t, rs[0].node, "spec", "git", "dir"))
	assert.Equal(t, "unstructured", fieldString(t, rs[0].node, "spec", "sourceFormat"))
	for _, f := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		assert.NoFileExists(t, filepath.Join(ex, "config-sync", "rendered", f))
	}
}
