package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// TestKptPruneWhenSpecRemoved: delete one spec from a rendered package and
// render again: kpt removes that spec's generated file, the other specs'
// files stay byte-for-byte the same (docs/kpt.md "Changing and removing").
func TestKptPruneWhenSpecRemoved(t *testing.T) {
	t.Parallel()
	ws := workspace(t, "examples/multi-backend")
	pkg := filepath.Join(ws, "examples/multi-backend/kpt")
	_, stderr, code, _ := runKptRender(t, ws, ws, pkg)
	require.Equal(t, 0, code, stderr)
	before := tree(t, pkg)
	require.Contains(t, before, "aigw-vllm.yaml")

	require.NoError(t, os.Remove(filepath.Join(pkg, "vllm.yaml")))
	_, stderr, code, _ = runKptRender(t, ws, ws, pkg)
	require.Equal(t, 0, code, stderr)
	want := map[string]string{}
	for k, v := range before {
		if k != "vllm.yaml" && k != "aigw-vllm.yaml" {
			want[k] = v
		}
	}
	assertSameTree(t, want, tree(t, pkg), "after removing vllm.yaml")
}

// TestKptEvalFnConfig: the imperative form, `kpt fn eval DIR --exec
// aigw-backend --fn-config SPEC` with the spec outside the package, patches
// and adds exactly what the declarative render of patch-existing does.
func TestKptEvalFnConfig(t *testing.T) {
	t.Parallel()
	ws := workspace(t, "examples/patch-existing")
	pkg := filepath.Join(ws, "pkg")
	require.NoError(t, os.Mkdir(pkg, 0o755))
	src := filepath.Join(ws, "examples/patch-existing/kpt")
	require.NoError(t, os.WriteFile(filepath.Join(pkg, "backends.yaml"), []byte(readFile(t, filepath.Join(src, "backends.yaml"))), 0o644))
	for i := 0; i < 2; i++ { // the second run must change nothing
		_, stderr, code := tooltest.Run(t, ws, toolEnv(ws), tooltest.Kpt(t), "fn", "eval", "pkg",
			"--exec", "aigw-backend", "--fn-config", filepath.Join(src, "aibackendspec.yaml"))
		require.Equal(t, 0, code, stderr)
	}
	expected := tree(t, filepath.Join(examplesDir(t), "patch-existing", "expected-kpt"))
	assertSameTree(t, map[string]string{
		"backends.yaml":    expected["backends.yaml"],
		"aigw-openai.yaml": expected["aigw-openai.yaml"],
	}, tree(t, pkg), "kpt fn eval result")
}

// TestKustomizeNeedsBothFlags pins the trap docs/kustomize.md warns about:
// without --enable-exec kustomize skips the function silently (exit 0, no
// generated objects); without any flag it refuses with a clear error.
func TestKustomizeNeedsBothFlags(t *testing.T) {
	t.Parallel()
	ws := workspace(t, "examples/openai")
	dir := filepath.Join(ws, "examples/openai")
	stdout, _, code := tooltest.Run(t, t.TempDir(), toolEnv(ws), tooltest.Kustomize(t), "build", "--enable-alpha-plugins", dir)
	assert.Equal(t, 0, code)
	assert.Empty(t, stdout, "kustomize changed: update docs/kustomize.md")
	_, stderr, code := tooltest.Run(t, t.TempDir(), toolEnv(ws), tooltest.Kustomize(t), "build", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "external plugins disabled")
}
