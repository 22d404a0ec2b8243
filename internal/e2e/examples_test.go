package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// packageExamples have both forms: kustomize (kustomization.yaml +
// expected.yaml at the top) and kpt (kpt/ + expected-kpt/).
var packageExamples = []string{
	"openai", "anthropic", "aws-bedrock", "azure-openai", "gcp-vertex-ai",
	"in-cluster-ollama", "gemini", "mutations", "patch-existing", "multi-backend",
	"more-providers", "aws-bedrock-multi-region", "credential-override",
	"lint-hand-written",
}

// otherExamples are recipes with their own layout (each has a README.md and
// is covered by its own test).
var otherExamples = []string{"kustomize-overlay", "kustomize-transformer", "argocd", "config-sync", "kustomize-name-references", "kustomize-check"}

// TestExamplesAreComplete checks the layout every example promises, so an
// example cannot silently lose its test: every top-level folder is known,
// has a README, every kustomization has its expected output, every kpt
// package its expected rendering, and both forms of one example describe
// the same backend.
func TestExamplesAreComplete(t *testing.T) {
	ex := examplesDir(t)
	entries, err := os.ReadDir(ex)
	require.NoError(t, err)
	known := map[string]bool{}
	for _, n := range append(append([]string{}, packageExamples...), otherExamples...) {
		known[n] = true
	}
	for _, e := range entries {
		if e.IsDir() {
			assert.True(t, known[e.Name()], "examples/%s is not listed in internal/e2e (packageExamples or otherExamples), so nothing would test it", e.Name())
			mustExist(t, filepath.Join(ex, e.Name(), "README.md"))
		}
	}
	for _, n := range packageExamples {
		dir := filepath.Join(ex, n)
		mustExist(t, filepath.Join(dir, "kustomization.yaml"), filepath.Join(dir, "kpt", "Kptfile"))
	}
	if updatingGolden(t) {
		return // this run writes the expected files checked below
	}
	for _, n := range packageExamples {
		dir := filepath.Join(ex, n)
		mustExist(t, filepath.Join(dir, "expected.yaml"), filepath.Join(dir, "expected-kpt", "Kptfile"))
	}
	for _, dir := range kustomizeDirs(t) {
		mustExist(t, filepath.Join(ex, dir, "expected.yaml"))
	}
	for _, dir := range kptDirs(t) {
		mustExist(t, filepath.Join(ex, filepath.Dir(dir), "expected-kpt"))
	}
}

// TestExampleConventions checks what makes an example work when copied:
// specs are local-config; kustomize specs name the function by a relative
// path or a bare name; Kptfiles name it by its bare name (kpt resolves exec
// paths against its working directory, see docs/kpt.md); and the kustomize
// and kpt forms of one example carry the same specs and resources.
func TestExampleConventions(t *testing.T) {
	ex := examplesDir(t)
	err := filepath.WalkDir(ex, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") || d.Name() == "kustomization.yaml" || strings.Contains(p, "expected") {
			return err
		}
		if d.Name() == "aigw-backend.yaml" {
			return nil // a copy of kustomizeconfig/aigw-backend.yaml: kustomize configuration, not KRM objects
		}
		for _, o := range parseObjects(t, readFile(t, p), p) {
			if o.node.GetKind() != "AIBackendSpec" {
				continue
			}
			assert.True(t, o.localConfig(), "%s: AIBackendSpec %s must be marked config.kubernetes.io/local-config: \"true\"", p, o.id)
			if fn, ok := o.node.GetAnnotations()["config.kubernetes.io/function"]; ok {
				assert.Regexp(t, `^exec:\n  path: (\.\./)*(bin/)?aigw-backend\n$`, fn, "%s: exec path", p)
				assert.NotContains(t, p, string(filepath.Separator)+"kpt"+string(filepath.Separator),
					"%s: the kpt form needs no config.kubernetes.io/function annotation", p)
			}
		}
		return nil
	})
	require.NoError(t, err)

	for _, dir := range kptDirs(t) {
		kf := parseObjects(t, readFile(t, filepath.Join(ex, dir, "Kptfile")), dir+"/Kptfile")
		require.Len(t, kf, 1)
		mutators, err := kf[0].node.Pipe(yaml.Lookup("pipeline", "mutators"))
		require.NoError(t, err)
		require.NotNil(t, mutators, "%s/Kptfile: no pipeline.mutators", dir)
		els, err := mutators.Elements()
		require.NoError(t, err)
		var execs []string
		for _, m := range els {
			execs = append(execs, yaml.GetValue(m.Field("exec").Value))
		}
		assert.Equal(t, []string{"aigw-backend"}, execs, "%s/Kptfile: run the function by its bare name (on PATH)", dir)
		assert.True(t, kf[0].localConfig(), "%s/Kptfile must be local-config", dir)
	}

	for _, n := range packageExamples {
		t.Run(n, func(t *testing.T) {
			root, kpt := filepath.Join(ex, n), filepath.Join(ex, n, "kpt")
			files, err := os.ReadDir(kpt)
			require.NoError(t, err)
			for _, f := range files {
				if f.Name() == "Kptfile" {
					continue
				}
				kptText := readFile(t, filepath.Join(kpt, f.Name()))
				kustText := readFile(t, filepath.Join(root, f.Name()))
				assert.Equal(t, withoutFunctionAnnotation(t, kustText), withoutFunctionAnnotation(t, kptText),
					"%s and kpt/%s must describe the same objects (only the kustomize form names the function)", f.Name(), f.Name())
			}
		})
	}
}

// withoutFunctionAnnotation returns the objects of a file as comparable
// values without the config.kubernetes.io/function annotation.
func withoutFunctionAnnotation(t testing.TB, text string) map[string]any {
	objs := parseObjects(t, text, "")
	for _, o := range objs {
		if _, ok := o.node.GetAnnotations()["config.kubernetes.io/function"]; ok {
			require.NoError(t, o.node.PipeE(yaml.ClearAnnotation("config.kubernetes.io/function")))
		}
	}
	return semantic(t, objs)
}

// kustomizeDirs lists every directory under examples/ with a
// kustomization.yaml that is not a Component, relative to examples/.
func kustomizeDirs(t testing.TB) []string {
	t.Helper()
	var dirs []string
	ex := examplesDir(t)
	err := filepath.WalkDir(ex, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() != "kustomization.yaml" {
			return err
		}
		if strings.Contains(readFile(t, p), "kind: Component") {
			return nil
		}
		rel, err := filepath.Rel(ex, filepath.Dir(p))
		dirs = append(dirs, filepath.ToSlash(rel))
		return err
	})
	require.NoError(t, err)
	sort.Strings(dirs)
	require.NotEmpty(t, dirs)
	return dirs
}

// kptDirs lists every examples/<name>/kpt package, relative to examples/.
func kptDirs(t testing.TB) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(examplesDir(t), "*", "kpt", "Kptfile"))
	require.NoError(t, err)
	var dirs []string
	for _, m := range matches {
		rel, err := filepath.Rel(examplesDir(t), filepath.Dir(m))
		require.NoError(t, err)
		dirs = append(dirs, filepath.ToSlash(rel))
	}
	sort.Strings(dirs)
	return dirs
}

// TestKustomize builds every kustomization under examples/ exactly as a
// user would — kustomize build --enable-alpha-plugins --enable-exec DIR —
// from an unrelated working directory, and compares with expected.yaml.
// Covers generators, the transformer over resources (patch-existing) and
// over a base (kustomize-transformer), and an overlay whose base runs the
// generator with a path relative to the base (kustomize-overlay).
func TestKustomize(t *testing.T) {
	for _, dir := range kustomizeDirs(t) {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			top := "examples/" + strings.SplitN(dir, "/", 2)[0]
			// kustomizeconfig/ too: examples list it as a Component
			ws := workspace(t, top, "kustomizeconfig")
			stdout, stderr, code := runKustomize(t, ws, filepath.Join(ws, "examples", dir))
			require.Equal(t, 0, code, "kustomize build failed:\n%s", stderr)
			objs := parseObjects(t, stdout, "kustomize output")
			assertUnique(t, objs, dir)
			assertClean(t, objs, dir)
			goldenFile(t, filepath.Join(examplesDir(t), dir, "expected.yaml"), stdout)
		})
	}
}

// TestKpt renders every kpt package form (examples/<name>/kpt) with
// `kpt fn render --allow-exec` in a copy and compares the whole package with
// examples/<name>/expected-kpt/. The Kptfile runs the function by its bare
// name, so PATH holds the binary; the first render runs from the copy's
// repository root, the second from inside the package, proving the working
// directory does not matter. The second render must change nothing (no
// duplicates, no diff).
func TestKpt(t *testing.T) {
	for _, dir := range kptDirs(t) {
		name := filepath.Dir(dir)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ws := workspace(t, "examples/"+name)
			pkg := filepath.Join(ws, "examples", dir)

			_, stderr, code, results := runKptRender(t, ws, ws, filepath.Join("examples", dir))
			require.Equal(t, 0, code, "kpt fn render failed:\n%s", stderr)
			assert.Equal(t, "0", fieldString(t, readResults(t, results), "exitCode"))
			first := tree(t, pkg)
			objs := packageObjects(t, first)
			assertUnique(t, objs, dir)
			for _, o := range objs {
				for k := range o.node.GetAnnotations() {
					assert.False(t, strings.HasPrefix(k, "internal.config.kubernetes.io/"), "%s: %s leaked into the files", k, o.id)
				}
			}
			goldenTree(t, filepath.Join(examplesDir(t), name, "expected-kpt"), first)

			_, stderr, code, _ = runKptRender(t, ws, pkg, ".")
			require.Equal(t, 0, code, "second kpt fn render failed:\n%s", stderr)
			assertSameTree(t, first, tree(t, pkg), "rendering twice")
		})
	}
}

// TestKustomizeAndKptAgree: both forms of an example produce the same
// objects (kpt additionally keeps the Kptfile and the local-config specs in
// the package, and comments; formatting and order differ).
func TestKustomizeAndKptAgree(t *testing.T) {
	if updatingGolden(t) {
		t.Skip("AIGW_UPDATE_GOLDEN=1: the expected files are being rewritten; run again to compare them")
	}
	ex := examplesDir(t)
	for _, n := range packageExamples {
		t.Run(n, func(t *testing.T) {
			kust := parseObjects(t, readFile(t, filepath.Join(ex, n, "expected.yaml")), "expected.yaml")
			var kpt []object
			for _, o := range packageObjects(t, tree(t, filepath.Join(ex, n, "expected-kpt"))) {
				if !o.localConfig() {
					kpt = append(kpt, o)
				}
			}
			assert.Equal(t, semantic(t, kust), semantic(t, kpt))
		})
	}
}
