package containertest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// maxImageBytes is the size budget of the image (issue: < 10 MB).
const maxImageBytes = 10_000_000

// imageConfig is the part of `image inspect` the tests compare.
type imageConfig struct {
	User       string            `json:"User"`
	Entrypoint []string          `json:"Entrypoint"`
	Env        []string          `json:"Env"`
	Labels     map[string]string `json:"Labels"`
	OS         string            `json:"Os"`
	Arch       string            `json:"Architecture"`
	Size       int64             `json:"Size"`
}

func inspect(t *testing.T, r *containerRuntime, ref string) imageConfig {
	t.Helper()
	out, stderr, code := r.run(t, "", "image", "inspect", "--format",
		`{"User":{{json .Config.User}},"Entrypoint":{{json .Config.Entrypoint}},"Env":{{json .Config.Env}},"Labels":{{json .Config.Labels}},"Os":{{json .Os}},"Architecture":{{json .Architecture}},"Size":{{.Size}}}`, ref)
	if code != 0 {
		t.Fatalf("%s image inspect %s: exit %d: %s", r.name, ref, code, stderr)
	}
	var c imageConfig
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("image inspect %s: %v\n%s", ref, err, out)
	}
	return c
}

// TestImageConfig: non-root user, entrypoint, OCI labels with the binary's
// version, host platform, size budget.
func TestImageConfig(t *testing.T) {
	r := requireImage(t)
	c := inspect(t, r, Image)
	if c.User != "65534:65534" {
		t.Errorf("User = %q, want 65534:65534 (non-root nobody)", c.User)
	}
	if !reflect.DeepEqual(c.Entrypoint, []string{"/aigw-backend"}) {
		t.Errorf("Entrypoint = %q", c.Entrypoint)
	}
	version := binaryVersion(t, execBinary(t))
	want := map[string]string{
		"org.opencontainers.image.source":   "https://github.com/aigw-dev/aigw-backend",
		"org.opencontainers.image.version":  version,
		"org.opencontainers.image.licenses": "Apache-2.0",
	}
	for k, v := range want {
		if c.Labels[k] != v {
			t.Errorf("label %s = %q, want %q", k, c.Labels[k], v)
		}
	}
	if c.Labels["org.opencontainers.image.description"] == "" {
		t.Error("no org.opencontainers.image.description label")
	}
	if c.OS != "linux" || c.Arch != runtime.GOARCH {
		t.Errorf("platform %s/%s, want linux/%s", c.OS, c.Arch, runtime.GOARCH)
	}
	if c.Size <= 0 || c.Size >= maxImageBytes {
		t.Errorf("image size %d bytes, want below %d", c.Size, maxImageBytes)
	}
	t.Logf("%s: %d bytes (%.1f MB), user %s, labels %d", Image, c.Size, float64(c.Size)/1e6, c.User, len(c.Labels))
}

// TestRunsAsNobodyWithoutNetwork runs the image the way kpt and kustomize do
// (--user nobody, --network none), plus a locked-down variant, and compares
// with exec mode. --version must report the binary's version.
func TestRunsAsNobodyWithoutNetwork(t *testing.T) {
	r := requireImage(t)
	bin := execBinary(t)
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			rl := resourceList(t, c.spec)
			want, stderr, code := runCmd(t, "", nil, rl, bin)
			if code != 0 {
				t.Fatalf("exec mode: exit %d: %s", code, stderr)
			}
			if !strings.Contains(want, "kind: Backend\n") {
				t.Fatalf("exec mode generated no Backend:\n%s", want)
			}
			for _, flags := range [][]string{
				{"--network", "none", "--user", "nobody"}, // kpt, kustomize
				{"--network", "none"},                     // image's USER
				{"--network", "none", "--user", "65534:65534", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"}, // locked down
			} {
				args := append(append([]string{"run", "--rm", "-i"}, flags...), Image)
				got, stderr, code := r.run(t, rl, args...)
				if code != 0 {
					t.Fatalf("%s %s: exit %d: %s", r.name, strings.Join(args, " "), code, stderr)
				}
				if got != want {
					t.Errorf("%s %s: output differs from exec mode\n--- container\n%s\n--- exec\n%s", r.name, strings.Join(flags, " "), got, want)
				}
			}
		})
	}
	out, stderr, code := r.run(t, "", "run", "--rm", "--network", "none", "--user", "nobody", Image, "--version")
	if code != 0 {
		t.Fatalf("--version: exit %d: %s", code, stderr)
	}
	if want := "aigw-backend " + binaryVersion(t, bin) + "\n"; out != want {
		t.Errorf("container --version = %q, want %q", out, want)
	}
	// The image carries the files users need next to it: the binary prints
	// them (the image is scratch, so no shell to copy files out of it).
	root := tooltest.RepoRoot(t)
	for arg, file := range map[string]string{"kustomizeconfig": "kustomizeconfig/aigw-backend.yaml", "schema": "schemas/aibackendspec.schema.json"} {
		got, stderr, code := r.run(t, "", "run", "--rm", "--network", "none", "--user", "nobody", Image, arg)
		want, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		if code != 0 || got != string(want) {
			t.Errorf("container %s: exit %d, stderr %q; output equal to %s: %v", arg, code, stderr, file, got == string(want))
		}
	}
	// kpt fn doc runs the image with --help.
	help, stderr, code := r.run(t, "", "run", "--rm", "--network", "none", "--user", "nobody", Image, "--help")
	if code != 0 || !strings.Contains(help, "aigw-backend") {
		t.Errorf("container --help: exit %d, stdout %q, stderr %q", code, help, stderr)
	}
	// A bad input: non-zero exit and a message on stderr, as in exec mode.
	_, execErr, execCode := runCmd(t, "", nil, "not: [a resource list", bin)
	_, ctrErr, ctrCode := r.run(t, "not: [a resource list", "run", "--rm", "-i", "--network", "none", "--user", "nobody", Image)
	if execCode == 0 || ctrCode != execCode || ctrErr != execErr {
		t.Errorf("bad input: exec exit %d stderr %q; container exit %d stderr %q", execCode, execErr, ctrCode, ctrErr)
	}
}

// TestImageTar: tools/imagetar writes, without any engine, an image that loads
// and behaves like the one built from build/Containerfile.local.
func TestImageTar(t *testing.T) {
	r := requireImage(t)
	root := tooltest.RepoRoot(t)
	bin := execBinary(t)
	version := binaryVersion(t, bin)
	tmp := t.TempDir()

	imagetar := filepath.Join(tmp, "imagetar")
	build := exec.Command("go", "build", "-o", imagetar, "./imagetar")
	build.Dir = filepath.Join(root, "tools")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./imagetar (in tools/): %v\n%s", err, out)
	}
	ctx := filepath.Join(tmp, "ctx")
	if err := os.MkdirAll(ctx, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, bin, filepath.Join(ctx, "aigw-backend"), 0o755)
	copyFile(t, filepath.Join(root, "build", "passwd"), filepath.Join(ctx, "passwd"), 0o644)
	copyFile(t, filepath.Join(root, "build", "group"), filepath.Join(ctx, "group"), 0o644)

	const tag = "localhost/aigw-backend:imagetar-test"
	tarPath := filepath.Join(tmp, "image.tar")
	out, stderr, code := runCmd(t, "", nil, "", imagetar, "-f", filepath.Join(root, "build", "Containerfile.local"),
		"-context", ctx, "-build-arg", "VERSION="+version, "-platform", "linux/"+runtime.GOARCH, "-tag", tag, "-o", tarPath)
	if code != 0 {
		t.Fatalf("imagetar: exit %d: %s%s", code, out, stderr)
	}
	t.Log(strings.TrimSpace(out))
	if _, stderr, code := r.run(t, "", "load", "-i", tarPath); code != 0 {
		t.Fatalf("%s load -i: exit %d: %s", r.name, code, stderr)
	}
	t.Cleanup(func() { r.run(t, "", "rmi", tag) })

	fromTar, fromBuild := inspect(t, r, tag), inspect(t, r, Image)
	fromTar.Size, fromBuild.Size = 0, 0
	if !reflect.DeepEqual(fromTar, fromBuild) {
		t.Errorf("image config differs:\nimagetar  %+v\nbuild     %+v", fromTar, fromBuild)
	}
	rl := resourceList(t, cases(t)[0].spec)
	want, _, _ := runCmd(t, "", nil, rl, bin)
	got, stderr, code := r.run(t, rl, "run", "--rm", "-i", "--network", "none", "--user", "nobody", tag)
	if code != 0 || got != want {
		t.Errorf("imagetar image: exit %d, stderr %q, output equal to exec mode: %v", code, stderr, got == want)
	}
}

func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, mode); err != nil {
		t.Fatal(err)
	}
}
