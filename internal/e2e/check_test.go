package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// The whole-build check (AIBackendCheck, `aigw-backend check`) with the real
// kustomize and kpt, on examples/kustomize-check: a new user's base (OpenAI
// with its key from a secretGenerator, Bedrock in two regions, Azure
// OpenAI, a hand-written AIGatewayRoute) and an overlay with namePrefix and
// namespace.

const checkExample = "examples/kustomize-check"

// checkWorkspace copies the example and kustomizeconfig/; edit (if any)
// rewrites the base's kustomization.
func checkWorkspace(t *testing.T, edit func(string) string) string {
	t.Helper()
	ws := workspace(t, checkExample, "kustomizeconfig")
	if edit != nil {
		k := filepath.Join(ws, checkExample, "base", "kustomization.yaml")
		text := readFile(t, k)
		changed := edit(text)
		require.NotEqual(t, text, changed, "the edit changed nothing")
		require.NoError(t, os.WriteFile(k, []byte(changed), 0o644))
	}
	return ws
}

// withoutComponent drops the name-reference Component from the base.
func withoutComponent(text string) string {
	return strings.Replace(text, "components:\n  - ../../../kustomizeconfig\n", "", 1)
}

// runCheck runs `aigw-backend check build.yaml` on a saved build.
func runCheck(t *testing.T, build string) (string, int) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "build.yaml"), []byte(build), 0o644))
	_, stderr, code := tooltest.Run(t, dir, nil, fnBin, "check", "build.yaml")
	return stderr, code
}

var summary = regexp.MustCompile(`aigw-backend check: (\d+) error\(s\), (\d+) warning\(s\)`)

func counts(t *testing.T, stderr string) (errs, warns string) {
	t.Helper()
	m := summary.FindStringSubmatch(stderr)
	require.NotNil(t, m, "no summary line in:\n%s", stderr)
	return m[1], m[2]
}

// TestCheckNewUserScenario: without the name-reference Component, kustomize
// builds the base and the overlay with exit 0 and `aigw-backend check` on
// the output finds the dangling references (the generator-hashed OpenAI key
// in the base; every backend reference and the route's backendRefs in the
// overlay); with the Component it finds none. The Secrets delivered out of
// band (Bedrock, Azure) are warnings in both.
func TestCheckNewUserScenario(t *testing.T) {
	for _, tc := range []struct {
		name, dir   string
		golden      string // the check's report: examples/kustomize-check/<golden>
		edit        func(string) string
		errs, warns string
		code        int
		mustMention []string
	}{
		{name: "base before", dir: "base", edit: withoutComponent, errs: "1", warns: "3", code: 1, golden: "expected-check-without-component-base.txt",
			mustMention: []string{"spec.apiKey.secretRef: reads Secret ai-gateway/openai-api-key, which is not in the build, but openai-api-key-"}},
		{name: "overlay before", dir: "overlay", edit: withoutComponent, errs: "17", warns: "3", code: 1, golden: "expected-check-without-component-overlay.txt",
			mustMention: []string{"spec.rules[0].backendRefs[0]: names AIServiceBackend ai-prod/openai, which is not in the build",
				"spec.backendRef: names Backend ai-prod/openai", "(AIGatewayRoute ai-prod/prod-chat)"}},
		{name: "base after", dir: "base", errs: "0", warns: "3"},
		{name: "overlay after", dir: "overlay", errs: "0", warns: "3", golden: "expected-check.txt",
			mustMention: []string{"reads Secret ai-prod/azure-openai-client-secret"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ws := checkWorkspace(t, tc.edit)
			build, stderr, code := runKustomize(t, ws, filepath.Join(ws, checkExample, tc.dir))
			require.Equal(t, 0, code, "kustomize itself never notices:\n%s", stderr)
			out, code := runCheck(t, build)
			t.Logf("aigw-backend check on %s:\n%s", tc.name, out)
			if tc.golden != "" {
				goldenFile(t, filepath.Join(tooltest.RepoRoot(t), checkExample, tc.golden), out)
			}
			assert.Equal(t, tc.code, code)
			errs, warns := counts(t, out)
			assert.Equal(t, tc.errs, errs, "errors")
			assert.Equal(t, tc.warns, warns, "warnings")
			for _, s := range tc.mustMention {
				assert.Contains(t, out, s)
			}
			if tc.edit == nil {
				// with the Component the build's references all resolve
				// but the Secrets delivered out of band
				bad, _ := dangling(t, parseObjects(t, build, tc.dir))
				for _, b := range bad {
					assert.Regexp(t, `-> Secret [a-z-]+/(aws-bedrock-credentials|azure-openai-client-secret)$`, b)
				}
			}
		})
	}
}

// TestCheckInsideKustomize: the check as the only transformer of a
// top-level kustomization (examples/kustomize-check/check) and as the last
// transformer in the same kustomization as namePrefix. It returns every
// item unchanged (the build equals the overlay's), reports on stderr, fails
// the build on an error, and reads kustomize's previousNames so that the
// references kustomize has not fixed yet are no false errors.
func TestCheckInsideKustomize(t *testing.T) {
	ws := checkWorkspace(t, nil)
	dir := filepath.Join(ws, checkExample)
	overlay, stderr, code := runKustomize(t, ws, filepath.Join(dir, "overlay"))
	require.Equal(t, 0, code, stderr)
	checked, stderr, code := runKustomize(t, ws, filepath.Join(dir, "check"))
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, overlay, checked, "the check changed the build")
	assert.Equal(t, 3, strings.Count(stderr, "warning: "), stderr)
	assert.Contains(t, stderr, "reads Secret ai-prod/aws-bedrock-credentials")

	t.Run("same kustomization as namePrefix", func(t *testing.T) {
		k := filepath.Join(dir, "overlay", "kustomization.yaml")
		text := readFile(t, k)
		cfg := strings.Replace(readFile(t, filepath.Join(dir, "check", "check.yaml")), "../../../bin", "../../../bin", 1)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "overlay", "check.yaml"), []byte(cfg), 0o644))
		require.NoError(t, os.WriteFile(k, []byte(text+"transformers:\n  - check.yaml\n"), 0o644))
		defer func() { require.NoError(t, os.WriteFile(k, []byte(text), 0o644)) }()
		got, stderr, code := runKustomize(t, ws, filepath.Join(dir, "overlay"))
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, overlay, got)
		assert.NotContains(t, stderr, "error:", "renamed objects must not read as dangling references")
	})

	t.Run("a dangling reference fails the build", func(t *testing.T) {
		route := filepath.Join(dir, "base", "route.yaml")
		text := readFile(t, route)
		require.NoError(t, os.WriteFile(route, []byte(strings.Replace(text, "- name: azure-openai\n", "- name: azure-gpt\n", 1)), 0o644))
		defer func() { require.NoError(t, os.WriteFile(route, []byte(text), 0o644)) }()
		_, stderr, code := runKustomize(t, ws, filepath.Join(dir, "check"))
		assert.NotEqual(t, 0, code)
		assert.Contains(t, stderr, "error: spec.rules[2].backendRefs[0]: names AIServiceBackend ai-prod/azure-gpt, which is not in the build")
		// control: the overlay alone builds fine
		_, stderr, code = runKustomize(t, ws, filepath.Join(dir, "overlay"))
		assert.Equal(t, 0, code, stderr)
	})

	t.Run("spec.secrets error", func(t *testing.T) {
		cfg := filepath.Join(dir, "check", "check.yaml")
		text := readFile(t, cfg)
		require.NoError(t, os.WriteFile(cfg, []byte(strings.Replace(text, "# spec:\n#   secrets: error", "spec:\n  secrets: error", 1)), 0o644))
		defer func() { require.NoError(t, os.WriteFile(cfg, []byte(text), 0o644)) }()
		_, stderr, code := runKustomize(t, ws, filepath.Join(dir, "check"))
		assert.NotEqual(t, 0, code)
		assert.Equal(t, 3, strings.Count(stderr, "error: "), stderr)
	})

	t.Run("validators form is refused by kustomize", func(t *testing.T) {
		k := filepath.Join(dir, "check", "kustomization.yaml")
		text := readFile(t, k)
		require.NoError(t, os.WriteFile(k, []byte(strings.Replace(text, "transformers:", "validators:", 1)), 0o644))
		defer func() { require.NoError(t, os.WriteFile(k, []byte(text), 0o644)) }()
		_, stderr, code := runKustomize(t, ws, filepath.Join(dir, "check"))
		assert.NotEqual(t, 0, code)
		assert.Contains(t, stderr, "validator shouldn't modify the resource map")
	})
}

// TestCheckKptValidator: the AIBackendCheck as a kpt validators: step after
// the generator: it passes on a consistent package and fails `kpt fn
// render` (leaving the package as it was) on a dangling reference.
func TestCheckKptValidator(t *testing.T) {
	ws := workspace(t, "examples/openai")
	pkg := filepath.Join(ws, "examples", "openai", "kpt")
	kf := filepath.Join(pkg, "Kptfile")
	text := readFile(t, kf)
	require.NotContains(t, text, "validators:")
	require.NoError(t, os.WriteFile(kf, []byte(text+"  validators:\n    - exec: aigw-backend\n      configPath: check.yaml\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(pkg, "check.yaml"), []byte(
		"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendCheck\nmetadata:\n  name: check\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\nspec:\n  secrets: ignore\n"), 0o644))
	_, stderr, code, _ := runKptRender(t, ws, pkg, ".")
	require.Equal(t, 0, code, stderr)

	route := "apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIGatewayRoute\nmetadata: {name: chat, namespace: ai-gateway}\nspec:\n  rules:\n  - backendRefs:\n    - name: open-ai\n"
	require.NoError(t, os.WriteFile(filepath.Join(pkg, "route.yaml"), []byte(route), 0o644))
	_, stderr, code, results := runKptRender(t, ws, pkg, ".")
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr, "names AIServiceBackend ai-gateway/open-ai, which is not in the build")
	assert.Contains(t, readFile(t, filepath.Join(results, "results.yaml")), "spec.rules[0].backendRefs[0]")
	assert.Equal(t, route, readFile(t, filepath.Join(pkg, "route.yaml")))
}

// TestQuotaPolicyFollowsRenames: a hand-written QuotaPolicy's targetRefs
// follow namePrefix with the name-reference Component (the check finds
// nothing), and dangle without it (the check reports the QuotaPolicy).
func TestQuotaPolicyFollowsRenames(t *testing.T) {
	for _, withComponent := range []bool{true, false} {
		ws := workspace(t, "kustomizeconfig")
		dir := filepath.Join(ws, "examples", "quota")
		require.NoError(t, os.MkdirAll(dir, 0o755))
		k := "namePrefix: team-\ngenerators: [openai.yaml]\nresources: [quota.yaml]\n"
		if withComponent {
			k = "components: [../../kustomizeconfig]\n" + k
		}
		files := map[string]string{
			"kustomization.yaml": k,
			"openai.yaml":        "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n  name: openai\n  namespace: ai\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n    config.kubernetes.io/function: |\n      exec:\n        path: ../../bin/aigw-backend\nspec:\n  provider: openai\n  auth: {secretRef: {name: key}}\n",
			"quota.yaml":         "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: QuotaPolicy\nmetadata: {name: quota, namespace: ai}\nspec:\n  targetRefs:\n  - {group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: openai}\n",
		}
		for name, text := range files {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
		}
		build, stderr, code := runKustomize(t, ws, dir)
		require.Equal(t, 0, code, stderr)
		out, code := runCheck(t, build)
		if withComponent {
			assert.Contains(t, build, "    kind: AIServiceBackend\n    name: team-openai\n", "the QuotaPolicy's targetRef is renamed")
			assert.Equal(t, 0, code, out)
		} else {
			assert.Equal(t, 1, code, out)
			assert.Contains(t, out, "spec.targetRefs[0]: names AIServiceBackend ai/openai, which is not in the build")
			assert.Contains(t, out, "(QuotaPolicy ai/team-quota)")
		}
	}
}
