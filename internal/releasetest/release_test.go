// Package releasetest checks what a release ships and what a stranger reads:
// GoReleaser builds the archives and checksums.txt from .goreleaser.yaml, the
// release notes come from CHANGELOG.md, LICENSE is the Apache-2.0 text,
// `make help` and `make demo` behave, and no user-facing file speaks of the
// development setup.
package releasetest

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// goreleaserConfig is the part of .goreleaser.yaml the tests look at.
type goreleaserConfig struct {
	ProjectName string `json:"project_name"`
	Builds      []struct {
		ID      string   `json:"id"`
		Goos    []string `json:"goos"`
		Goarch  []string `json:"goarch"`
		Ldflags []string `json:"ldflags"`
		Env     []string `json:"env"`
	} `json:"builds"`
	Archives []struct {
		Formats         []string `json:"formats"`
		FormatOverrides []struct {
			Goos    string   `json:"goos"`
			Formats []string `json:"formats"`
		} `json:"format_overrides"`
		Files []string `json:"files"`
	} `json:"archives"`
	Checksum struct {
		NameTemplate string `json:"name_template"`
		Algorithm    string `json:"algorithm"`
	} `json:"checksum"`
	Sboms []struct {
		Artifacts string   `json:"artifacts"`
		Cmd       string   `json:"cmd"`
		Documents []string `json:"documents"`
	} `json:"sboms"`
	Signs []struct {
		Cmd       string   `json:"cmd"`
		Artifacts string   `json:"artifacts"`
		Args      []string `json:"args"`
	} `json:"signs"`
	DockerSigns []struct {
		Cmd  string   `json:"cmd"`
		Args []string `json:"args"`
	} `json:"docker_signs"`
	DockersV2 []struct {
		Dockerfile string   `json:"dockerfile"`
		Images     []string `json:"images"`
		Platforms  []string `json:"platforms"`
		ExtraFiles []string `json:"extra_files"`
	} `json:"dockers_v2"`
}

func readConfig(t *testing.T, root string) (goreleaserConfig, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, ".goreleaser.yaml"))
	require.NoError(t, err)
	var cfg goreleaserConfig
	require.NoError(t, sigsyaml.Unmarshal(data, &cfg))
	var raw map[string]any
	require.NoError(t, sigsyaml.Unmarshal(data, &raw))
	return cfg, raw
}

// TestGoreleaserConfig: the release matrix and archive contents the README
// promises, without running anything.
func TestGoreleaserConfig(t *testing.T) {
	root := tooltest.RepoRoot(t)
	cfg, _ := readConfig(t, root)
	assert.Equal(t, "aigw-backend", cfg.ProjectName)
	require.Len(t, cfg.Builds, 1)
	b := cfg.Builds[0]
	assert.ElementsMatch(t, []string{"linux", "darwin", "windows"}, b.Goos)
	assert.ElementsMatch(t, []string{"amd64", "arm64"}, b.Goarch)
	assert.Contains(t, b.Env, "CGO_ENABLED=0")
	require.Len(t, b.Ldflags, 1)
	assert.Contains(t, b.Ldflags[0], "-X main.version=v{{ .Version }}", "release builds stamp the tag like `make build`")

	require.Len(t, cfg.Archives, 1)
	a := cfg.Archives[0]
	assert.Equal(t, []string{"tar.gz"}, a.Formats)
	require.Len(t, a.FormatOverrides, 1)
	assert.Equal(t, "windows", a.FormatOverrides[0].Goos)
	assert.Equal(t, []string{"zip"}, a.FormatOverrides[0].Formats)
	for _, f := range a.Files {
		assert.FileExists(t, filepath.Join(root, f))
	}
	assert.ElementsMatch(t, shipped, a.Files)
	assert.Equal(t, "checksums.txt", cfg.Checksum.NameTemplate)
	assert.Equal(t, "sha256", cfg.Checksum.Algorithm)

	// provenance: an SBOM per archive from the pinned generator, keyless
	// cosign signatures of checksums.txt (which covers archives and SBOMs)
	// and of the image (no --key: Sigstore's keyless flow)
	require.Len(t, cfg.Sboms, 1)
	assert.Equal(t, "cyclonedx-gomod", cfg.Sboms[0].Cmd)
	assert.Equal(t, []string{"{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}.cdx.json"}, cfg.Sboms[0].Documents)
	require.Len(t, cfg.Signs, 1)
	assert.Equal(t, "cosign", cfg.Signs[0].Cmd)
	assert.Equal(t, "checksum", cfg.Signs[0].Artifacts)
	require.Len(t, cfg.DockerSigns, 1)
	assert.Equal(t, "cosign", cfg.DockerSigns[0].Cmd)
	for _, a := range append(append([]string{}, cfg.Signs[0].Args...), cfg.DockerSigns[0].Args...) {
		assert.NotContains(t, a, "--key", "signing is keyless")
	}
	assert.Contains(t, readFile(t, filepath.Join(root, ".github", "workflows", "release.yml")), "id-token: write",
		"keyless signing needs the workflow's OIDC token")

	require.Len(t, cfg.DockersV2, 1)
	d := cfg.DockersV2[0]
	assert.Equal(t, []string{"ghcr.io/aigw-dev/aigw-backend"}, d.Images)
	assert.ElementsMatch(t, []string{"linux/amd64", "linux/arm64"}, d.Platforms)
	assert.FileExists(t, filepath.Join(root, d.Dockerfile))
	for _, f := range d.ExtraFiles {
		assert.FileExists(t, filepath.Join(root, f))
	}
}

// TestGoreleaserCheck: the pinned GoReleaser accepts the configuration.
func TestGoreleaserCheck(t *testing.T) {
	gr := tooltest.Goreleaser(t)
	root := tooltest.RepoRoot(t)
	_, stderr, code := tooltest.Run(t, root, nil, gr, "check")
	require.Equal(t, 0, code, "goreleaser check:\n%s", stderr)
}

// TestGoreleaserSnapshot runs the real `goreleaser release --snapshot` on a
// fast subset of .goreleaser.yaml (the host's platform only, no image, into a
// temporary dist) and checks the archive and checksums.txt the way a user
// would: every checksum matches, the archive holds the binary, README.md,
// LICENSE and CHANGELOG.md, and the binary reports the snapshot version.
// `make release-snapshot` builds the full matrix.
func TestGoreleaserSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a release snapshot; skipped with -short")
	}
	if _, err := exec.LookPath("git"); err != nil {
		tooltest.Missing(t, "GoReleaser needs git: %v", err)
	}
	gr := tooltest.Goreleaser(t)
	root := tooltest.RepoRoot(t)
	_, raw := readConfig(t, root)

	dist := filepath.Join(t.TempDir(), "dist")
	raw["dist"] = dist
	build := raw["builds"].([]any)[0].(map[string]any)
	build["goos"] = []string{runtime.GOOS}
	build["goarch"] = []string{runtime.GOARCH}
	subset, err := sigsyaml.Marshal(raw)
	require.NoError(t, err)
	cfgPath := filepath.Join(t.TempDir(), "goreleaser.yaml")
	require.NoError(t, os.WriteFile(cfgPath, subset, 0o644))

	// the SBOM generator on PATH as `make release-snapshot` puts it; signing
	// needs Sigstore's online services and is skipped here
	sbomDir := filepath.Dir(tooltest.SBOMGen(t))
	env := []string{"PATH=" + sbomDir + string(os.PathListSeparator) + os.Getenv("PATH")}
	_, stderr, code := tooltest.Run(t, root, env, gr, "release", "--snapshot", "--clean", "--skip=publish,docker,sign", "--config", cfgPath)
	require.Equal(t, 0, code, "goreleaser release --snapshot:\n%s", stderr)

	var meta struct {
		Version string `json:"version"`
	}
	metaJSON, err := os.ReadFile(filepath.Join(dist, "metadata.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(metaJSON, &meta))
	// GoReleaser reads the commit only from a clone with a remote; without one
	// (a local-only repository or worktree) it uses "none".
	require.Regexp(t, `^\d+\.\d+\.\d+-snapshot\+([0-9a-f]{7,}|none)$`, meta.Version)

	sums := readChecksums(t, filepath.Join(dist, "checksums.txt"))
	archive := "aigw-backend_" + meta.Version + "_" + runtime.GOOS + "_" + runtime.GOARCH + ".tar.gz"
	if runtime.GOOS == "windows" {
		t.Skip("the archive check reads tar.gz; windows hosts get a zip")
	}
	sbom := strings.TrimSuffix(archive, ".tar.gz") + ".cdx.json"
	assert.ElementsMatch(t, []string{archive, sbom}, sortedKeys(sums), "checksums.txt lists exactly the archives and their SBOMs")
	var bom struct {
		BOMFormat string `json:"bomFormat"`
		Metadata  struct {
			Component struct {
				Name string `json:"name"`
			} `json:"component"`
		} `json:"metadata"`
		Components []struct {
			Name string `json:"name"`
		} `json:"components"`
	}
	bomJSON, err := os.ReadFile(filepath.Join(dist, sbom))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(bomJSON, &bom))
	assert.Equal(t, "CycloneDX", bom.BOMFormat)
	assert.Equal(t, tooltest.ModulePath, bom.Metadata.Component.Name)
	var deps []string
	for _, c := range bom.Components {
		deps = append(deps, c.Name)
	}
	assert.Contains(t, deps, "sigs.k8s.io/kustomize/kyaml", "the SBOM lists the binary's modules")
	for name, want := range sums {
		data, err := os.ReadFile(filepath.Join(dist, name))
		require.NoError(t, err)
		got := sha256.Sum256(data)
		assert.Equal(t, want, hex.EncodeToString(got[:]), "sha256 of %s", name)
	}

	contents := untarGz(t, filepath.Join(dist, archive))
	assert.ElementsMatch(t, append([]string{"aigw-backend"}, shipped...), sortedKeys(contents))
	for _, doc := range shipped {
		want, err := os.ReadFile(filepath.Join(root, doc))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(contents[doc]), "%s in the archive", doc)
	}
	bin := filepath.Join(t.TempDir(), "aigw-backend")
	require.NoError(t, os.WriteFile(bin, contents["aigw-backend"], 0o755))
	out, err := exec.Command(bin, "--version").Output()
	require.NoError(t, err)
	assert.Equal(t, "aigw-backend v"+meta.Version+"\n", string(out))
}

// shipped are the files every archive carries next to the binary, byte
// for byte as in the repository: the docs, the kustomize name-reference
// configuration (also a Component), the JSON Schema and the Config Sync
// render script, so a user with only the archive has what the docs use.
var shipped = []string{
	"README.md", "LICENSE", "CHANGELOG.md",
	"kustomizeconfig/aigw-backend.yaml", "kustomizeconfig/kustomization.yaml",
	"schemas/aibackendspec.schema.json", "scripts/render-config-sync.sh",
}

func readChecksums(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		require.Len(t, fields, 2, "checksums.txt line %q", sc.Text())
		require.Regexp(t, `^[0-9a-f]{64}$`, fields[0])
		sums[fields[1]] = fields[0]
	}
	require.NoError(t, sc.Err())
	return sums
}

func untarGz(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	tr := tar.NewReader(zr)
	out := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		require.NoError(t, err)
		out[h.Name] = data
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestReleaseNotes: the release workflow's notes come from CHANGELOG.md; a
// tag without a section (or with an empty one) must stop the release.
func TestReleaseNotes(t *testing.T) {
	root := tooltest.RepoRoot(t)
	script := filepath.Join(root, "scripts", "release-notes.sh")
	changelog := filepath.Join(t.TempDir(), "CHANGELOG.md")
	require.NoError(t, os.WriteFile(changelog, []byte("# Changelog\n\n## Unreleased\n\n## v0.2.0 - 2027-01-02\n\n### Fixed\n\n- b\n\n## v0.1.10 - 2026-12-30\n\n## v0.1.0 - 2026-12-02\n\nFirst.\n"), 0o644))
	cases := []struct {
		tag    string
		code   int
		stdout string
	}{
		{tag: "v0.2.0", stdout: "### Fixed\n\n- b\n"},
		{tag: "v0.1.0", stdout: "First.\n"},
		{tag: "v0.1.10", code: 1}, // empty section
		{tag: "v0.1.1", code: 1},  // no section (v0.1.10 must not match)
		{tag: "v0.3.0", code: 1},
	}
	for _, tc := range cases {
		t.Run(tc.tag, func(t *testing.T) {
			stdout, stderr, code := tooltest.Run(t, "", nil, script, tc.tag, changelog)
			assert.Equal(t, tc.code, code, "stderr: %s", stderr)
			assert.Equal(t, tc.stdout, stdout)
		})
	}

	// The real CHANGELOG: every release heading is "## vX.Y.Z - YYYY-MM-DD"
	// and has notes.
	data, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	require.NoError(t, err)
	heading := regexp.MustCompile(`^## (v\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?) - \d{4}-\d{2}-\d{2}$`)
	var tags []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "## ") || line == "## Unreleased" {
			continue
		}
		m := heading.FindStringSubmatch(line)
		if assert.NotNil(t, m, "CHANGELOG.md heading %q is not \"## vX.Y.Z - YYYY-MM-DD\"", line) {
			tags = append(tags, m[1])
		}
	}
	require.NotEmpty(t, tags, "CHANGELOG.md has no release entry")
	for _, tag := range tags {
		_, stderr, code := tooltest.Run(t, "", nil, script, tag)
		assert.Equal(t, 0, code, "%s: %s", tag, stderr)
	}
}

// TestLicense: LICENSE is the unmodified Apache License 2.0 text, as
// metadata.yaml and the image labels declare.
func TestLicense(t *testing.T) {
	root := tooltest.RepoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "LICENSE"))
	require.NoError(t, err)
	sum := sha256.Sum256(data)
	// sha256 of https://www.apache.org/licenses/LICENSE-2.0.txt as shipped by
	// Apache-2.0 projects (e.g. the LICENSE of sigs.k8s.io/kustomize/kyaml).
	assert.Equal(t, "b40930bbcf80744c86c46a12bc9da056641d722716c378f5659b9e555ef833e1", hex.EncodeToString(sum[:]))
	meta, err := os.ReadFile(filepath.Join(root, "metadata.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(meta), "license: Apache-2.0")
}

// makeEnv runs make outside any make that may be running the tests.
func makeEnv() []string {
	return []string{"MAKEFLAGS=", "MFLAGS=", "MAKELEVEL="}
}

// TestMakeHelp: `make help` lists the targets a user needs, each with its
// description from the `## target:` comment.
func TestMakeHelp(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		tooltest.Missing(t, "make is not installed: %v", err)
	}
	root := tooltest.RepoRoot(t)
	stdout, stderr, code := tooltest.Run(t, root, makeEnv(), "make", "--no-print-directory", "help")
	require.Equal(t, 0, code, "stderr: %s", stderr)
	for _, target := range []string{"help", "build", "demo", "check", "test", "tools", "examples", "update-golden", "mutation-check", "tidy-check", "actionlint", "release-snapshot", "image", "clean"} {
		assert.Regexp(t, `(?m)^  `+regexp.QuoteMeta(target)+` +\S`, stdout, "make help lists %s with a description", target)
	}
}

// TestMakeDemoIsCleanYAML: `make demo` writes only the generated objects on
// stdout (make's own echo goes to stderr), so `make demo | kubectl apply -f -`
// and friends work. It builds into a temporary bin/ to leave the checkout alone.
func TestMakeDemoIsCleanYAML(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	if _, err := exec.LookPath("make"); err != nil {
		tooltest.Missing(t, "make is not installed: %v", err)
	}
	root := tooltest.RepoRoot(t)
	stdout, stderr, code := tooltest.Run(t, root, makeEnv(), "make", "--no-print-directory", "demo", "BIN="+t.TempDir())
	require.Equal(t, 0, code, "stderr: %s", stderr)
	var kinds []string
	for _, doc := range strings.Split(stdout, "\n---\n") {
		var obj map[string]any
		require.NoError(t, sigsyaml.Unmarshal([]byte(doc), &obj), "stdout document:\n%s", doc)
		kind, _ := obj["kind"].(string)
		kinds = append(kinds, kind)
	}
	assert.ElementsMatch(t, []string{"Backend", "AIServiceBackend", "BackendTLSPolicy", "BackendSecurityPolicy"}, kinds, "stdout:\n%s", stdout)
}

// forbidden are phrases that speak of the development setup rather than to a
// user: paths of a build machine or of reference material outside the
// repository, "this machine", "CI here", issue numbers of the tracker.
var forbidden = regexp.MustCompile(`\.\./shared|/work/|(?i:this (?:development )?machine)|CI here|(?i:\bissue \d)`)

// TestNoDevelopmentSetupInUserFiles scans every file a user reads or runs.
func TestNoDevelopmentSetupInUserFiles(t *testing.T) {
	root := tooltest.RepoRoot(t)
	paths := []string{"README.md", "CHANGELOG.md", "Makefile", "Dockerfile", "metadata.yaml", ".goreleaser.yaml",
		"docs", "testdata", "examples", "mk", "bench", "scripts", "build", ".github", "internal", "fn", "generator", "tools"}
	var bad []string
	for _, p := range paths {
		err := filepath.WalkDir(filepath.Join(root, p), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			switch filepath.Ext(path) {
			case ".md", ".go", ".sh", ".mk", ".yaml", ".yml", ".txt", "":
			default:
				return nil
			}
			if strings.HasSuffix(path, "go.sum") || strings.Contains(path, string(filepath.Separator)+"fuzz"+string(filepath.Separator)) ||
				path == filepath.Join(root, "internal", "releasetest", "release_test.go") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, line := range bytes.Split(data, []byte("\n")) {
				if m := forbidden.Find(line); m != nil {
					rel, _ := filepath.Rel(root, path)
					bad = append(bad, fmt.Sprintf("%s:%d: %s", rel, i+1, m))
				}
			}
			return nil
		})
		if !os.IsNotExist(err) {
			require.NoError(t, err)
		}
	}
	assert.Empty(t, bad, "user-facing files must not speak of the development setup")
}

// TestOneKyamlVersion: every module of the repository that requires kyaml
// (the function, the pinned kpt and kustomize) requires the same version, so
// the tests exercise the YAML library the function ships with. The main
// module lists no tools: kustomize and kpt live in tools/go.mod.
func TestOneKyamlVersion(t *testing.T) {
	root := tooltest.RepoRoot(t)
	const kyaml = "sigs.k8s.io/kustomize/kyaml "
	versions := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "bin" || d.Name() == "dist" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() && path == filepath.Join(root, "test", "upstream") {
			// pins AI Gateway's and Envoy Gateway's binaries with the module
			// graph they ship with; no code of ours there uses kyaml
			return filepath.SkipDir
		}
		if d.Name() != "go.mod" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "require "))
			if strings.HasPrefix(line, kyaml) {
				versions[rel] = strings.Fields(line)[1]
			}
			if rel == "go.mod" && strings.HasPrefix(line, "tool ") {
				t.Errorf("go.mod: %q: tools belong in tools/go.mod", line)
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Contains(t, versions, "go.mod")
	require.Contains(t, versions, filepath.Join("tools", "go.mod"))
	for mod, v := range versions {
		assert.Equal(t, versions["go.mod"], v, "%s requires kyaml %s, the function module %s", mod, v, versions["go.mod"])
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}
