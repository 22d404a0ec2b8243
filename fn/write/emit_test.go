package write

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/decide"
	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/internal/yaml11"
)

// encoderBytes is what encode wrote before emitSimple: kyaml's encoder.
func encoderBytes(t *testing.T, n *yaml.Node) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	require.NoError(t, enc.Encode(n))
	require.NoError(t, enc.Close())
	return buf.Bytes()
}

// TestEmitSimpleMatchesEncoder: wherever emitSimple accepts a node, it
// writes the encoder's bytes. The nodes: every item apply returns for every
// golden input (generated objects as toRNode and setFile build them,
// patched objects, input items as parsed), and random trees mixing the
// strings YAML quotes, reads as other types, or cannot write plain.
func TestEmitSimpleMatchesEncoder(t *testing.T) {
	dirs, err := filepath.Glob("../pipeline/testdata/golden/*")
	require.NoError(t, err)
	accepted, generated, generatedOK := 0, 0, 0
	check := func(what string, n *yaml.Node) bool {
		want := encoderBytes(t, n)
		got, ok := emitSimple(n)
		if ok {
			accepted++
			assert.Equal(t, string(want), string(got), "%s", what)
		}
		return ok
	}
	for _, dir := range dirs {
		input, err := os.ReadFile(filepath.Join(dir, "input.yaml"))
		require.NoError(t, err)
		tab, err := read.Full(input)
		if err != nil {
			continue
		}
		p, err := decide.Decide(tab, decide.Options{})
		require.NoError(t, err)
		for _, o := range p.Out {
			n := o.Node
			spellNulls(n.YNode())
			ok := check(filepath.Base(dir)+": "+n.GetKind()+" "+n.GetName(), n.YNode())
			if o.Row < 0 {
				generated++
				if ok {
					generatedOK++
				}
			}
		}
	}
	assert.Greater(t, generated, 100, "generated objects checked")
	// The rest hold strings such as dates, URLs or header values: encoder.
	assert.Greater(t, 10*generatedOK, 8*generated, "generated objects emitSimple wrote: %d of %d", generatedOK, generated)

	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		n := randomTree(r, 0)
		if n.Kind != yaml.MappingNode {
			continue
		}
		check("random tree", n)
	}
	assert.Greater(t, accepted, 2000, "nodes emitSimple accepted")
}

var trickyStrings = yaml11.TrickyStrings()

func randomScalar(r *rand.Rand) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode}
	switch r.Intn(10) {
	case 0:
		n.Tag, n.Value = yaml.NodeTagInt, []string{"443", "0", "-1", "007", "1", "65535"}[r.Intn(6)]
	case 1:
		n.Tag, n.Value = yaml.NodeTagBool, []string{"true", "false", "True"}[r.Intn(3)]
	case 2:
		n.Tag, n.Value = []string{yaml.NodeTagNull, yaml.NodeTagFloat, ""}[r.Intn(3)], []string{"null", "1.5", "x", ""}[r.Intn(4)]
	default:
		n.Tag, n.Value = yaml.NodeTagString, trickyStrings[r.Intn(len(trickyStrings))]
	}
	switch r.Intn(6) {
	case 0:
		n.Style = yaml.SingleQuotedStyle
	case 1:
		n.Style = yaml.DoubleQuotedStyle
	case 2:
		if r.Intn(4) == 0 {
			n.Style = []yaml.Style{yaml.LiteralStyle, yaml.FoldedStyle, yaml.FlowStyle, yaml.TaggedStyle}[r.Intn(4)]
		}
	}
	if r.Intn(40) == 0 {
		n.LineComment = "# c"
	}
	return n
}

func randomTree(r *rand.Rand, depth int) *yaml.Node {
	if depth > 3 || r.Intn(4) == 0 {
		return randomScalar(r)
	}
	if r.Intn(3) == 0 {
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: yaml.NodeTagSeq}
		if r.Intn(20) == 0 {
			n.Style = yaml.FlowStyle
		}
		for i := r.Intn(4); i > 0; i-- {
			n.Content = append(n.Content, randomTree(r, depth+1))
		}
		return n
	}
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap}
	if r.Intn(20) == 0 {
		n.Style = yaml.FlowStyle
	}
	seen := map[string]bool{}
	for i := r.Intn(5); i > 0; i-- {
		k := randomScalar(r)
		if r.Intn(3) > 0 {
			k.Tag, k.Style = yaml.NodeTagString, 0
		}
		if seen[k.Value] {
			continue
		}
		seen[k.Value] = true
		n.Content = append(n.Content, k, randomTree(r, depth+1))
	}
	return n
}
