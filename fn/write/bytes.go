package write

import (
	"bytes"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/decide"
	"github.com/aigw-dev/aigw-backend/fn/rawlist"
	"github.com/aigw-dev/aigw-backend/fn/read"
)

// Bytes writes a plan over a table read.Fast made: the bytes around the
// items and every item decide left as it was are copied from the input;
// only patched and new objects are encoded. ok is false when something
// cannot be written this way (the caller then reads and writes the input
// with the full reader and Tree).
func Bytes(t *read.Table, p *decide.Plan) (Output, bool) {
	entries := make([]rawlist.Entry, 0, len(p.Out))
	for _, o := range p.Out {
		if o.Row < 0 {
			doc, err := encode(o.Node)
			if err != nil {
				return Output{}, false
			}
			entries = append(entries, rawlist.Entry{Doc: doc})
			continue
		}
		r := &t.Rows[o.Row]
		doc, changed, err := rewritten(r, p.Failed)
		if err != nil {
			return Output{}, false
		}
		if changed {
			entries = append(entries, rawlist.Entry{Doc: doc})
		} else {
			entries = append(entries, rawlist.Entry{Orig: r.Item})
		}
	}
	results, err := encodeResults(p.Results)
	if err != nil {
		return Output{}, false
	}
	var buf bytes.Buffer
	buf.Grow(t.List.Size() + t.List.Size()/16 + len(results) + 64<<10) // room for the new objects
	if err := t.List.Write(&buf, entries, results); err != nil {
		return Output{}, false
	}
	return Finish(buf.Bytes(), p.Results, p.Failed), true
}

// rewritten returns the new bytes of a row whose tree decide may have
// patched, and whether they differ from its input. Only the generated
// kinds are ever patched (read.Table keeps a record of their trees for
// this); a failed run changes nothing.
func rewritten(r *read.Row, failed bool) ([]byte, bool, error) {
	if failed || r.Node == nil || !r.Written && r.Before == "" {
		return nil, false, nil
	}
	if r.Written {
		// the input bytes are what encode wrote for the tree before decide:
		// the tree is unchanged exactly when encode still writes them
		b, err := encode(r.Node)
		if err != nil || bytes.Equal(b, r.Item.Document()) {
			return nil, false, err
		}
		return b, true, nil
	}
	s, err := r.Node.String()
	if err != nil || s == r.Before {
		return nil, false, err
	}
	doc, err := encode(r.Node)
	return doc, true, err
}

// Echo is the byte writer's read.Echo: doc's bytes are exactly what
// encode writes for n — as they are for the objects the function wrote on
// an earlier render. It only looks: emitSimple does not change n, and on
// the shapes emitSimple takes prepareForEncode changes nothing, so
// encode(n) would give the same bytes.
func Echo(n *yaml.RNode, doc []byte) bool {
	b, ok := emitSimple(n.YNode())
	return ok && bytes.Equal(b, doc)
}

// encode writes one node as a standalone document, formatted like Tree.
func encode(n *yaml.RNode) ([]byte, error) {
	if err := prepareForEncode(n.YNode()); err != nil {
		return nil, err
	}
	if b, ok := emitSimple(n.YNode()); ok {
		return b, nil
	}
	return encodeNode(n.YNode())
}

// encodeResults renders results as a YAML block sequence (nil when empty).
func encodeResults(res sdk.Results) ([]byte, error) {
	if len(res) == 0 {
		return nil, nil
	}
	redactResults(res) // the one policy, before any result is written
	n := &yaml.Node{}
	if err := n.Encode(res); err != nil {
		return nil, err
	}
	return encode(yaml.NewRNode(n))
}

// Encode is how both writers write one object (a standalone document).
func Encode(n *yaml.RNode) ([]byte, error) { return encode(n) }
