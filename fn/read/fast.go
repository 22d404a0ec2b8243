package read

import (
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
	"github.com/aigw-dev/aigw-backend/internal/dupkeys"
	"github.com/aigw-dev/aigw-backend/internal/jsonyaml"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// Fast reads block-style YAML without building a tree for each item. ok
// is false when the input is outside what it models; Full then reads it.
func Fast(input []byte, writes Echo) (t *Table, ok bool) {
	l, ok := List(input)
	if !ok {
		return nil, false
	}
	return FromList(l, writes)
}

// List cuts the input the way the fast route takes it, or says it cannot
// (ok=false: Full reads the input). It only changes how bytes are read,
// never what a run decides: a JSON ResourceList is rewritten as the block
// YAML kyaml reads it as (package jsonyaml), and a list without a final
// line break gets one that changes no value (rawlist.Terminate), so that
// the byte writer, which writes after the last item, cannot change a block
// scalar that ends the input. If the fast route gives up, Full reads the
// original input, so its messages point at the user's own lines.
func List(input []byte) (*rawlist.List, bool) {
	if jsonyaml.IsObject(input) {
		b, ok := jsonyaml.ToBlock(input)
		if !ok {
			return nil, false
		}
		input = b
	}
	input, ok := rawlist.Terminate(input)
	if !ok {
		return nil, false
	}
	return rawlist.Parse(input)
}

// FromList is Fast over a list rawlist already cut.
func FromList(l *rawlist.List, writes Echo) (*Table, bool) {
	// Without items there is nothing to save; and `items:` (null), which
	// rawlist reads as no items, is refused by the SDK: Full says so.
	if len(l.Items) == 0 {
		return nil, false
	}
	// The bytes around the items are copied to the output as they are, so
	// they must be YAML without a top-level key written twice (which
	// go-yaml and the API machinery reject); otherwise Full, whose writer
	// writes a fresh header, takes the input.
	frame, err := yaml.Parse(string(l.Frame()))
	if err != nil || hasDuplicateKey(frame.YNode()) {
		return nil, false
	}
	t := &Table{List: l, Rows: make([]Row, len(l.Items)), writes: writes}
	if f := frame.Field("functionConfig"); f != nil {
		switch {
		case f.Value.YNode().Kind != yaml.MappingNode:
			return nil, false // null or not a map: the SDK refuses it, Full says so
		case len(dupkeys.Find(f.Value.YNode())) > 0:
			return nil, false // reported with the input's line numbers by Full
		case !f.Value.IsNilOrEmpty():
			t.FnConfig = f.Value
		}
	}
	for i := range l.Items {
		it := &l.Items[i]
		t.Rows[i].Item = it
		if it.Header.Certain {
			t.Rows[i].Meta = it.Header.Meta()
			continue
		}
		// the scan is unsure of the header: the item's Meta comes from its
		// tree, and so does the decision whether its role may change it
		doc := it.Document()
		n, err := yaml.Parse(string(doc))
		if err != nil || len(dupkeys.Find(n.YNode())) > 0 {
			return nil, false
		}
		t.Rows[i].Meta = meta.Of(n)
		if t.adopt(i, n, doc) != nil {
			return nil, false
		}
	}
	return t, true
}

// hasDuplicateKey reports whether a mapping has a key twice.
func hasDuplicateKey(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if seen[k] {
			return true
		}
		seen[k] = true
	}
	return false
}
