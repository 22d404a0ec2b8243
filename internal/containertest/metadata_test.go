package containertest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// catalogMetadata is the kpt function catalog's metadata.yaml shape.
type catalogMetadata struct {
	Image              string   `yaml:"image"`
	Description        string   `yaml:"description"`
	Tags               []string `yaml:"tags"`
	SourceURL          string   `yaml:"sourceURL"`
	ExamplePackageURLs []string `yaml:"examplePackageURLs"`
	Emails             []string `yaml:"emails"`
	License            string   `yaml:"license"`
}

// TestMetadata: metadata.yaml follows the catalog conventions and agrees with
// the image (name, source and license labels) and the example packages.
func TestMetadata(t *testing.T) {
	root := tooltest.RepoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "metadata.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatalf("metadata.yaml: %v", err)
	}
	for k := range raw {
		switch k {
		case "image", "description", "tags", "sourceURL", "examplePackageURLs", "emails", "license":
		default:
			t.Errorf("metadata.yaml: key %q is not a catalog metadata field", k)
		}
	}
	var m catalogMetadata
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("metadata.yaml: %v", err)
	}

	mk, err := os.ReadFile(filepath.Join(root, "mk", "image.mk"))
	if err != nil {
		t.Fatal(err)
	}
	defaultImage := ""
	if mm := regexp.MustCompile(`(?m)^IMAGE\s*\?=\s*(\S+)$`).FindSubmatch(mk); mm != nil {
		defaultImage = string(mm[1])
	}
	if m.Image != defaultImage {
		t.Errorf("metadata.yaml image %q is not mk/image.mk's default IMAGE %q", m.Image, defaultImage)
	}
	if strings.Contains(m.Image[strings.LastIndex(m.Image, "/")+1:], ":") {
		t.Errorf("metadata.yaml image %q: name the image without a tag", m.Image)
	}
	if m.Description == "" {
		t.Error("metadata.yaml: empty description")
	}
	allowed := map[string]bool{"mutator": true, "validator": true, "generator": true, "viewer": true}
	for _, tag := range m.Tags {
		if !allowed[tag] {
			t.Errorf("metadata.yaml: tag %q is not one of mutator, validator, generator, viewer", tag)
		}
	}
	for _, want := range []string{"generator", "mutator"} {
		if !contains(m.Tags, want) {
			t.Errorf("metadata.yaml: tags %q lack %q", m.Tags, want)
		}
	}
	labels := parseStages(t, filepath.Join(root, "build", "Containerfile.local"))[0].labels
	if m.SourceURL != labels["org.opencontainers.image.source"] {
		t.Errorf("metadata.yaml sourceURL %q != image label source %q", m.SourceURL, labels["org.opencontainers.image.source"])
	}
	if m.License != labels["org.opencontainers.image.licenses"] {
		t.Errorf("metadata.yaml license %q != image label licenses %q", m.License, labels["org.opencontainers.image.licenses"])
	}
	if len(m.ExamplePackageURLs) == 0 {
		t.Error("metadata.yaml: no examplePackageURLs")
	}
	prefix := m.SourceURL + "/tree/main/"
	for _, u := range m.ExamplePackageURLs {
		rel, ok := strings.CutPrefix(u, prefix)
		if !ok {
			t.Errorf("examplePackageURL %q does not start with %q", u, prefix)
			continue
		}
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel), "Kptfile")); err != nil {
			t.Errorf("examplePackageURL %q: %s is not a kpt package in this repository (%v)", u, rel, err)
		}
	}
}
