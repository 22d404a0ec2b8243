package containertest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// stage is what the tests compare of one FROM ... stage.
type stage struct {
	from       string
	args       []string
	env        []string
	labels     map[string]string
	user       string
	entrypoint []string
	copyDst    []string
	runs       []string
}

// parseStages reads a Dockerfile/Containerfile into its stages (continuation
// lines joined, comments dropped). Only what our two files use is understood.
func parseStages(t *testing.T, path string) []*stage {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var stages []*stage
	var logical []string
	var cur strings.Builder
	for _, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, " \t\r")
		if trimmed := strings.TrimSpace(line); strings.HasPrefix(trimmed, "#") || (trimmed == "" && cur.Len() == 0) {
			continue
		}
		if strings.HasSuffix(line, `\`) {
			cur.WriteString(strings.TrimSuffix(line, `\`) + " ")
			continue
		}
		cur.WriteString(line)
		logical = append(logical, strings.TrimSpace(cur.String()))
		cur.Reset()
	}
	for _, l := range logical {
		instr, rest, _ := strings.Cut(l, " ")
		rest = strings.TrimSpace(rest)
		instr = strings.ToUpper(instr)
		if instr == "FROM" {
			stages = append(stages, &stage{from: strings.Join(strings.Fields(rest), " "), labels: map[string]string{}})
			continue
		}
		if len(stages) == 0 {
			t.Fatalf("%s: %s before FROM", path, instr)
		}
		s := stages[len(stages)-1]
		switch instr {
		case "ARG":
			s.args = append(s.args, rest)
		case "ENV":
			s.env = append(s.env, rest)
		case "LABEL":
			for k, v := range splitLabels(t, path, rest) {
				s.labels[k] = v
			}
		case "USER":
			s.user = rest
		case "ENTRYPOINT":
			if err := json.Unmarshal([]byte(rest), &s.entrypoint); err != nil {
				t.Fatalf("%s: ENTRYPOINT %s is not in exec (JSON) form: %v", path, rest, err)
			}
		case "COPY":
			f := strings.Fields(rest)
			s.copyDst = append(s.copyDst, f[len(f)-1])
		case "RUN":
			s.runs = append(s.runs, strings.Join(strings.Fields(rest), " "))
		case "WORKDIR":
		default:
			t.Fatalf("%s: instruction %s not expected here; extend this test if it is intended", path, instr)
		}
	}
	return stages
}

// splitLabels splits `k1="v 1" k2=v2`.
func splitLabels(t *testing.T, path, s string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		k, rest, ok := strings.Cut(s, "=")
		if !ok || strings.ContainsAny(k, " \t") {
			t.Fatalf("%s: LABEL: want KEY=VALUE pairs, got %q", path, s)
		}
		if strings.HasPrefix(rest, `"`) {
			end := strings.Index(rest[1:], `"`)
			if end < 0 {
				t.Fatalf("%s: LABEL %s: unterminated quote", path, k)
			}
			out[k], s = rest[1:1+end], rest[2+end:]
		} else {
			v, after, _ := strings.Cut(rest, " ")
			out[k], s = v, after
		}
	}
	return out
}

// wantLabels are the OCI labels every build of the image must carry.
var wantLabels = map[string]string{
	"org.opencontainers.image.source":   "https://github.com/aigw-dev/aigw-backend",
	"org.opencontainers.image.version":  "${VERSION}",
	"org.opencontainers.image.licenses": "Apache-2.0",
}

// TestContainerfilesInSync: the registry-free build/Containerfile.local and the
// final stage of the multi-stage Dockerfile declare the same image.
func TestContainerfilesInSync(t *testing.T) {
	root := tooltest.RepoRoot(t)
	docker := parseStages(t, filepath.Join(root, "Dockerfile"))
	local := parseStages(t, filepath.Join(root, "build", "Containerfile.local"))
	if len(docker) != 2 {
		t.Fatalf("Dockerfile: %d stages, want 2 (builder, scratch)", len(docker))
	}
	if len(local) != 1 {
		t.Fatalf("build/Containerfile.local: %d stages, want 1 (scratch)", len(local))
	}
	final, loc := docker[1], local[0]
	for name, s := range map[string]*stage{"Dockerfile final stage": final, "build/Containerfile.local": loc} {
		if s.from != "scratch" {
			t.Errorf("%s: FROM %s, want scratch", name, s.from)
		}
		if s.user != "65534:65534" {
			t.Errorf("%s: USER %q, want 65534:65534 (nobody)", name, s.user)
		}
		if !reflect.DeepEqual(s.entrypoint, []string{"/aigw-backend"}) {
			t.Errorf("%s: ENTRYPOINT %q, want [\"/aigw-backend\"]", name, s.entrypoint)
		}
		for k, v := range wantLabels {
			if s.labels[k] != v {
				t.Errorf("%s: LABEL %s=%q, want %q", name, k, s.labels[k], v)
			}
		}
		if s.labels["org.opencontainers.image.description"] == "" {
			t.Errorf("%s: no LABEL org.opencontainers.image.description", name)
		}
		if !reflect.DeepEqual(s.args, []string{"VERSION=dev"}) {
			t.Errorf("%s: ARGs %q, want [VERSION=dev]", name, s.args)
		}
	}
	if final.user != loc.user {
		t.Errorf("USER differs: Dockerfile %q, Containerfile.local %q", final.user, loc.user)
	}
	if !reflect.DeepEqual(final.entrypoint, loc.entrypoint) {
		t.Errorf("ENTRYPOINT differs: Dockerfile %q, Containerfile.local %q", final.entrypoint, loc.entrypoint)
	}
	if !reflect.DeepEqual(final.labels, loc.labels) {
		t.Errorf("LABELs differ:\nDockerfile           %q\nContainerfile.local  %q", final.labels, loc.labels)
	}
	if !reflect.DeepEqual(final.env, loc.env) {
		t.Errorf("ENVs differ: Dockerfile %q, Containerfile.local %q", final.env, loc.env)
	}
	wantDst := []string{"/etc/passwd", "/etc/group", "/aigw-backend"}
	for name, s := range map[string]*stage{"Dockerfile final stage": final, "build/Containerfile.local": loc} {
		if !reflect.DeepEqual(s.copyDst, wantDst) {
			t.Errorf("%s: COPY destinations %q, want %q", name, s.copyDst, wantDst)
		}
	}
}

// TestGoreleaserContainerfileInSync: the release image GoReleaser builds
// (build/Containerfile.goreleaser, around its own binaries) declares the same
// image as build/Containerfile.local; it only adds ARG TARGETPLATFORM to pick
// the binary of the platform being built.
func TestGoreleaserContainerfileInSync(t *testing.T) {
	root := tooltest.RepoRoot(t)
	local := parseStages(t, filepath.Join(root, "build", "Containerfile.local"))
	rel := parseStages(t, filepath.Join(root, "build", "Containerfile.goreleaser"))
	if len(local) != 1 || len(rel) != 1 {
		t.Fatalf("stages: Containerfile.local %d, Containerfile.goreleaser %d; want 1 each (scratch)", len(local), len(rel))
	}
	loc, r := local[0], rel[0]
	if r.from != "scratch" || r.from != loc.from {
		t.Errorf("FROM %q, want scratch like Containerfile.local", r.from)
	}
	if r.user != loc.user || !reflect.DeepEqual(r.entrypoint, loc.entrypoint) {
		t.Errorf("USER/ENTRYPOINT %q %q, want %q %q", r.user, r.entrypoint, loc.user, loc.entrypoint)
	}
	if !reflect.DeepEqual(r.labels, loc.labels) || !reflect.DeepEqual(r.env, loc.env) {
		t.Errorf("LABEL/ENV differ:\ngoreleaser %q %q\nlocal      %q %q", r.labels, r.env, loc.labels, loc.env)
	}
	if !reflect.DeepEqual(r.copyDst, loc.copyDst) {
		t.Errorf("COPY destinations %q, want %q", r.copyDst, loc.copyDst)
	}
	if !reflect.DeepEqual(r.args, []string{"VERSION=dev", "TARGETPLATFORM"}) {
		t.Errorf("ARGs %q, want [VERSION=dev TARGETPLATFORM]", r.args)
	}
}

// TestDockerfileBuilder: the builder stage cross-compiles a static, stamped
// binary with the same flags as `make build` (which the local image uses).
func TestDockerfileBuilder(t *testing.T) {
	root := tooltest.RepoRoot(t)
	b := parseStages(t, filepath.Join(root, "Dockerfile"))[0]
	if want := "--platform=$BUILDPLATFORM docker.io/library/golang:1.26 AS build"; b.from != want {
		t.Errorf("builder: FROM %s, want %s", b.from, want)
	}
	for _, a := range []string{"TARGETOS", "TARGETARCH", "VERSION=dev"} {
		if !contains(b.args, a) {
			t.Errorf("builder: no ARG %s (have %q)", a, b.args)
		}
	}
	if !contains(b.env, "CGO_ENABLED=0") {
		t.Errorf("builder: no ENV CGO_ENABLED=0 (have %q)", b.env)
	}
	build := ""
	for _, r := range b.runs {
		if strings.Contains(r, "go build") {
			build = r
		}
	}
	for _, want := range []string{"GOOS=${TARGETOS", "GOARCH=${TARGETARCH}", "-trimpath", `-ldflags "-s -w -X main.version=${VERSION}"`, "-o /out/aigw-backend ."} {
		if !strings.Contains(build, want) {
			t.Errorf("builder: the go build RUN lacks %q:\n%s", want, build)
		}
	}
	// `make image` puts the host-built bin/aigw-backend into the image: it must
	// be built with the same flags.
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"LDFLAGS := -s -w -X main.version=$(VERSION)", "CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)'"} {
		if !strings.Contains(string(mk), want) {
			t.Errorf("Makefile: the build no longer contains %q; keep it equal to the Dockerfile's builder (or update both and this test)", want)
		}
	}
}

// TestPasswdHasNobody: kpt and kustomize run containers with --user nobody.
func TestPasswdHasNobody(t *testing.T) {
	root := tooltest.RepoRoot(t)
	passwd, err := os.ReadFile(filepath.Join(root, "build", "passwd"))
	if err != nil {
		t.Fatal(err)
	}
	group, err := os.ReadFile(filepath.Join(root, "build", "group"))
	if err != nil {
		t.Fatal(err)
	}
	if !hasLinePrefix(string(passwd), "nobody:x:65534:65534:") {
		t.Errorf("build/passwd has no nobody:x:65534:65534 entry:\n%s", passwd)
	}
	if !hasLinePrefix(string(group), "nogroup:x:65534:") && !hasLinePrefix(string(group), "nobody:x:65534:") {
		t.Errorf("build/group has no group 65534:\n%s", group)
	}
}

// TestDockerignoreKeepsSources: the Dockerfile's context still has what the
// builder and final stage COPY.
func TestDockerignoreKeepsSources(t *testing.T) {
	root := tooltest.RepoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			if strings.HasPrefix(l, "!") {
				t.Fatalf(".dockerignore: exceptions (%s) are not understood by this test", l)
			}
			patterns = append(patterns, l)
		}
	}
	needed := []string{"go.mod", "go.sum", "main.go", "build/passwd", "build/group"}
	goFiles, _ := filepath.Glob(filepath.Join(root, "*", "*.go"))
	for _, f := range goFiles {
		rel, _ := filepath.Rel(root, f)
		if !strings.HasSuffix(rel, "_test.go") && !strings.HasPrefix(rel, "tools/") {
			needed = append(needed, filepath.ToSlash(rel))
		}
	}
	for _, p := range needed {
		for _, pat := range patterns {
			if ignored(pat, p) {
				t.Errorf(".dockerignore pattern %q excludes %s, which the Dockerfile build needs", pat, p)
			}
		}
	}
	for _, must := range []string{".git", "bin", "dist", "tools"} {
		if !contains(patterns, must) {
			t.Errorf(".dockerignore does not exclude %s", must)
		}
	}
}

// ignored is a simplified .dockerignore match (no exceptions): the pattern
// matches the path or one of its parent directories; **/ matches any depth.
func ignored(pat, path string) bool {
	parts := strings.Split(path, "/")
	for i := 1; i <= len(parts); i++ {
		prefix := strings.Join(parts[:i], "/")
		if ok, _ := filepath.Match(pat, prefix); ok {
			return true
		}
		if rest, ok := strings.CutPrefix(pat, "**/"); ok {
			if m, _ := filepath.Match(rest, parts[i-1]); m {
				return true
			}
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func hasLinePrefix(text, prefix string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}
