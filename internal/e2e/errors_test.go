package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// badSpecProblems are the two mistakes in testdata/bad-spec: field path and
// the words of our message that tell the user what to write. Every tool
// must show both (every problem of a spec is reported in one run). The
// assertions are on our message, never on the tool's layout around it.
var badSpecProblems = [][]string{
	{"spec.endpoint.port", "must be between 1 and 65535", "70000"},
	{"spec.schema.prefix", `must start with "/"`, `write "/v1"`},
}

func assertProblems(t testing.TB, text, where string) {
	t.Helper()
	for _, p := range badSpecProblems {
		for _, s := range p {
			assert.Contains(t, text, s, "%s must name the problem", where)
		}
	}
}

// TestErrorKustomize: a bad spec under kustomize gives exit 1, no output on
// stdout, and our messages on stderr (kustomize never prints results).
func TestErrorKustomize(t *testing.T) {
	t.Parallel()
	ws := workspace(t, "internal/e2e/testdata/bad-spec")
	stdout, stderr, code := runKustomize(t, ws, filepath.Join(ws, "internal/e2e/testdata/bad-spec/kustomize"))
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assertProblems(t, stderr, "kustomize stderr")
	assert.Contains(t, stderr, "AIBackendSpec ai-gateway/openai")
}

// TestErrorKptRender: a bad in-package spec under kpt fn render gives exit
// 1, our messages on stderr and as error results in --results-dir, and the
// package is left untouched.
func TestErrorKptRender(t *testing.T) {
	t.Parallel()
	ws := workspace(t, "internal/e2e/testdata/bad-spec")
	pkg := filepath.Join(ws, "internal/e2e/testdata/bad-spec/kpt")
	before := tree(t, pkg)
	_, stderr, code, results := runKptRender(t, ws, ws, pkg)
	assert.Equal(t, 1, code)
	assertProblems(t, stderr, "kpt stderr")
	assertKptResults(t, results, "aibackendspec.yaml")
	assertSameTree(t, before, tree(t, pkg), "package after a failed render")
}

// TestErrorKptEval: the same spec given with `kpt fn eval --fn-config`.
func TestErrorKptEval(t *testing.T) {
	t.Parallel()
	ws := workspace(t, "internal/e2e/testdata/bad-spec")
	pkg := filepath.Join(ws, "internal/e2e/testdata/bad-spec/kpt")
	before := tree(t, pkg)
	results := t.TempDir()
	_, stderr, code := tooltest.Run(t, ws, toolEnv(ws), tooltest.Kpt(t), "fn", "eval", pkg,
		"--exec", "aigw-backend", "--fn-config", filepath.Join(pkg, "aibackendspec.yaml"), "--results-dir", results)
	assert.Equal(t, 1, code)
	assertProblems(t, stderr, "kpt stderr")
	assertKptResults(t, results, "aibackendspec.yaml")
	assertSameTree(t, before, tree(t, pkg), "package after a failed eval")
}

// assertKptResults checks results.yaml: exit code 1 and, for each problem,
// an error result with the field path, our message and the spec's file.
func assertKptResults(t testing.TB, dir, file string) {
	t.Helper()
	rl := readResults(t, dir)
	assert.Equal(t, "1", fieldString(t, rl, "exitCode"))
	items, err := rl.Pipe(yaml.Lookup("items"))
	require.NoError(t, err)
	require.NotNil(t, items, "results.yaml has no items")
	fns, err := items.Elements()
	require.NoError(t, err)
	require.Len(t, fns, 1)
	assert.Equal(t, "1", fieldString(t, fns[0], "exitCode"))
	res, err := fns[0].Pipe(yaml.Lookup("results"))
	require.NoError(t, err)
	require.NotNil(t, res, "no results for the function")
	entries, err := res.Elements()
	require.NoError(t, err)
	for _, p := range badSpecProblems {
		found := false
		for _, e := range entries {
			if fieldString(t, e, "field", "path") != p[0] {
				continue
			}
			found = true
			assert.Equal(t, "error", fieldString(t, e, "severity"))
			assert.Contains(t, fieldString(t, e, "message"), p[1])
			assert.Equal(t, file, filepath.Base(fieldString(t, e, "file", "path")))
		}
		assert.True(t, found, "results.yaml has no result for %s:\n%s", p[0], rl.MustString())
	}
}

// TestErrorArgoCDPlugin: the plugin's generate command on a bad app exits
// non-zero with our messages on stderr, which Argo CD shows in the UI.
func TestErrorArgoCDPlugin(t *testing.T) {
	t.Parallel()
	stdout, stderr, code := runArgoCDGenerate(t, "internal/e2e/testdata/bad-spec/kustomize")
	assert.NotEqual(t, 0, code)
	assert.Empty(t, stdout)
	assertProblems(t, stderr, "plugin stderr")
}

// TestErrorConfigSync: the render script fails with our messages and leaves
// the previously rendered manifests alone.
func TestErrorConfigSync(t *testing.T) {
	t.Parallel()
	ws := workspace(t, "internal/e2e/testdata/bad-spec")
	out := filepath.Join(ws, "rendered")
	require.NoError(t, os.Mkdir(out, 0o755))
	previous := "# the last good rendering\n"
	require.NoError(t, os.WriteFile(filepath.Join(out, "manifests.yaml"), []byte(previous), 0o644))
	_, stderr, code := runRenderScript(t, ws, filepath.Join(ws, "internal/e2e/testdata/bad-spec/kpt"), out)
	assert.Equal(t, 1, code)
	assertProblems(t, stderr, "render-config-sync stderr")
	assert.True(t, strings.Contains(stderr, "was not changed"), stderr)
	assert.Equal(t, previous, readFile(t, filepath.Join(out, "manifests.yaml")))
}
