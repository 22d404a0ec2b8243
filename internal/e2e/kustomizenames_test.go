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

// kustomizeDir writes files into a fresh directory with the project's
// kustomize name-reference configuration next to them.
func kustomizeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	conf, err := os.ReadFile(filepath.Join(tooltest.RepoRoot(t), "kustomizeconfig", "aigw-backend.yaml"))
	require.NoError(t, err)
	files["aigw-backend.yaml"] = string(conf)
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	return dir
}

func specWith(auth string) string {
	return "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n  name: openai\n  namespace: ai-gateway\n  annotations:\n" +
		"    config.kubernetes.io/local-config: \"true\"\n    config.kubernetes.io/function: |\n      exec:\n        path: " + fnBin + "\n" +
		"spec:\n  provider: openai\n  auth:\n    " + auth + "\n"
}

// TestKustomizePrefixAdoptsHandWritten: with namePrefix and the spec under
// transformers: in the same kustomization, kustomize renames the
// hand-written Backend before the function sees it (recording
// internal.config.kubernetes.io/previousNames); the function adopts it
// under its original name instead of appending a second, unprefixed
// Backend, and kustomize points every reference at it.
func TestKustomizePrefixAdoptsHandWritten(t *testing.T) {
	t.Parallel()
	dir := kustomizeDir(t, map[string]string{
		"kustomization.yaml": "namePrefix: team-\nresources: [backends.yaml]\ntransformers: [aibackendspec.yaml]\nconfigurations: [aigw-backend.yaml]\n",
		"backends.yaml": "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: openai\n  namespace: ai-gateway\n  labels: {team: a}\n" +
			"spec:\n  endpoints:\n  - fqdn: {hostname: old.example.com, port: 443}\n",
		"aibackendspec.yaml": specWith("secretRef: {name: openai-api-key}"),
	})
	stdout, stderr, code := tooltest.Run(t, t.TempDir(), nil, tooltest.Kustomize(t), "build", "--enable-alpha-plugins", "--enable-exec", dir)
	require.Equal(t, 0, code, "stderr: %s", stderr)
	objs := parseObjects(t, stdout, "kustomize build")
	var backends []object
	for _, o := range objs {
		if o.node.GetKind() == "Backend" {
			backends = append(backends, o)
		}
	}
	require.Len(t, backends, 1, "one Backend, the adopted one:\n%s", stdout)
	assert.Equal(t, "team-openai", backends[0].node.GetName())
	assert.Contains(t, stdout, "hostname: api.openai.com", "the adopted Backend is patched")
	assert.Contains(t, stdout, "team: a", "and keeps its own fields")
	assert.NotContains(t, stdout, "old.example.com")
	// every reference to the Backend names the adopted one
	assert.Equal(t, 2, strings.Count(stdout, "name: team-openai\n")-1, "backendRef and the TLS policy's targetRef:\n%s", stdout)
}

// TestKustomizeCrossNamespaceSecretRef pins what docs/kustomize.md says:
// kustomize's name-reference pass only matches objects in the referrer's
// namespace (api/filters/nameref sameCurrentNamespaceAsReferrer), so a
// secretRef to a secretGenerator Secret in another namespace keeps the
// unhashed name whatever the configuration; the Secret generated without
// a hash suffix (options.disableNameSuffixHash) is found.
func TestKustomizeCrossNamespaceSecretRef(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, options, wantRef string
	}{
		{"hashed Secret: the reference dangles", "", "name: openai-key\n"},
		{"no hash suffix: the reference holds", "  options: {disableNameSuffixHash: true}\n", "name: openai-key\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := kustomizeDir(t, map[string]string{
				"kustomization.yaml": "generators: [aibackendspec.yaml]\nconfigurations: [aigw-backend.yaml]\nsecretGenerator:\n- name: openai-key\n  namespace: secrets\n  literals: [apiKey=x]\n" + c.options,
				"aibackendspec.yaml": specWith("secretRef: {name: openai-key, namespace: secrets}"),
			})
			stdout, stderr, code := tooltest.Run(t, t.TempDir(), nil, tooltest.Kustomize(t), "build", "--enable-alpha-plugins", "--enable-exec", dir)
			require.Equal(t, 0, code, "stderr: %s", stderr)
			var secretName string
			for _, o := range parseObjects(t, stdout, "kustomize build") {
				if o.node.GetKind() == "Secret" {
					secretName = o.node.GetName()
				}
			}
			require.NotEmpty(t, secretName)
			assert.Contains(t, stdout, "secretRef:\n      name: openai-key\n      namespace: secrets\n")
			if c.options == "" {
				assert.NotEqual(t, "openai-key", secretName, "the generated Secret is hashed, the reference is not rewritten")
			} else {
				assert.Equal(t, "openai-key", secretName)
			}
		})
	}
}

// TestSpecThroughKptStdinStays: the spec piped through `kpt fn eval -` as
// the only item and as --fn-config is the user's own object, not
// kustomize's copy of a generator config: it stays in the output next to
// the generated objects, and a kustomize resource that is also listed as
// a transformer stays too.
func TestSpecThroughKptStdinStays(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n  name: openai\n  namespace: ai-gateway\nspec:\n  provider: openai\n  auth: {secretRef: {name: openai-api-key}}\n"
	f := filepath.Join(dir, "spec.yaml")
	require.NoError(t, os.WriteFile(f, []byte(spec), 0o644))
	stdout, stderr, code := tooltest.Run(t, dir, nil, "sh", "-c",
		`cat spec.yaml | "$0" fn eval - --exec "$1" --fn-config spec.yaml -o unwrap`, tooltest.Kpt(t), fnBin)
	require.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, 1, strings.Count(stdout, "kind: AIBackendSpec"), "%s", stdout)
	assert.Equal(t, 1, strings.Count(stdout, "\nkind: Backend\n"), "%s", stdout)

	kdir := kustomizeDir(t, map[string]string{
		"kustomization.yaml": "resources: [aibackendspec.yaml]\ntransformers: [aibackendspec.yaml]\n",
		"aibackendspec.yaml": strings.Replace(specWith("secretRef: {name: openai-api-key}"), "    config.kubernetes.io/local-config: \"true\"\n", "", 1),
	})
	stdout, stderr, code = tooltest.Run(t, t.TempDir(), nil, tooltest.Kustomize(t), "build", "--enable-alpha-plugins", "--enable-exec", kdir)
	require.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, 1, strings.Count(stdout, "kind: AIBackendSpec"), "%s", stdout)
}
