// Package e2e runs every example under examples/ with the real tools — the
// pinned kustomize and kpt from `make tools` (internal/tooltest) and the
// aigw-backend binary — and compares the output with the committed expected
// files. It also covers the Argo CD plugin and the Config Sync render script
// the way those systems run them, and the error path under each tool.
//
// Every run works on a copy of the example in a temporary tree laid out like
// the repository (<ws>/examples/<name>, <ws>/bin/aigw-backend), so relative
// exec paths such as ../../bin/aigw-backend resolve exactly as in the
// repository, the examples are proven to be self-contained, and nothing in
// the repository is written (kpt renders in place).
//
// The function binary: $AIGW_BACKEND_BIN if set (the Makefile sets it to
// bin/aigw-backend after `make build`), else TestMain builds it from this
// checkout into a temporary directory, so a plain `go test` never runs a
// stale binary.
//
// Expected files: examples/**/expected.yaml (kustomize build output),
// examples/*/expected-kpt/ (the kpt package after `kpt fn render`),
// examples/config-sync/rendered/manifests.yaml. Rewrite them with
// `make update-golden` (AIGW_UPDATE_GOLDEN=1) and review `git diff examples/`.
package e2e

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// updatingGolden reports whether AIGW_UPDATE_GOLDEN=1 (`make
// update-golden`) asks this run to rewrite the expected files; under CI it
// fails the test (tooltest.UpdatingGolden).
func updatingGolden(t testing.TB) bool {
	t.Helper()
	return tooltest.UpdatingGolden(t)
}

// fnBin is the absolute path of the aigw-backend binary under test.
var fnBin string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	if p := os.Getenv("AIGW_BACKEND_BIN"); p != "" {
		abs, err := filepath.Abs(p)
		if err == nil {
			_, err = os.Stat(abs)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "e2e: AIGW_BACKEND_BIN=%s: %v (run `make build`)\n", p, err)
			return 1
		}
		fnBin = abs
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "aigw-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	fnBin = filepath.Join(dir, "aigw-backend")
	// Same flags as `make build`, so the build cache is shared.
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -X main.version=e2e", "-o", fnBin, ".")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building aigw-backend: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// moduleRoot is the directory of the main module's go.mod (TestMain has no
// testing.TB for tooltest.RepoRoot).
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the module")
	}
	return filepath.Dir(gomod), nil
}

// examplesDir is <repo>/examples.
func examplesDir(t testing.TB) string {
	return filepath.Join(tooltest.RepoRoot(t), "examples")
}

// workspace creates a temporary tree laid out like the repository holding
// <ws>/bin/aigw-backend (the binary under test) and a copy of each given
// path (relative to the repository root, e.g. "examples/openai"). It
// returns <ws>.
func workspace(t testing.TB, paths ...string) string {
	t.Helper()
	ws := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(ws, "bin"), 0o755))
	require.NoError(t, os.Symlink(fnBin, filepath.Join(ws, "bin", "aigw-backend")))
	root := tooltest.RepoRoot(t)
	for _, p := range paths {
		copyDir(t, filepath.Join(root, p), filepath.Join(ws, p))
	}
	return ws
}

// toolEnv puts <ws>/bin first on PATH: the kpt examples (and the Argo CD
// app) name the function by its bare name.
func toolEnv(ws string) []string {
	return []string{"PATH=" + filepath.Join(ws, "bin") + string(os.PathListSeparator) + os.Getenv("PATH")}
}

func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode().Perm())
	})
	require.NoError(t, err, "copying %s", src)
}

// tree reads every file under dir: relative slash path -> content.
func tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	require.NoError(t, err, "reading %s", dir)
	return files
}

// assertSameTree compares two file trees, naming missing, extra and
// different files (with a diff) instead of dumping both maps.
func assertSameTree(t testing.TB, want, got map[string]string, msg string) bool {
	t.Helper()
	ok := true
	for _, name := range sortedKeys(want, got) {
		w, inWant := want[name]
		g, inGot := got[name]
		switch {
		case !inGot:
			t.Errorf("%s: file %s is expected but was not produced", msg, name)
			ok = false
		case !inWant:
			t.Errorf("%s: file %s was produced but is not expected:\n%s", msg, name, g)
			ok = false
		case w != g:
			t.Errorf("%s: %s differs:\n%s", msg, name, diff(w, g))
			ok = false
		}
	}
	return ok
}

func sortedKeys(ms ...map[string]string) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range ms {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// goldenFile compares got with the file at path. AIGW_UPDATE_GOLDEN=1
// rewrites a file that differs and fails the test until it runs again
// (tooltest.Golden).
func goldenFile(t testing.TB, path string, got string) {
	t.Helper()
	if updatingGolden(t) {
		tooltest.Golden(t, path, []byte(got), false)
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing expected file; run `make update-golden` and review the diff")
	if string(want) != got {
		t.Errorf("%s differs from the actual output (run `make update-golden` and review `git diff`):\n%s", path, diff(string(want), got))
	}
}

// goldenTree compares the files under got with the directory at path.
// AIGW_UPDATE_GOLDEN=1 replaces a directory that differs and fails the test
// until it runs again.
func goldenTree(t testing.TB, path string, got map[string]string) {
	t.Helper()
	if updatingGolden(t) {
		if _, err := os.Stat(path); err == nil && reflect.DeepEqual(tree(t, path), got) {
			return
		}
		require.NoError(t, os.RemoveAll(path))
		for name, content := range got {
			p := filepath.Join(path, filepath.FromSlash(name))
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		}
		t.Errorf("%s: updated (AIGW_UPDATE_GOLDEN=1); review the diff and run the tests again without it", path)
		return
	}
	_, err := os.Stat(path)
	require.NoError(t, err, "missing expected directory; run `make update-golden` and review the diff")
	assertSameTree(t, tree(t, path), got, path+" (run `make update-golden` and review `git diff`)")
}

// diff returns a unified diff of want and got (diff(1) is on every CI
// image; without it, both texts).
func diff(want, got string) string {
	dir, err := os.MkdirTemp("", "aigw-e2e-diff-")
	if err == nil {
		defer os.RemoveAll(dir)
		w, g := filepath.Join(dir, "expected"), filepath.Join(dir, "actual")
		if os.WriteFile(w, []byte(want), 0o644) == nil && os.WriteFile(g, []byte(got), 0o644) == nil {
			out, _ := exec.Command("diff", "-u", w, g).CombinedOutput()
			if len(out) > 0 {
				return string(out)
			}
		}
	}
	return fmt.Sprintf("--- expected\n%s\n+++ actual\n%s", want, got)
}

// object is one parsed KRM object.
type object struct {
	id   string // apiVersion kind namespace/name
	node *yaml.RNode
}

func (o object) localConfig() bool {
	return o.node.GetAnnotations()["config.kubernetes.io/local-config"] == "true"
}

// parseObjects reads a YAML stream of KRM objects.
func parseObjects(t testing.TB, data string, what string) []object {
	t.Helper()
	nodes, err := (&kio.ByteReader{Reader: strings.NewReader(data), OmitReaderAnnotations: true}).Read()
	require.NoError(t, err, "%s is not a KRM YAML stream", what)
	objs := make([]object, 0, len(nodes))
	for _, n := range nodes {
		require.NotEmpty(t, n.GetApiVersion(), "%s: object without apiVersion:\n%s", what, n.MustString())
		require.NotEmpty(t, n.GetKind(), "%s: object without kind", what)
		require.NotEmpty(t, n.GetName(), "%s: object without metadata.name", what)
		objs = append(objs, object{id: fmt.Sprintf("%s %s %s/%s", n.GetApiVersion(), n.GetKind(), n.GetNamespace(), n.GetName()), node: n})
	}
	return objs
}

// packageObjects parses every YAML file of a kpt package tree.
func packageObjects(t testing.TB, files map[string]string) []object {
	t.Helper()
	var objs []object
	for _, name := range sortedKeys(files) {
		if name == "Kptfile" || strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") {
			objs = append(objs, parseObjects(t, files[name], name)...)
		}
	}
	return objs
}

// assertUnique fails on two objects with the same apiVersion, kind,
// namespace and name (a generator that appended instead of upserting).
func assertUnique(t testing.TB, objs []object, what string) {
	t.Helper()
	seen := map[string]bool{}
	for _, o := range objs {
		assert.False(t, seen[o.id], "%s: duplicate object %s", what, o.id)
		seen[o.id] = true
	}
}

// assertClean fails on orchestrator annotations or function configs that
// must never reach a cluster.
func assertClean(t testing.TB, objs []object, what string) {
	t.Helper()
	for _, o := range objs {
		assert.NotEqual(t, "AIBackendSpec", o.node.GetKind(), "%s: the AIBackendSpec must not be in the output", what)
		assert.NotEqual(t, "Kptfile", o.node.GetKind(), "%s: the Kptfile must not be in the output", what)
		for k := range o.node.GetAnnotations() {
			for _, prefix := range []string{"config.kubernetes.io/", "internal.config.kubernetes.io/", "config.k8s.io/", "kustomize.config.k8s.io/"} {
				assert.False(t, strings.HasPrefix(k, prefix), "%s: %s carries orchestrator annotation %s", what, o.id, k)
			}
		}
	}
}

// semantic returns the objects as comparable values keyed by id: formatting,
// key order and comments do not matter.
func semantic(t testing.TB, objs []object) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, o := range objs {
		m, err := o.node.Map()
		require.NoError(t, err, o.id)
		out[o.id] = m
	}
	return out
}

func runKustomize(t testing.TB, ws, dir string, args ...string) (string, string, int) {
	t.Helper()
	// An unrelated working directory: kustomize must resolve exec paths
	// against the kustomization's directory, never the caller's.
	full := append([]string{"build", "--enable-alpha-plugins", "--enable-exec", dir}, args...)
	return tooltest.Run(t, t.TempDir(), toolEnv(ws), tooltest.Kustomize(t), full...)
}

// runKpt runs `kpt fn render --allow-exec` on pkg (relative to cwd) with a
// results directory, returning that directory too.
func runKptRender(t testing.TB, ws, cwd, pkg string) (stdout, stderr string, code int, results string) {
	t.Helper()
	results = t.TempDir()
	stdout, stderr, code = tooltest.Run(t, cwd, toolEnv(ws), tooltest.Kpt(t),
		"fn", "render", "--allow-exec", pkg, "--results-dir", results)
	return stdout, stderr, code, results
}

// readResults parses <dir>/results.yaml written by kpt --results-dir.
func readResults(t testing.TB, dir string) *yaml.RNode {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "results.yaml"))
	require.NoError(t, err, "kpt did not write results.yaml")
	n, err := yaml.Parse(string(data))
	require.NoError(t, err)
	require.Equal(t, "FunctionResultList", n.GetKind())
	return n
}

func fieldString(t testing.TB, n *yaml.RNode, path ...string) string {
	t.Helper()
	v, err := n.Pipe(yaml.Lookup(path...))
	require.NoError(t, err)
	if v == nil {
		return ""
	}
	return strings.TrimSpace(v.MustString())
}

// mustExist fails unless every path exists.
func mustExist(t testing.TB, paths ...string) {
	t.Helper()
	for _, p := range paths {
		_, err := os.Stat(p)
		assert.NoError(t, err)
	}
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}
