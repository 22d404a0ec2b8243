package object

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// jsonNode builds, from the JSON encoding/json wrote for a generated
// object, the node valueNode builds from the same JSON decoded into
// map[string]any — without the maps and interface values in between (a
// performance-only pair: docs/performance.md, "Pairs kept", has its
// measured gain). The input is trusted to be compact, valid JSON (json.Marshal's);
// anything unexpected is an error and toRNode falls back to the decode.
// TestJSONNodeMatchesValueNode holds the two to the same trees.
func jsonNode(j []byte) (*yaml.Node, error) {
	// Every node is a key (one per ':'), an object value (one per ':') or
	// an array element (at most one per ',' or '['), plus the root: an
	// upper bound (those bytes inside strings count too), so the slabs are
	// allocated once and never much too large.
	colons := bytes.Count(j, []byte{':'})
	p := jsonParser{b: j,
		nodes: make([]yaml.Node, 2*colons+bytes.Count(j, []byte{','})+bytes.Count(j, []byte{'['})+1),
		refs:  make([]*yaml.Node, 2*colons)}
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	if p.i != len(p.b) {
		return nil, fmt.Errorf("trailing data at offset %d", p.i)
	}
	return n, nil
}

type jsonParser struct {
	b []byte
	i int
	// nodes and refs are carved into the tree's nodes and mapping
	// contents, and pairs is a stack of the objects being read: one
	// allocation for many small ones, which the garbage collector then
	// has fewer of to track (a run over 1 000 in-package specs builds
	// about 80 000 nodes). Contents are capped (s[a:b:b]), so a later
	// append to one reallocates instead of writing over its neighbour.
	nodes []yaml.Node
	refs  []*yaml.Node
	pairs []jsonPair
}

// node returns a new zero node from the slab.
func (p *jsonParser) node() *yaml.Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]yaml.Node, 16) // not reached: jsonNode sizes the slab
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	return n
}

// content returns an empty slice of capacity n from the slab.
func (p *jsonParser) content(n int) []*yaml.Node {
	if n > len(p.refs) {
		p.refs = make([]*yaml.Node, n) // not reached: jsonNode sizes the slab
	}
	c := p.refs[:0:n]
	p.refs = p.refs[n:]
	return c
}

// stringNode is stringNode (object.go) on a slab node.
func (p *jsonParser) stringNode(s string) *yaml.Node {
	n := p.node()
	*n = yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagString, Value: s}
	if mustQuote(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func (p *jsonParser) value() (*yaml.Node, error) {
	if p.i >= len(p.b) {
		return nil, fmt.Errorf("unexpected end of JSON")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return p.stringNode(s), nil
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if len(p.b)-p.i >= len(lit) && string(p.b[p.i:p.i+len(lit)]) == lit {
				p.i += len(lit)
				switch lit {
				case "true":
					return valueNode(true), nil
				case "false":
					return valueNode(false), nil
				}
				return valueNode(nil), nil
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		start := p.i
		for p.i < len(p.b) && (p.b[p.i] == '-' || p.b[p.i] == '+' || p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E' || p.b[p.i] >= '0' && p.b[p.i] <= '9') {
			p.i++
		}
		f, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
		if err != nil {
			return nil, err
		}
		return valueNode(f), nil
	}
	return nil, fmt.Errorf("unexpected %q at offset %d", p.b[p.i], p.i)
}

func (p *jsonParser) expect(c byte) error {
	if p.i >= len(p.b) || p.b[p.i] != c {
		return fmt.Errorf("expected %q at offset %d", c, p.i)
	}
	p.i++
	return nil
}

type jsonPair struct {
	key string
	val *yaml.Node
}

func (p *jsonParser) object() (*yaml.Node, error) {
	p.i++ // {
	start := len(p.pairs)
	defer func() { p.pairs = p.pairs[:start] }()
	for p.i < len(p.b) && p.b[p.i] != '}' {
		if len(p.pairs) > start {
			if err := p.expect(','); err != nil {
				return nil, err
			}
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		if err := p.expect(':'); err != nil {
			return nil, err
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.pairs = append(p.pairs, jsonPair{k, v})
	}
	if err := p.expect('}'); err != nil {
		return nil, err
	}
	pairs := p.pairs[start:]
	// JSON objects from encoding/json have unique keys, so the order is
	// total and an unstable sort gives sort.Slice's result.
	slices.SortFunc(pairs, func(a, b jsonPair) int {
		switch {
		case fieldLess(a.key, b.key):
			return -1
		case fieldLess(b.key, a.key):
			return 1
		}
		return 0
	})
	n := p.node()
	*n = yaml.Node{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap}
	if len(pairs) > 0 {
		n.Content = p.content(2 * len(pairs))
	}
	for _, kv := range pairs {
		n.Content = append(n.Content, p.stringNode(kv.key), kv.val)
	}
	return n, nil
}

func (p *jsonParser) array() (*yaml.Node, error) {
	p.i++ // [
	n := p.node()
	*n = yaml.Node{Kind: yaml.SequenceNode, Tag: yaml.NodeTagSeq}
	for p.i < len(p.b) && p.b[p.i] != ']' {
		if len(n.Content) > 0 {
			if err := p.expect(','); err != nil {
				return nil, err
			}
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, v)
	}
	if err := p.expect(']'); err != nil {
		return nil, err
	}
	return n, nil
}

// str reads a JSON string; escapes (rare in generated objects) are decoded
// by encoding/json.
func (p *jsonParser) str() (string, error) {
	if err := p.expect('"'); err != nil {
		return "", err
	}
	start, escaped := p.i, false
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case '\\':
			escaped = true
			p.i += 2
			continue
		case '"':
			raw := p.b[start:p.i]
			p.i++
			if !escaped {
				return string(raw), nil
			}
			var s string
			err := json.Unmarshal(p.b[start-1:p.i], &s)
			return s, err
		}
		p.i++
	}
	return "", fmt.Errorf("unterminated string")
}
