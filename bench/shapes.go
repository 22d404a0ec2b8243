package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
)

// This file writes the shapes of a package that once cost far more than
// the same items in block style: flow-style items, no final line break,
// JSON (Options.FlowItems, NoFinalNewline, JSON), and the small items of
// a JSON list as orchestrators send it (Options.Small).

func (o Options) shapeName() string {
	s := ""
	if o.Small {
		s += "/small"
	}
	if o.FlowItems > 0 {
		s += fmt.Sprintf("/flow=%d", o.FlowItems)
	}
	if o.NoFinalNewline {
		s += "/no-final-newline"
	}
	if o.JSON {
		s += "/json"
	}
	return s
}

// writeSmall writes a small ConfigMap.
func writeSmall(p func(string, ...any), i int) {
	id := smallItemID(i)
	p("- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: %s\n    namespace: %s\n  data:\n    key: value-%d\n", id.Name, id.Namespace, i)
}

func smallItemID(i int) ItemID {
	return ItemID{"v1", "ConfigMap", fmt.Sprintf("ns-%02d", i%16), fmt.Sprintf("cm-%06d", i)}
}

// writeFlowItems writes n flow-style ConfigMaps, one line each.
func writeFlowItems(p func(string, ...any), n int) {
	for _, id := range flowItemIDs(n) {
		p("- {apiVersion: v1, kind: ConfigMap, metadata: {name: %s, namespace: %s}, data: {key: 'flow style'}}\n", id.Name, id.Namespace)
	}
}

func flowItemIDs(n int) []ItemID {
	ids := make([]ItemID, n)
	for i := range ids {
		ids[i] = ItemID{"v1", "ConfigMap", "flow", fmt.Sprintf("flow-%03d", i)}
	}
	return ids
}

// writeShaped writes the block-style list, then drops its final line
// break or rewrites it as JSON.
func (o Options) writeShaped(w io.Writer) error {
	block := o
	block.JSON, block.NoFinalNewline = false, false
	b := Generate(block)
	if o.JSON {
		var err error
		if b, err = toJSON(b); err != nil {
			return err
		}
	}
	if o.NoFinalNewline {
		b = bytes.TrimSuffix(b, []byte("\n"))
	}
	_, err := w.Write(b)
	return err
}

// toJSON rewrites a block-style ResourceList as JSON, keys in their order,
// one item a line. It parses one item at a time, so that a list of 100 000
// items does not need a tree of all of them.
func toJSON(block []byte) ([]byte, error) {
	l, ok := rawlist.Parse(block)
	if !ok {
		return nil, fmt.Errorf("synth: the block-style list is not one rawlist splits")
	}
	frame, err := yaml.Parse(string(l.Frame()))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	w.WriteString(`{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[`)
	for i := range l.Items {
		n, err := yaml.Parse(string(l.Items[i].Document()))
		if err != nil {
			return nil, err
		}
		if i > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n")
		if err := nodeJSON(w, n.YNode()); err != nil {
			return nil, err
		}
	}
	w.WriteString("\n]")
	if f := frame.Field("functionConfig"); f != nil {
		w.WriteString(`,"functionConfig":`)
		if err := nodeJSON(w, f.Value.YNode()); err != nil {
			return nil, err
		}
	}
	w.WriteString("}\n")
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// nodeJSON writes a YAML node as JSON, keys in order.
func nodeJSON(w *bufio.Writer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.MappingNode:
		w.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				w.WriteByte(',')
			}
			q, _ := json.Marshal(n.Content[i].Value)
			w.Write(q)
			w.WriteByte(':')
			if err := nodeJSON(w, n.Content[i+1]); err != nil {
				return err
			}
		}
		w.WriteByte('}')
	case yaml.SequenceNode:
		w.WriteByte('[')
		for i, e := range n.Content {
			if i > 0 {
				w.WriteByte(',')
			}
			if err := nodeJSON(w, e); err != nil {
				return err
			}
		}
		w.WriteByte(']')
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case yaml.NodeTagNull:
			w.WriteString("null")
		case yaml.NodeTagBool:
			v, err := strconv.ParseBool(n.Value)
			if err != nil {
				return fmt.Errorf("synth: boolean %q: %w", n.Value, err)
			}
			w.WriteString(strconv.FormatBool(v))
		case yaml.NodeTagInt, yaml.NodeTagFloat:
			w.WriteString(n.Value)
		default:
			q, _ := json.Marshal(n.Value)
			w.Write(q)
		}
	default:
		return fmt.Errorf("synth: no JSON for a YAML node of kind %d", n.Kind)
	}
	return nil
}
