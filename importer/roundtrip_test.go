package importer

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// specNodes returns every AIBackendSpec of the examples and of the
// function's golden inputs that generates without errors, keyed by where
// it was found.
func specNodes(t *testing.T) map[string]*yaml.RNode {
	t.Helper()
	out := map[string]*yaml.RNode{}
	add := func(where string, n *yaml.RNode) {
		if n == nil || n.YNode().Kind != yaml.MappingNode || meta.TopString(n, "kind") != generator.Kind {
			return
		}
		out[where+": "+meta.Of(n).Name] = n
	}
	err := filepath.WalkDir("../examples", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") || strings.Contains(p, "expected") {
			return err
		}
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		nodes, err := (&kio.ByteReader{Reader: bytes.NewReader(data), OmitReaderAnnotations: true}).Read()
		if err != nil {
			return nil // not a KRM file (a plugin config, for instance)
		}
		for _, n := range nodes {
			add(p, n)
		}
		return nil
	})
	require.NoError(t, err)
	inputs, err := filepath.Glob("../fn/pipeline/testdata/golden/*/input.yaml")
	require.NoError(t, err)
	for _, p := range inputs {
		if strings.HasPrefix(filepath.Base(filepath.Dir(p)), "bad-") {
			continue
		}
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		rl, err := yaml.Parse(string(data))
		if err != nil {
			continue
		}
		if fc := rl.Field("functionConfig"); fc != nil {
			add(p+" functionConfig", fc.Value)
		}
		if items := rl.Field("items"); items != nil {
			for _, it := range items.Value.Content() {
				add(p, yaml.NewRNode(it))
			}
		}
	}
	require.NotEmpty(t, out)
	return out
}

// objectsYAML renders generated objects as a YAML stream (JSON documents
// are YAML).
func objectsYAML(t *testing.T, objs []*generator.Object) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, o := range objs {
		j, err := json.Marshal(o)
		require.NoError(t, err)
		buf.WriteString("---\n")
		buf.Write(j)
		buf.WriteString("\n")
	}
	return buf.Bytes()
}

func jsonOf(t *testing.T, objs []*generator.Object) []string {
	t.Helper()
	var out []string
	for _, o := range objs {
		j, err := json.Marshal(o)
		require.NoError(t, err)
		out = append(out, string(j))
	}
	return out
}

// withoutOwner renders objects as JSON without the ownership annotation,
// sorted: the objects a set of specs generates, whatever the specs are
// called.
func withoutOwner(t *testing.T, objs []*generator.Object) []string {
	t.Helper()
	var out []string
	for _, o := range objs {
		c := *o
		c.Metadata.Annotations = map[string]string{}
		for k, v := range o.Metadata.Annotations {
			if k != generator.AnnotationSpec {
				c.Metadata.Annotations[k] = v
			}
		}
		j, err := json.Marshal(&c)
		require.NoError(t, err)
		out = append(out, string(j))
	}
	sort.Strings(out)
	return out
}

// TestImportOfGeneratedGivesEquivalentSpec: for every golden and example
// spec, import(generate(spec)) gives back one spec, with the same name and
// namespace, that generates exactly the same objects (same bytes,
// ownership annotation included), with no correction, warning or error to
// report. A spec with endpoint.regions generates one set per region; they
// are folded back into one spec with the same regions, in the same order.
func TestImportOfGeneratedGivesEquivalentSpec(t *testing.T) {
	n := 0
	for where, node := range specNodes(t) {
		spec, errs := generator.Decode(node)
		if len(errs) > 0 {
			continue
		}
		want, errs := generator.Generate(spec)
		if len(errs) > 0 {
			continue
		}
		n++
		t.Run(where, func(t *testing.T) {
			res := importFiles([]Input{{File: "generated.yaml", Data: objectsYAML(t, want.Objects)}}, Options{})
			for _, l := range res.Lines {
				assert.Fail(t, "unexpected report line", l.String())
			}
			require.False(t, res.Failed)
			require.Len(t, res.Specs, 1)
			back := res.Specs[0].Spec
			assert.Equal(t, spec.Metadata.Name, back.Metadata.Name)
			assert.Equal(t, nsOf(spec.Metadata.Namespace), nsOf(back.Metadata.Namespace))
			if e := spec.Spec.Endpoint; e != nil && len(e.Regions) > 0 {
				require.NotNil(t, back.Spec.Endpoint)
				assert.Equal(t, e.Regions, back.Spec.Endpoint.Regions)
			}
			var got []*generator.Object
			for _, s := range res.Specs {
				out, errs := generator.Generate(s.Spec)
				require.Empty(t, errs)
				got = append(got, out.Objects...)
			}
			assert.Equal(t, jsonOf(t, want.Objects), jsonOf(t, got), "the very same bytes, ownership annotation included")

			// and the printed specs read back as the same specs
			out, err := res.Marshal()
			require.NoError(t, err)
			docs, err := (&kio.ByteReader{Reader: bytes.NewReader(out), OmitReaderAnnotations: true}).Read()
			require.NoError(t, err)
			require.Len(t, docs, len(res.Specs))
			for i, d := range docs {
				again, errs := generator.Decode(d)
				require.Empty(t, errs, "%s", out)
				assert.Equal(t, res.Specs[i].Spec, again)
			}
		})
	}
	t.Logf("%d specs round-tripped", n)
	assert.Greater(t, n, 20, "too few specs found: did the examples or goldens move?")
}
