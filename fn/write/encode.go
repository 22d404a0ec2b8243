package write

import (
	"bytes"
	"errors"
	"fmt"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// prepareForEncode makes a tree safe to serialize: what the output says must
// be what the input said, and the output must parse. Both engines call it
// on everything they encode (Tree on the whole ResourceList, Bytes on each
// item it re-encodes).
//
//   - Implicit nulls are spelled out (spellNulls).
//   - An alias whose anchor is no longer written before it — the anchor sat
//     in a field the function replaced, in an item it pruned, or in a
//     functionConfig written after the items — is replaced by a copy of the
//     value it stood for, so the output never names an undefined anchor.
//   - A block scalar go-yaml's emitter would write with another value (a
//     folded scalar with more-indented lines, `>+` ...) is written literal,
//     or double-quoted, whichever reads back as the same string.
func prepareForEncode(n *yaml.Node) error {
	spellNulls(n)
	x := &expander{budget: maxExpandedNodes}
	if err := x.walk(n); err != nil {
		return err
	}
	keepBlockScalars(n)
	return nil
}

// maxExpandedNodes bounds the nodes copied in place of aliases: expanding an
// alias bomb would otherwise exhaust memory.
const maxExpandedNodes = 100_000

var errExpansion = errors.New("an alias refers to an anchor inside a field the function replaces or an item it removes, and writing out its value would take more than 100000 nodes; move the anchor out of the generated objects' owned fields")

type expander struct {
	anchors map[string]*yaml.Node // anchors written so far, by name (nil until one is)
	budget  int
}

// walk visits n in the order the encoder writes it.
func (x *expander) walk(n *yaml.Node) error {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias != nil && x.anchors[n.Value] == n.Alias {
			return nil
		}
		if n.Alias == nil {
			return fmt.Errorf("alias *%s has no anchor", n.Value)
		}
		cp, err := x.copyValue(n.Alias)
		if err != nil {
			return err
		}
		head, line, foot := n.HeadComment, n.LineComment, n.FootComment
		*n = *cp
		n.HeadComment, n.LineComment, n.FootComment = head, line, foot
		return x.walk(n)
	}
	if n.Anchor != "" {
		if x.anchors == nil {
			x.anchors = map[string]*yaml.Node{}
		}
		x.anchors[n.Anchor] = n
	}
	for _, c := range n.Content {
		if err := x.walk(c); err != nil {
			return err
		}
	}
	return nil
}

// copyValue deep-copies n without anchors (the copy stands for a value, it
// does not define one); aliases inside stay aliases, walk expands them if
// they dangle too.
func (x *expander) copyValue(n *yaml.Node) (*yaml.Node, error) {
	x.budget--
	if x.budget < 0 {
		return nil, errExpansion
	}
	cp := *n
	cp.Anchor = ""
	cp.HeadComment, cp.LineComment, cp.FootComment = "", "", ""
	if len(n.Content) > 0 {
		cp.Content = make([]*yaml.Node, len(n.Content))
		for i, c := range n.Content {
			cc, err := x.copyValue(c)
			if err != nil {
				return nil, err
			}
			cp.Content[i] = cc
		}
	}
	return &cp, nil
}

// keepBlockScalars rewrites the style of block scalars the emitter would
// change the value of.
func keepBlockScalars(n *yaml.Node) {
	if n == nil || n.Kind == yaml.AliasNode {
		return
	}
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		if n.ShortTag() == yaml.NodeTagString && !roundTrips(n.Value, n.Style) {
			n.Style = yaml.LiteralStyle
			if !roundTrips(n.Value, n.Style) {
				n.Style = yaml.DoubleQuotedStyle
			}
		}
		return
	}
	for _, c := range n.Content {
		keepBlockScalars(c)
	}
}

// encodeNode writes a node as one YAML document with kyaml's encoder, the
// way every part of the function serializes a tree.
func encodeNode(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// roundTrips reports whether a string written in style reads back as itself.
func roundTrips(v string, style yaml.Style) bool {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: yaml.NodeTagSeq, Content: []*yaml.Node{
		{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: yaml.NodeTagString, Value: "k"},
			{Kind: yaml.ScalarNode, Tag: yaml.NodeTagString, Value: v, Style: style},
		}},
	}}
	b, err := encodeNode(seq)
	if err != nil {
		return false
	}
	var back []map[string]string
	if err := yaml.Unmarshal(b, &back); err != nil || len(back) != 1 {
		return false
	}
	got, ok := back[0]["k"]
	return ok && got == v
}
