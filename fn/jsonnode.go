package fn

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// jsonNode builds, from the JSON encoding/json wrote for a generated
// object, the node valueNode builds from the same JSON decoded into
// map[string]any — without the maps and interface values in between,
// which were most of toRNode and a sixth of a run with 1 000 in-package
// specs. The input is trusted to be compact, valid JSON (json.Marshal's);
// anything unexpected is an error and toRNode falls back to the decode.
// TestJSONNodeMatchesValueNode holds the two to the same trees.
func jsonNode(j []byte) (*yaml.Node, error) {
	p := jsonParser{b: j}
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
		return stringNode(s), nil
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
	var pairs []jsonPair
	for p.i < len(p.b) && p.b[p.i] != '}' {
		if len(pairs) > 0 {
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
		pairs = append(pairs, jsonPair{k, v})
	}
	if err := p.expect('}'); err != nil {
		return nil, err
	}
	sort.Slice(pairs, func(i, j int) bool { return fieldLess(pairs[i].key, pairs[j].key) })
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap}
	if len(pairs) > 0 {
		n.Content = make([]*yaml.Node, 0, 2*len(pairs))
	}
	for _, kv := range pairs {
		n.Content = append(n.Content, stringNode(kv.key), kv.val)
	}
	return n, nil
}

func (p *jsonParser) array() (*yaml.Node, error) {
	p.i++ // [
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: yaml.NodeTagSeq}
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
