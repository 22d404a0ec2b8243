package object

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/yaml11"
)

// ToRNode converts a generated object (structs with JSON tags) to a kyaml
// node that serializes exactly like sdk.NewFromTypedObject's: a JSON round
// trip, then mapping keys in kyaml's yaml.FieldOrder and alphabetically
// after it, strings quoted where go-yaml's encoder quotes them. The SDK
// gets there by emitting YAML text and parsing it back; this builds the
// nodes directly (docs/performance.md has the figures).
// TestToRNodeMatchesSDK holds the two to the same bytes.
func ToRNode(v any) (*yaml.RNode, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if n, err := jsonNode(j); err == nil {
		dropNullCreationTimestamp(n)
		return yaml.NewRNode(n), nil
	}
	var m any
	if err := json.Unmarshal(j, &m); err != nil {
		return nil, err
	}
	if obj, ok := m.(map[string]any); ok {
		if meta, ok := obj["metadata"].(map[string]any); ok {
			if ts, found := meta["creationTimestamp"]; found && ts == nil {
				delete(meta, "creationTimestamp") // as the SDK does
			}
		}
	}
	return yaml.NewRNode(valueNode(m)), nil
}

func valueNode(v any) *yaml.Node {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return fieldLess(keys[i], keys[j]) })
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap}
		for _, k := range keys {
			n.Content = append(n.Content, stringNode(k), valueNode(x[k]))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: yaml.NodeTagSeq}
		for _, e := range x {
			n.Content = append(n.Content, valueNode(e))
		}
		return n
	case string:
		return stringNode(x)
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		tag := yaml.NodeTagFloat
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			tag = yaml.NodeTagInt
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagBool, Value: strconv.FormatBool(x)}
	default: // nil: JSON null
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagNull, Value: "null"}
	}
}

// fieldLess is the SDK's key order: yaml.FieldOrder first, then by name.
func fieldLess(a, b string) bool {
	ia, okA := yaml.FieldOrder[a]
	ib, okB := yaml.FieldOrder[b]
	switch {
	case okA && okB:
		return ia < ib
	case okA || okB:
		return okA
	}
	return a < b
}

// stringNode is a string scalar. Strings YAML 1.1 would read as a bool or a
// sexagesimal number are double-quoted, as go-yaml's encoder does; the rest
// is left to the emitter, which quotes what YAML 1.2 would misread.
func stringNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagString, Value: s}
	if mustQuote(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// mustQuote reports whether a one-line string needs quotes to read back as
// a string under YAML 1.1 too: a YAML 1.1 boolean word or base 60 number.
func mustQuote(s string) bool {
	return !strings.Contains(s, "\n") && (yaml11.IsBoolSpelling(s) || base60Float(s))
}

// base60 is compiled on first use: most runs never see a string that needs
// it, and start-up is paid by every small run.
var base60 = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`)
})

func base60Float(s string) bool {
	return s != "" && strings.IndexByte(s, ':') >= 0 && (s[0] == '+' || s[0] == '-' || s[0] >= '0' && s[0] <= '9') && base60().MatchString(s)
}

// dropNullCreationTimestamp removes metadata.creationTimestamp: null, as
// toRNode's decode path (and the SDK) does.
func dropNullCreationTimestamp(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value != "metadata" || n.Content[i+1].Kind != yaml.MappingNode {
			continue
		}
		m := n.Content[i+1]
		for j := 0; j+1 < len(m.Content); j += 2 {
			if m.Content[j].Value == "creationTimestamp" && m.Content[j+1].Tag == yaml.NodeTagNull {
				m.Content = append(m.Content[:j:j], m.Content[j+2:]...)
				return
			}
		}
	}
}
