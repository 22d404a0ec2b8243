package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// offlineRecipe reads the offline kubeconform command of docs/editors.md
// (the lines after "# offline, in a clone") as arguments, so the test runs
// what the docs say. It only understands the doc's own shell: single
// quotes and line continuations.
func offlineRecipe(t *testing.T) []string {
	t.Helper()
	doc := readFile(t, filepath.Join(tooltest.RepoRoot(t), "docs", "editors.md"))
	_, after, ok := strings.Cut(doc, "# offline, in a clone")
	require.True(t, ok, "docs/editors.md has no offline kubeconform recipe")
	_, after, _ = strings.Cut(after, "\n")
	cmd, _, _ := strings.Cut(after, "\n```")
	cmd = strings.ReplaceAll(cmd, "\\\n", " ")
	var args []string
	for _, f := range strings.Fields(cmd) {
		args = append(args, strings.Trim(f, "'"))
	}
	require.Equal(t, "kubeconform", args[0])
	require.Equal(t, "examples/", args[len(args)-1])
	return args[1 : len(args)-1]
}

// TestKubeconformRecipe: the docs' offline kubeconform command passes on
// every example and on a base laid out as docs/kustomize.md says (spec,
// copied name-reference configuration, the Component folder, a check),
// validates the specs for real (Valid > 0), and fails on a wrong provider
// naming the allowed values (the negative control).
func TestKubeconformRecipe(t *testing.T) {
	kc := tooltest.Kubeconform(t)
	args := offlineRecipe(t)
	ws := workspace(t, "examples", "kustomizeconfig", "schemas")
	run := func(dir string) (string, int) {
		out, stderr, code := tooltest.Run(t, ws, nil, kc, append(args, dir)...)
		return out + stderr, code
	}
	out, code := run("examples/")
	t.Logf("kubeconform on examples/:\n%s", lastLine(out))
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "Invalid: 0, Errors: 0")
	assert.NotContains(t, out, "Valid: 0,")

	base := filepath.Join(ws, "base")
	require.NoError(t, os.MkdirAll(base, 0o755))
	copyDir(t, filepath.Join(ws, "kustomizeconfig"), filepath.Join(base, "aigw-kustomizeconfig"))
	files := map[string]string{
		"kustomization.yaml": "configurations: [aigw-backend.yaml]\ngenerators: [openai.yaml]\ntransformers: [check.yaml]\n",
		"aigw-backend.yaml":  readFile(t, filepath.Join(ws, "kustomizeconfig", "aigw-backend.yaml")),
		"openai.yaml":        "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n  name: openai\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\nspec:\n  provider: openai\n  auth: {secretRef: {name: openai-api-key}}\n",
		"check.yaml":         "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendCheck\nmetadata: {name: check}\n",
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(base, name), []byte(text), 0o644))
	}
	out, code = run("base/")
	t.Logf("kubeconform on a base:\n%s", lastLine(out))
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "Valid: 1,")

	require.NoError(t, os.WriteFile(filepath.Join(base, "openai.yaml"), []byte(strings.Replace(files["openai.yaml"], "provider: openai", "provider: opneai", 1)), 0o644))
	out, code = run("base/")
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "/spec/provider")
	assert.Contains(t, out, "'openai'", "the message names the allowed values")
	assert.NotContains(t, out, "anyOf")
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
