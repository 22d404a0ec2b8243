package containertest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

const functionAnnotation = "config.kubernetes.io/function"

// testCase is one example input: a directory whose aibackendspec.yaml is an
// AIBackendSpec with an exec function annotation (and, for examples, the
// kustomization.yaml that lists it as a generator).
type testCase struct {
	name string
	dir  string // examples/<name> or testdata/<name>
	spec string // contents of dir/aibackendspec.yaml
}

// cases are examples/openai and examples/anthropic; testdata/<name> stands in
// for an example that does not exist (any more).
func cases(t *testing.T) []testCase {
	t.Helper()
	root := tooltest.RepoRoot(t)
	var out []testCase
	for _, name := range []string{"openai", "anthropic"} {
		dir := filepath.Join(root, "examples", name)
		if _, err := os.Stat(filepath.Join(dir, "aibackendspec.yaml")); err != nil {
			dir = filepath.Join(root, "internal", "containertest", "testdata", name)
			t.Logf("examples/%s/aibackendspec.yaml not found: using %s", name, dir)
		}
		data, err := os.ReadFile(filepath.Join(dir, "aibackendspec.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, testCase{name: name, dir: dir, spec: string(data)})
	}
	return out
}

// resourceList wraps the spec as functionConfig and single item, as kustomize
// sends a generator's config.
func resourceList(t *testing.T, spec string) string {
	t.Helper()
	nodes, err := kio.FromBytes([]byte(spec))
	if err != nil || len(nodes) != 1 {
		t.Fatalf("parse spec: %v (%d objects)", err, len(nodes))
	}
	var b bytes.Buffer
	w := kio.ByteWriter{Writer: &b, FunctionConfig: nodes[0].Copy(), WrappingKind: kio.ResourceListKind, WrappingAPIVersion: kio.ResourceListAPIVersion}
	if err := w.Write(nodes); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// kptEnv selects the container runtime for kpt (beta.56 reads KPT_FN_RUNTIME,
// beta.61 KRM_FN_RUNTIME).
func kptEnv(r *containerRuntime) []string {
	return append([]string{"KPT_FN_RUNTIME=" + r.name, "KRM_FN_RUNTIME=" + r.name}, r.env...)
}

// TestKptEvalImage: `kpt fn eval --image` equals `kpt fn eval --exec`.
func TestKptEvalImage(t *testing.T) {
	r := requireImage(t)
	kpt := tooltest.Kpt(t)
	bin := execBinary(t)
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			pkg := t.TempDir()
			writeFile(t, filepath.Join(pkg, "aibackendspec.yaml"), c.spec)
			cfg := filepath.Join(pkg, "aibackendspec.yaml")
			want, stderr, code := runCmd(t, "", kptEnv(r), "", kpt, "fn", "eval", pkg, "--exec", bin, "--fn-config", cfg, "-o", "unwrap")
			if code != 0 {
				t.Fatalf("kpt fn eval --exec: exit %d: %s", code, stderr)
			}
			got, stderr, code := runCmd(t, "", kptEnv(r), "", kpt, "fn", "eval", pkg, "--image", Image, "--image-pull-policy", "never", "--fn-config", cfg, "-o", "unwrap")
			if code != 0 {
				t.Fatalf("kpt fn eval --image %s: exit %d: %s", Image, code, stderr)
			}
			assertGenerated(t, want)
			if got != want {
				t.Errorf("kpt fn eval: --image output differs from --exec\n--- image\n%s\n--- exec\n%s", got, want)
			}
		})
	}
}

// TestKptRenderImage: a Kptfile pipeline step `image: localhost/aigw-backend:dev`
// renders the same package as the step `exec: bin/aigw-backend`.
func TestKptRenderImage(t *testing.T) {
	r := requireImage(t)
	kpt := tooltest.Kpt(t)
	bin := execBinary(t)
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			pkg := t.TempDir()
			writeFile(t, filepath.Join(pkg, "aibackendspec.yaml"), c.spec)
			kptfile := func(step string) string {
				return "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: " + c.name +
					"\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\npipeline:\n  mutators:\n    - " + step + "\n"
			}
			writeFile(t, filepath.Join(pkg, "Kptfile"), kptfile("exec: "+bin))
			want, stderr, code := runCmd(t, "", kptEnv(r), "", kpt, "fn", "render", pkg, "--allow-exec", "-o", "unwrap")
			if code != 0 {
				t.Fatalf("kpt fn render (exec step): exit %d: %s", code, stderr)
			}
			writeFile(t, filepath.Join(pkg, "Kptfile"), kptfile("image: "+Image))
			got, stderr, code := runCmd(t, "", kptEnv(r), "", kpt, "fn", "render", pkg, "--image-pull-policy", "never", "-o", "unwrap")
			if code != 0 {
				t.Fatalf("kpt fn render (image step): exit %d: %s", code, stderr)
			}
			want, got = withoutKptfile(t, want), withoutKptfile(t, got)
			assertGenerated(t, want)
			if got != want {
				t.Errorf("kpt fn render: image step output differs from exec step\n--- image\n%s\n--- exec\n%s", got, want)
			}
		})
	}
}

// TestKustomizeContainer: the example's kustomization with a `container:`
// function config builds the same as with an `exec:` one. kustomize calls
// `docker run`; with podman a shim directory puts podman first in PATH as docker.
func TestKustomizeContainer(t *testing.T) {
	r := requireImage(t)
	kustomize := tooltest.Kustomize(t)
	bin := execBinary(t)
	var env []string
	if r.name != "docker" {
		shim := t.TempDir()
		if err := os.Symlink(r.path, filepath.Join(shim, "docker")); err != nil {
			t.Fatal(err)
		}
		env = append([]string{"PATH=" + shim + string(os.PathListSeparator) + os.Getenv("PATH")}, r.env...)
	}
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			execDir := copyKustomization(t, c, "exec:\n  path: "+bin+"\n")
			ctrDir := copyKustomization(t, c, "container:\n  image: "+Image+"\n")
			want, stderr, code := runCmd(t, "", nil, "", kustomize, "build", "--enable-alpha-plugins", "--enable-exec", execDir)
			if code != 0 {
				t.Fatalf("kustomize build (exec): exit %d: %s", code, stderr)
			}
			got, stderr, code := runCmd(t, "", env, "", kustomize, "build", "--enable-alpha-plugins", ctrDir)
			if code != 0 {
				t.Fatalf("kustomize build (container %s): exit %d: %s", Image, code, stderr)
			}
			assertGenerated(t, want)
			if got != want {
				t.Errorf("kustomize build: container output differs from exec\n--- container\n%s\n--- exec\n%s", got, want)
			}
		})
	}
}

// copyKustomization copies the case's top-level files to a temp dir (writing a
// kustomization.yaml listing aibackendspec.yaml as generator if there is none)
// and sets every function annotation to fnValue.
func copyKustomization(t *testing.T, c testCase, fnValue string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	hasKustomization := false
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(c.dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case e.Name() == "kustomization.yaml":
			hasKustomization = true
		case strings.HasSuffix(e.Name(), ".yaml") && bytes.Contains(data, []byte(functionAnnotation)):
			data = setFunctionAnnotation(t, e.Name(), data, fnValue)
		}
		writeFile(t, filepath.Join(dst, e.Name()), string(data))
	}
	if !hasKustomization {
		writeFile(t, filepath.Join(dst, "kustomization.yaml"), "generators:\n  - aibackendspec.yaml\n")
	}
	return dst
}

func setFunctionAnnotation(t *testing.T, name string, data []byte, value string) []byte {
	t.Helper()
	nodes, err := kio.FromBytes(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	n := 0
	for _, node := range nodes {
		if _, ok := node.GetAnnotations()[functionAnnotation]; ok {
			if err := node.PipeE(yaml.SetAnnotation(functionAnnotation, value)); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatalf("%s: no object with annotation %s", name, functionAnnotation)
	}
	out, err := kio.StringAll(nodes)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(out)
}

// withoutKptfile drops the Kptfile document from kpt's unwrapped output.
func withoutKptfile(t *testing.T, stream string) string {
	t.Helper()
	var keep []string
	for _, doc := range strings.Split(stream, "\n---\n") {
		if !strings.Contains(doc, "kind: Kptfile\n") {
			keep = append(keep, doc)
		}
	}
	return strings.Join(keep, "\n---\n")
}

// assertGenerated guards against comparing two empty outputs.
func assertGenerated(t *testing.T, out string) {
	t.Helper()
	for _, kind := range []string{"kind: Backend\n", "kind: AIServiceBackend\n"} {
		if !strings.Contains(out, kind) {
			t.Fatalf("exec-mode output has no %q; nothing was generated:\n%s", strings.TrimSpace(kind), out)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
