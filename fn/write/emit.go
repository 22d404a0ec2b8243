package write

import (
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/yaml11"
)

// emitSimple writes a node as a YAML document, byte for byte as kyaml's
// encoder (go-yaml v3, indent 2, compact sequences) writes it — but only
// for the plain shapes generated objects have: block mappings and
// sequences of scalars that need no escaping, no comments, anchors or
// flow style. For anything else it reports false and encode uses the
// encoder, which costs about a microsecond per scalar (event machine,
// scalar analysis, one allocation per event). It is a performance-only
// pair: docs/performance.md ("Pairs kept") has its measured gain.
// TestEmitSimpleMatchesEncoder holds the two to the same bytes.
func emitSimple(n *yaml.Node) ([]byte, bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, false
	}
	e := simpleEmitter{buf: make([]byte, 0, 1024)}
	if len(n.Content) == 0 {
		if !e.plainCollection(n, yaml.NodeTagMap) {
			return nil, false
		}
		return []byte("{}\n"), true
	}
	if !e.mapping(n, 0, false) {
		return nil, false
	}
	return e.buf, true
}

type simpleEmitter struct{ buf []byte }

// plainCollection: a block collection without decorations the emitter
// would have to write.
func (e *simpleEmitter) plainCollection(n *yaml.Node, tag string) bool {
	return (n.Tag == tag || n.Tag == "") && n.Style == 0 && n.Anchor == "" &&
		n.HeadComment == "" && n.LineComment == "" && n.FootComment == ""
}

func (e *simpleEmitter) indent(col int) {
	for i := 0; i < col; i++ {
		e.buf = append(e.buf, ' ')
	}
}

// mapping writes the pairs of n, each key at column col; inline means the
// first key follows a "- " already written.
func (e *simpleEmitter) mapping(n *yaml.Node, col int, inline bool) bool {
	if !e.plainCollection(n, yaml.NodeTagMap) || len(n.Content)%2 != 0 {
		return false
	}
	for i := 0; i < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if i > 0 || !inline {
			e.indent(col)
		}
		if !e.key(k) {
			return false
		}
		e.buf = append(e.buf, ':')
		switch v.Kind {
		case yaml.ScalarNode:
			e.buf = append(e.buf, ' ')
			if !e.scalar(v) {
				return false
			}
		case yaml.MappingNode:
			if len(v.Content) == 0 {
				if !e.plainCollection(v, yaml.NodeTagMap) {
					return false
				}
				e.buf = append(e.buf, " {}\n"...)
				continue
			}
			e.buf = append(e.buf, '\n')
			if !e.mapping(v, col+2, false) {
				return false
			}
		case yaml.SequenceNode:
			if len(v.Content) == 0 {
				if !e.plainCollection(v, yaml.NodeTagSeq) {
					return false
				}
				e.buf = append(e.buf, " []\n"...)
				continue
			}
			e.buf = append(e.buf, '\n')
			if !e.sequence(v, col) { // compact: "- " at the key's column
				return false
			}
		default:
			return false
		}
	}
	return true
}

func (e *simpleEmitter) sequence(n *yaml.Node, col int) bool {
	if !e.plainCollection(n, yaml.NodeTagSeq) {
		return false
	}
	for _, it := range n.Content {
		e.indent(col)
		e.buf = append(e.buf, "- "...)
		switch it.Kind {
		case yaml.ScalarNode:
			if !e.scalar(it) {
				return false
			}
		case yaml.MappingNode:
			if len(it.Content) == 0 {
				if !e.plainCollection(it, yaml.NodeTagMap) {
					return false
				}
				e.buf = append(e.buf, "{}\n"...)
				continue
			}
			if !e.mapping(it, col+2, true) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// key writes a plain string key (the emitter writes keys longer than 128
// characters in the explicit "? key" form, hence the bound).
func (e *simpleEmitter) key(k *yaml.Node) bool {
	if k.Kind != yaml.ScalarNode || (k.Tag != yaml.NodeTagString && k.Tag != "") || k.Style != 0 || k.Anchor != "" ||
		k.HeadComment != "" || k.LineComment != "" || k.FootComment != "" ||
		len(k.Value) > 100 || !plainSafe(k.Value) {
		return false
	}
	e.buf = append(e.buf, k.Value...)
	return true
}

// scalar writes a scalar value and the line break after it.
func (e *simpleEmitter) scalar(v *yaml.Node) bool {
	if v.Anchor != "" || v.HeadComment != "" || v.LineComment != "" || v.FootComment != "" {
		return false
	}
	switch v.Tag {
	case yaml.NodeTagString, "": // no tag: written as it is, a string when plainSafe
		switch v.Style {
		case 0:
			if v.Value == "" && v.Tag == yaml.NodeTagString {
				e.buf = append(e.buf, `""`...) // the encoder quotes what would read as null
				break
			}
			if !plainSafe(v.Value) {
				return false
			}
			e.buf = append(e.buf, v.Value...)
		case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
			if !quoteSafe(v.Value) {
				return false
			}
			q := byte('\'')
			if v.Style == yaml.DoubleQuotedStyle {
				q = '"'
			}
			e.buf = append(e.buf, q)
			e.buf = append(e.buf, v.Value...)
			e.buf = append(e.buf, q)
		default:
			return false
		}
	case yaml.NodeTagInt:
		if v.Style != 0 || !decimal(v.Value) {
			return false
		}
		e.buf = append(e.buf, v.Value...)
	case yaml.NodeTagBool:
		if v.Style != 0 || (v.Value != "true" && v.Value != "false") {
			return false
		}
		e.buf = append(e.buf, v.Value...)
	default:
		return false
	}
	e.buf = append(e.buf, '\n')
	return true
}

// plainSafe: a string the encoder writes plain and that reads back as the
// same string under YAML 1.1 and 1.2: it starts with a letter or "/", has
// only letters, digits and . _ / -, and is no bool or null word.
func plainSafe(s string) bool {
	if s == "" || !(isLetter(s[0]) || s[0] == '/') || !quoteSafe(s) {
		return false
	}
	if _, ok := yaml11.Bool(s); ok {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "null":
		return false
	}
	return true
}

// quoteSafe: non-empty, only letters, digits and . _ / - (nothing the
// encoder would escape or re-style inside quotes).
func quoteSafe(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isLetter(c) && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '/' && c != '-' {
			return false
		}
	}
	return true
}

// decimal: an integer as the generator writes it (no sign, no leading 0).
func decimal(s string) bool {
	if s == "" || len(s) > 18 || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
