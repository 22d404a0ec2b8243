package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/crdvalidate"
)

// lintWarnings are the warnings examples/lint-hand-written must draw: one
// per mistake in handwritten.yaml, as "Kind/name field-path".
var lintWarnings = []string{
	"AIServiceBackend/claude spec.schema.version",
	"BackendTLSPolicy/claude-tls apiVersion",
	"BackendTLSPolicy/claude-tls spec.validation.hostname",
	"BackendSecurityPolicy/claude-key spec.type",
	"BackendSecurityPolicy/claude-key spec.targetRefs[0]",
	"BackendSecurityPolicy/claude-key-team-b spec.targetRefs[0]",
	"Secret/claude-key data",
	"AIServiceBackend/vllm spec.backendRef",
}

// TestLintKustomize: under kustomize the lint warnings reach stderr (one
// line each, with the field path and the object), the build succeeds and
// the hand-written objects come out unchanged.
func TestLintKustomize(t *testing.T) {
	ws := workspace(t, "examples/lint-hand-written")
	dir := filepath.Join(ws, "examples", "lint-hand-written")
	stdout, stderr, code := runKustomize(t, ws, dir)
	require.Equal(t, 0, code, "kustomize build failed:\n%s", stderr)
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "warning: ") {
			lines = append(lines, l)
		}
	}
	require.Len(t, lines, len(lintWarnings), "stderr:\n%s", stderr)
	for i, w := range lintWarnings {
		kind, rest, _ := strings.Cut(w, "/")
		name, path, _ := strings.Cut(rest, " ")
		assert.True(t, strings.HasPrefix(lines[i], "warning: "+path+": "), "line %d: %s", i, lines[i])
		assert.True(t, strings.HasSuffix(lines[i], " ("+kind+" ai-gateway/"+name+")"), "line %d: %s", i, lines[i])
	}

	// the hand-written objects pass through unchanged
	in := semantic(t, parseObjects(t, readFile(t, filepath.Join(dir, "handwritten.yaml")), "handwritten.yaml"))
	out := semantic(t, parseObjects(t, stdout, "kustomize output"))
	for id, obj := range in {
		assert.Equal(t, obj, out[id], "%s changed", id)
	}
}

// TestLintKpt: under kpt the same warnings are results in results.yaml
// (severity warning, field path, file), the render succeeds and
// handwritten.yaml is byte for byte what it was.
func TestLintKpt(t *testing.T) {
	ws := workspace(t, "examples/lint-hand-written")
	pkg := filepath.Join(ws, "examples", "lint-hand-written", "kpt")
	before := readFile(t, filepath.Join(pkg, "handwritten.yaml"))
	_, stderr, code, results := runKptRender(t, ws, ws, filepath.Join("examples", "lint-hand-written", "kpt"))
	require.Equal(t, 0, code, "kpt fn render failed:\n%s", stderr)
	rl := readResults(t, results)
	items, err := rl.Pipe(yaml.Lookup("items"))
	require.NoError(t, err)
	els, err := items.Elements()
	require.NoError(t, err)
	require.Len(t, els, 1)
	res, err := els[0].Pipe(yaml.Lookup("results"))
	require.NoError(t, err)
	require.NotNil(t, res, "no results in results.yaml")
	rs, err := res.Elements()
	require.NoError(t, err)
	var got []string
	for _, r := range rs {
		assert.Equal(t, "warning", fieldString(t, r, "severity"))
		assert.Equal(t, "handwritten.yaml", fieldString(t, r, "file", "path"))
		assert.NotEmpty(t, fieldString(t, r, "message"))
		got = append(got, fieldString(t, r, "resourceRef", "kind")+"/"+fieldString(t, r, "resourceRef", "name")+" "+fieldString(t, r, "field", "path"))
	}
	assert.Equal(t, lintWarnings, got)
	assert.Equal(t, before, readFile(t, filepath.Join(pkg, "handwritten.yaml")), "handwritten.yaml was modified")
}

// TestLintExampleIsWrong: the hand-written objects of the lint example
// carry real mistakes: the pinned upstream CRDs refuse two of them
// outright (the Service backendRef, the v1alpha3 BackendTLSPolicy on
// standard-channel CRDs); the others are accepted by the API server and
// only fail at run time, which is why the function warns about them.
func TestLintExampleIsWrong(t *testing.T) {
	v, dir, err := crdvalidate.LoadDefault()
	require.NoError(t, err, "loading the CRDs (%s)", dir)
	data := readFile(t, filepath.Join(examplesDir(t), "lint-hand-written", "handwritten.yaml"))
	rs, err := v.ValidateYAML([]byte(data), crdvalidate.CoreKinds...)
	require.NoError(t, err)
	require.Error(t, rs.Err())
	msg := rs.Err().Error()
	assert.Contains(t, msg, "AIServiceBackend ai-gateway/vllm is invalid: spec.backendRef")
	assert.Contains(t, msg, "v1alpha3 of BackendTLSPolicy is not served")
}
