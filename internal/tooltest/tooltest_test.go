package tooltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRepoRoot(t *testing.T) {
	root := RepoRoot(t)
	require.FileExists(t, filepath.Join(root, "go.mod"))
	assert.Equal(t, ModulePath, modulePath(filepath.Join(root, "go.mod")))
	// tools/ has its own go.mod; it must not be taken for the root.
	assert.NotEqual(t, "tools", filepath.Base(root))
}

func TestModulePath(t *testing.T) {
	dir := t.TempDir()
	for content, want := range map[string]string{
		"module github.com/aigw-dev/aigw-backend\n\ngo 1.26.8\n":   ModulePath,
		"// c\nmodule \"github.com/aigw-dev/aigw-backend\" // x\n": ModulePath,
		"module github.com/aigw-dev/aigw-backend/tools\n":          ModulePath + "/tools",
		"go 1.26.8\n": "",
		"modulex github.com/aigw-dev/aigw-backend\n": "",
	} {
		p := filepath.Join(dir, "go.mod")
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		assert.Equal(t, want, modulePath(p), "go.mod %q", content)
	}
}

func TestKustomizeVersion(t *testing.T) {
	stdout, stderr, code := Run(t, RepoRoot(t), nil, Kustomize(t), "version")
	require.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "v5.8.2", strings.TrimSpace(stdout))
}

func TestKptRuns(t *testing.T) {
	_, stderr, code := Run(t, t.TempDir(), nil, Kpt(t), "fn", "--help")
	require.Equal(t, 0, code, "stderr: %s", stderr)
}

func TestRunExitCode(t *testing.T) {
	stdout, stderr, code := Run(t, "", []string{"AIGW_TOOLTEST_X=42"},
		"/bin/sh", "-c", `echo "out $AIGW_TOOLTEST_X"; echo err >&2; exit 3`)
	assert.Equal(t, "out 42\n", stdout)
	assert.Equal(t, "err\n", stderr)
	assert.Equal(t, 3, code)
}
