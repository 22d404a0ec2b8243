package write

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// TestBlockScalarsKeepTheirValue writes random multi-line strings as folded
// and literal block scalars, nested as in a real object, and checks that
// what prepareForEncode lets the encoder write reads back as the same
// string (go-yaml's emitter alone changes some folded values).
func TestBlockScalarsKeepTheirValue(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	parts := []string{"a", "b c", " ", "  ", "\n", "\n\n", "  x", "#", "- y", "\t"}
	changedAlone := 0
	for i := 0; i < 3000; i++ {
		var sb strings.Builder
		for n := 1 + r.Intn(8); n > 0; n-- {
			sb.WriteString(parts[r.Intn(len(parts))])
		}
		v := sb.String()
		for _, style := range []yaml.Style{yaml.FoldedStyle, yaml.LiteralStyle} {
			scalar := &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagString, Value: v, Style: style}
			if !roundTrips(v, style) {
				changedAlone++
			}
			doc := &yaml.Node{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Value: "data"},
				{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap, Content: []*yaml.Node{
					{Kind: yaml.ScalarNode, Value: "k"}, scalar,
				}},
			}}
			require.NoError(t, prepareForEncode(doc))
			var buf bytes.Buffer
			enc := yaml.NewEncoder(&buf)
			require.NoError(t, enc.Encode(doc))
			require.NoError(t, enc.Close())
			var back struct {
				Data map[string]string `yaml:"data"`
			}
			require.NoError(t, yaml.Unmarshal(buf.Bytes(), &back), "%q:\n%s", v, buf.String())
			require.Equal(t, v, back.Data["k"], "style %v:\n%s", style, buf.String())
		}
	}
	t.Logf("%d of 6000 block scalars would have changed value without prepareForEncode", changedAlone)
	require.Positive(t, changedAlone, "the generator no longer reaches the emitter's problem cases")
}

// TestDanglingAliasesExpanded: an alias whose anchor is no longer written
// before it (replaced, pruned, or written later) becomes a copy of its value.
func TestDanglingAliasesExpanded(t *testing.T) {
	in := "a: *x\nb: &x {k: [1, 2]}\nc: *x\n"
	var doc yaml.Node
	// Build a tree where the alias comes before its anchor, as write does
	// with an anchor in the functionConfig and aliases in items.
	require.NoError(t, yaml.Unmarshal([]byte("b: &x {k: [1, 2]}\na: *x\nc: *x\n"), &doc))
	m := doc.Content[0]
	m.Content[0], m.Content[1], m.Content[2], m.Content[3] = m.Content[2], m.Content[3], m.Content[0], m.Content[1]
	require.NoError(t, prepareForEncode(&doc))
	out, err := yaml.Marshal(&doc)
	require.NoError(t, err)
	var got, want map[string]any
	require.NoError(t, yaml.Unmarshal(out, &got), "%s", out)
	require.NoError(t, yaml.Unmarshal([]byte(strings.Replace(in, "a: *x", "a: {k: [1, 2]}", 1)), &want))
	require.Equal(t, want, got)
	require.Contains(t, string(out), "c: *x", "an alias after its anchor stays an alias")
}
