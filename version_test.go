package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

func TestResolveVersion(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	cases := []struct {
		name    string
		stamped string
		info    *debug.BuildInfo
		ok      bool
		want    string
	}{
		{name: "ldflags stamp wins over the build info", stamped: "v1.2.3", ok: true,
			info: &debug.BuildInfo{Main: debug.Module{Version: "v9.9.9"}, Settings: vcs(rev, "true")}, want: "v1.2.3"},
		{name: "go install module@version", ok: true,
			info: &debug.BuildInfo{Main: debug.Module{Path: "github.com/aigw-dev/aigw-backend", Version: "v0.3.1"}}, want: "v0.3.1"},
		{name: "go build in a git checkout (Go 1.24+ pseudo-version)", ok: true,
			info: &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202051233-0123456789ab+dirty"}, Settings: vcs(rev, "true")},
			want: "v0.0.0-20261202051233-0123456789ab+dirty"},
		{name: "devel build with clean VCS info", ok: true,
			info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "false")}, want: "dev-0123456789ab"},
		{name: "devel build with local changes", ok: true,
			info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "true")}, want: "dev-0123456789ab-dirty"},
		{name: "short revision kept whole", ok: true,
			info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("abc", "false")}, want: "dev-abc"},
		{name: "devel build without VCS info (-buildvcs=false, go test)", ok: true,
			info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, want: "dev"},
		{name: "empty main version", ok: true, info: &debug.BuildInfo{}, want: "dev"},
		{name: "no build info", ok: false, want: "dev"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, resolveVersion(tc.stamped, tc.info, tc.ok))
		})
	}
}

// TestVersionBuilt builds the real binary the two ways a user gets one
// outside `go install`: a release build stamped with -ldflags, and a plain
// `go build` in a git checkout (version from the VCS stamp of the build info).
func TestVersionBuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary twice; skipped with -short")
	}
	gitRev := func(t *testing.T) string {
		// cmd/go looks for a .git directory; a git worktree has a .git file
		// and gets no VCS stamp at all.
		if fi, err := os.Stat(".git"); err != nil || !fi.IsDir() {
			tooltest.Missing(t, "no .git directory here (a git worktree or an exported tree): go build stamps no VCS info")
		}
		out, err := exec.Command("git", "rev-parse", "HEAD").Output()
		if err != nil {
			tooltest.Missing(t, "not a git checkout or no git (%v): the VCS stamp cannot be tested", err)
		}
		return strings.TrimSpace(string(out))
	}
	cases := []struct {
		name  string
		flags []string
		want  func(t *testing.T) string // substring of the --version output
	}{
		{name: "ldflags", flags: []string{"-ldflags", "-X main.version=v7.8.9-test"},
			want: func(*testing.T) string { return "aigw-backend v7.8.9-test\n" }},
		{name: "vcs stamp", flags: []string{"-buildvcs=true"},
			want: func(t *testing.T) string { return gitRev(t)[:12] }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want(t)
			bin := filepath.Join(t.TempDir(), "aigw-backend")
			args := append([]string{"build", "-o", bin}, tc.flags...)
			runGo(t, ".", nil, append(args, ".")...)
			out, err := exec.Command(bin, "--version").Output()
			require.NoError(t, err)
			assert.Contains(t, string(out), want)
			assert.True(t, strings.HasPrefix(string(out), "aigw-backend "), "%q", out)
		})
	}
}

// TestVersionGoInstall proves the `go install github.com/aigw-dev/aigw-backend@vX.Y.Z`
// path end to end: it serves this checkout as a version v0.99.0-test.N from a
// file:// module proxy (the layout proxy.golang.org serves: list, .info, .mod,
// .zip) and runs the real `go install` against it, without any -ldflags.
// (Tagged versions use the same path; the pre-release suffix only keeps the
// test's version apart from real ones.)
// Dependencies still come from the module cache or the usual GOPROXY.
func TestVersionGoInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the module from a local proxy; skipped with -short")
	}
	const mod = "github.com/aigw-dev/aigw-backend"
	// A version of its own per run: the module cache is shared (with other
	// checkouts too) and would otherwise serve an earlier run's source. The
	// cleanup removes it from the cache again.
	ver := fmt.Sprintf("v0.99.0-test.%d", time.Now().UnixNano())
	modcache := strings.TrimSpace(runGo(t, ".", nil, "env", "GOMODCACHE"))
	t.Cleanup(func() { removeFromModCache(t, modcache, mod, ver) })
	files, err := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		tooltest.Missing(t, "not a git checkout or no git (%v): cannot list the module's files", err)
	}
	proxy := t.TempDir()
	dir := filepath.Join(proxy, filepath.FromSlash(mod), "@v")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	gomod, err := os.ReadFile("go.mod")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "list"), []byte(ver+"\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ver+".info"), []byte(`{"Version":"`+ver+`","Time":"2026-01-01T00:00:00Z"}`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ver+".mod"), gomod, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ver+".zip"), moduleZip(t, mod+"@"+ver, strings.Fields(string(files))), 0o644))

	gobin := t.TempDir()
	goproxy := runGo(t, ".", nil, "env", "GOPROXY")
	env := []string{
		"GOBIN=" + gobin,
		"GOPROXY=file://" + filepath.ToSlash(proxy) + "," + strings.TrimSpace(goproxy),
		"GONOSUMDB=" + mod, "GONOSUMCHECK=1", "GOFLAGS=", "GOWORK=off",
	}
	runGo(t, t.TempDir(), env, "install", mod+"@"+ver)
	out, err := exec.Command(filepath.Join(gobin, "aigw-backend"), "--version").Output()
	require.NoError(t, err)
	assert.Equal(t, "aigw-backend "+ver+"\n", string(out))
}

// removeFromModCache deletes one module version that `go install` put into
// the module cache (extracted tree and download cache; both read-only).
func removeFromModCache(t *testing.T, modcache, mod, ver string) {
	t.Helper()
	paths := []string{filepath.Join(modcache, filepath.FromSlash(mod)+"@"+ver)}
	dl, _ := filepath.Glob(filepath.Join(modcache, "cache", "download", filepath.FromSlash(mod), "@v", ver+".*"))
	paths = append(paths, dl...)
	for _, p := range paths {
		_ = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = os.Chmod(path, 0o755)
			}
			return nil
		})
		if err := os.RemoveAll(p); err != nil {
			t.Logf("cleanup of the module cache: %v", err)
		}
	}
}

// moduleZip writes a module zip (every file under prefix "module@version/")
// of the listed files, leaving out nested modules (tools/ has its own go.mod),
// symlinks and files deleted from the working tree, as `go mod download`
// would see a tagged release.
func moduleZip(t *testing.T, prefix string, files []string) []byte {
	t.Helper()
	nested := map[string]bool{}
	for _, f := range files {
		if filepath.Base(f) == "go.mod" && filepath.Dir(f) != "." {
			nested[filepath.Dir(f)] = true
		}
	}
	inNested := func(f string) bool {
		for d := filepath.Dir(f); d != "." && d != "/"; d = filepath.Dir(d) {
			if nested[d] {
				return true
			}
		}
		return false
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		fi, err := os.Lstat(f)
		if err != nil || !fi.Mode().IsRegular() || inNested(f) {
			continue
		}
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		w, err := zw.Create(prefix + "/" + filepath.ToSlash(f))
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// runGo runs the go command in dir with extra env and returns its stdout; a
// failure fails the test with the command's output.
func runGo(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "go %s\n%s", strings.Join(args, " "), stderr.String())
	return stdout.String()
}
