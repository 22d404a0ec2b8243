package tooltest

import (
	"fmt"
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
	if testing.Short() {
		t.Skip("runs the pinned tool; skipped with -short (make check builds no tools, make test does)")
	}
	stdout, stderr, code := Run(t, RepoRoot(t), nil, Kustomize(t), "version")
	require.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "v5.8.2", strings.TrimSpace(stdout))
}

func TestKptRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pinned tool; skipped with -short (make check builds no tools, make test does)")
	}
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

// recTB records Skipf/Fatalf instead of stopping the test, so the
// missing-binary policy can be checked both ways in one test.
type recTB struct {
	testing.TB
	skipped, failed string
}

func (r *recTB) Helper()                           {}
func (r *recTB) Skipf(format string, args ...any)  { r.skipped = fmt.Sprintf(format, args...) }
func (r *recTB) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestMissingBinaryPolicy(t *testing.T) {
	root := RepoRoot(t)
	missing := filepath.Join(t.TempDir(), "kpt")
	cases := []struct {
		name        string
		ci          string
		envValue    string // AIGW_KPT; "" = unset, so bin/kpt of an empty root is looked up
		wantSkip    bool
		wantFail    bool
		wantMessage string
	}{
		{name: "fresh clone skips", wantSkip: true, wantMessage: "make tools"},
		{name: "fresh clone under CI fails", ci: "true", wantFail: true, wantMessage: "CI=true"},
		{name: "CI=false is not CI", ci: "false", wantSkip: true, wantMessage: "make tools"},
		{name: "explicit env pointing nowhere fails", envValue: missing, wantFail: true, wantMessage: "AIGW_KPT=" + missing},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			t.Setenv("AIGW_KPT", tc.envValue)
			// An empty directory with the module's go.mod stands for a fresh
			// clone without bin/.
			clone := t.TempDir()
			gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(clone, "go.mod"), gomod, 0o644))
			t.Chdir(clone)

			rec := &recTB{TB: t}
			Kpt(rec)
			assert.Equal(t, tc.wantSkip, rec.skipped != "", "skipped: %q", rec.skipped)
			assert.Equal(t, tc.wantFail, rec.failed != "", "failed: %q", rec.failed)
			assert.Contains(t, rec.skipped+rec.failed, tc.wantMessage)
		})
	}
}

func TestBackendFromEnv(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "aigw-backend")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755))
	t.Setenv("AIGW_BACKEND_BIN", bin)
	assert.Equal(t, bin, Backend(t))
}
