// Package tooltest gives tests the project's pinned kpt and kustomize
// binaries (built by `make tools` into bin/), the function binary, and a small
// command runner. It is imported by tests only.
//
// Missing prerequisites follow one policy for every test package (e2e,
// tooltest, containertest): a plain `go test ./...` on a fresh clone skips
// the tests that need bin/kpt, bin/kustomize, bin/aigw-backend or a container
// runtime, saying what to run; with CI=true (make test in CI) the same
// situation fails, so CI can never pass by skipping. `make test` builds
// everything first, so it skips nothing.
package tooltest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ModulePath is the module whose go.mod marks the repository root.
const ModulePath = "github.com/aigw-dev/aigw-backend"

// RunTimeout bounds every command started by Run.
const RunTimeout = 2 * time.Minute

const (
	toolsHint   = "run `make tools` first (builds bin/kpt and bin/kustomize; the first build takes minutes)"
	backendHint = "run `make build` first (writes bin/aigw-backend)"
)

// InCI reports whether the tests run under CI (CI=true, as GitHub Actions and
// most CI systems set it), where a missing prerequisite is a failure.
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing reports a missing prerequisite: it skips the test with the reason,
// or fails it when InCI. Every test that needs something built outside
// `go test` goes through here.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true: "+format, args...)
		return
	}
	t.Skipf("skipped: "+format+" (with CI=true this fails)", args...)
}

// Kpt returns the kpt binary: $AIGW_KPT if set, else <repo root>/bin/kpt.
// If it is missing, the test is skipped (failed under CI, see Missing).
func Kpt(t testing.TB) string {
	t.Helper()
	return tool(t, "AIGW_KPT", "kpt", toolsHint)
}

// Kustomize returns the kustomize binary: $AIGW_KUSTOMIZE if set, else
// <repo root>/bin/kustomize; missing, see Missing.
func Kustomize(t testing.TB) string {
	t.Helper()
	return tool(t, "AIGW_KUSTOMIZE", "kustomize", toolsHint)
}

// Kubeconform returns the path of the pinned kubeconform ($AIGW_KUBECONFORM,
// else bin/kubeconform, built by `make tools`).
func Kubeconform(t testing.TB) string {
	t.Helper()
	return tool(t, "AIGW_KUBECONFORM", "kubeconform", "run `make tools` first (builds bin/kubeconform)")
}

// SBOMGen returns the SBOM generator GoReleaser runs ($AIGW_SBOMGEN, else
// bin/cyclonedx-gomod, built by `make release-tools`).
func SBOMGen(t testing.TB) string {
	t.Helper()
	return tool(t, "AIGW_SBOMGEN", "cyclonedx-gomod", "run `make release-tools` first (builds bin/cyclonedx-gomod)")
}

// Backend returns the function binary: $AIGW_BACKEND_BIN if set, else
// <repo root>/bin/aigw-backend; missing, see Missing.
func Backend(t testing.TB) string {
	t.Helper()
	return tool(t, "AIGW_BACKEND_BIN", "aigw-backend", backendHint)
}

// Goreleaser returns the pinned GoReleaser: $AIGW_GORELEASER if set, else
// <repo root>/bin/goreleaser (`make release-tools`); missing, see Missing.
func Goreleaser(t testing.TB) string {
	t.Helper()
	return tool(t, "AIGW_GORELEASER", "goreleaser", "run `make release-tools` first (builds bin/goreleaser; the first build takes minutes)")
}

func tool(t testing.TB, envVar, name, hint string) string {
	t.Helper()
	if p := os.Getenv(envVar); p != "" {
		abs, err := filepath.Abs(p)
		if err == nil {
			err = executable(abs)
		}
		if err != nil {
			// An explicit setting that points nowhere is a mistake, not a
			// fresh clone: always fail.
			t.Fatalf("%s=%s: %v; %s", envVar, p, err, hint)
			return p
		}
		return abs
	}
	p := filepath.Join(RepoRoot(t), "bin", name)
	if err := executable(p); err != nil {
		Missing(t, "%s is not set and %v; %s", envVar, err, hint)
	}
	return p
}

func executable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	if fi.IsDir() || fi.Mode()&0o111 == 0 {
		return errors.New(p + " is not an executable file")
	}
	return nil
}

// RepoRoot returns the directory holding the go.mod of ModulePath, found by
// walking up from the current directory (a test's package directory). Nested
// modules such as tools/ are passed over.
func RepoRoot(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	for dir := wd; ; {
		if modulePath(filepath.Join(dir, "go.mod")) == ModulePath {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod of module %s in %s or its parents", ModulePath, wd)
		}
		dir = parent
	}
}

// modulePath returns the module path declared in the go.mod file at p, or "".
func modulePath(p string) string {
	data, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			if i := strings.Index(rest, "//"); i >= 0 {
				rest = rest[:i]
			}
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// Run runs name with args in dir (the current directory if empty) and returns
// its stdout, stderr and exit code. env entries ("KEY=value") are added to the
// test process's environment. A non-zero exit is returned, not reported;
// failure to start the command or exceeding RunTimeout fails the test.
func Run(t testing.TB, dir string, env []string, name string, args ...string) (stdout, stderr string, exitCode int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), RunTimeout)
	defer cancel()

	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var outBuf, errBuf bytes.Buffer
	cmd.Stdout = &outBuf
	cmd.Stderr = &errBuf

	err := cmd.Run()
	stdout, stderr = outBuf.String(), errBuf.String()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: timed out after %v\nstdout:\n%s\nstderr:\n%s",
			name, strings.Join(args, " "), RunTimeout, stdout, stderr)
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return stdout, stderr, 0
	case errors.As(err, &exitErr):
		return stdout, stderr, exitErr.ExitCode()
	default:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		return stdout, stderr, -1
	}
}
