package fn

import (
	"bytes"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
)

// runFast is Run for the common case: the input is block-style YAML that
// package rawlist can split. Only the items the function may read or change
// get a kyaml tree (AIBackendSpecs, the four generated kinds, and anything
// whose header the scan was unsure of); every other item is copied to the
// output as its original bytes. On a 10 000-item package that is the
// difference between parsing 15 MB of YAML and parsing a few objects.
//
// It reports ok=false when the input must take the full path (a relevant
// item kyaml cannot parse, for instance), so error messages always come
// from one place.
func runFast(l *rawlist.List, opt Options) (Output, bool) {
	// Without items there is nothing to save; and `items:` (null), which
	// rawlist reads as no items, is refused by the SDK: the full path
	// decides.
	if len(l.Items) == 0 {
		return Output{}, false
	}
	// The bytes around the items are copied to the output as they are, so
	// they must be YAML, without a top-level key written twice (which
	// go-yaml and the API machinery reject): otherwise the full path, which
	// writes a fresh header, takes the input.
	frame, err := yaml.Parse(string(l.Frame()))
	if err != nil || hasDuplicateKey(frame.YNode()) {
		return Output{}, false
	}
	var fnConfig *yaml.RNode
	if f := frame.Field("functionConfig"); f != nil {
		if f.Value.YNode().Kind != yaml.MappingNode {
			return Output{}, false // null or not a map: the SDK refuses it, the full path says so
		}
		if hasDuplicateKeys(f.Value) {
			return Output{}, false // reported with the input's line numbers by the full path
		}
		if !f.Value.IsNilOrEmpty() {
			fnConfig = f.Value
		}
	}
	var nodes []*yaml.RNode
	var others []fileRef            // path/index of the items not parsed
	parsed := map[int]*yaml.RNode{} // position in l.Items -> its tree
	before := map[*yaml.RNode]string{}
	// asWritten holds the parsed items whose input bytes are exactly what
	// the writer makes of their tree (see writtenAsIs): for them the writer
	// needs no serialization taken before apply.
	asWritten := map[*yaml.RNode]bool{}
	for i := range l.Items {
		it := &l.Items[i]
		if it.Header.Certain && !relevant(it.Header) {
			if mayRecordFile(it.Raw) {
				n, err := yaml.Parse(string(it.Document()))
				if err != nil {
					return Output{}, false
				}
				if _, ok := badShape(n); ok {
					others = append(others, fileRefOf(n))
				}
			}
			continue
		}
		doc := it.Document()
		n, err := yaml.Parse(string(doc))
		if err != nil || hasDuplicateKeys(n) {
			// a duplicate key is reported with the input's line numbers,
			// which only the full path's parse has
			return Output{}, false
		}
		var s string // stays "" for an item copied as its original bytes below
		switch {
		case neverEdited(n):
		case writtenAsIs(n, doc):
			asWritten[n] = true
		default:
			if s, err = n.String(); err != nil {
				return Output{}, false
			}
		}
		nodes = append(nodes, n)
		parsed[i] = n
		before[n] = s
	}

	nodes, ok := withLintSecrets(l, fnConfig, nodes, parsed, before)
	if !ok {
		return Output{}, false
	}
	// kustomize's generator call has one item, so nodes holds it if any
	echo := len(l.Items) == 1 && isGeneratorEcho(fnConfig, nodes)
	o := safeApply(fnConfig, nodes, others, true, opt) // a failed run writes every item's input bytes (below)
	if echo && !o.failed {
		o.items = without(o.items, nodes[0])
	}

	kept := make(map[*yaml.RNode]bool, len(o.items))
	var added []*yaml.RNode
	if o.failed {
		// a failed run gives every input item back as it came, from its
		// input bytes; o.items is not read (safeApply took no copies)
		for _, n := range parsed {
			kept[n] = true
		}
	} else {
		for _, n := range o.items {
			if _, in := before[n]; in {
				kept[n] = true
			} else {
				added = append(added, n)
			}
		}
	}
	entries := make([]rawlist.Entry, 0, len(l.Items)+len(added))
	for i := range l.Items {
		it := &l.Items[i]
		n, ok := parsed[i]
		switch {
		case !ok:
			entries = append(entries, rawlist.Entry{Orig: it})
		case !kept[n]:
			// pruned
		case neverEdited(n):
			entries = append(entries, rawlist.Entry{Orig: it})
		case asWritten[n]:
			doc, changed, err := docIfRewritten(n, it.Document(), o.failed)
			if err != nil {
				return Output{}, false
			}
			if changed {
				entries = append(entries, rawlist.Entry{Doc: doc})
			} else {
				entries = append(entries, rawlist.Entry{Orig: it})
			}
		default:
			doc, changed, err := docIfChanged(n, before[n], o.failed)
			if err != nil {
				return Output{}, false
			}
			if changed {
				entries = append(entries, rawlist.Entry{Doc: doc})
			} else {
				entries = append(entries, rawlist.Entry{Orig: it})
			}
		}
	}
	for _, n := range added {
		doc, err := encode(n)
		if err != nil {
			return Output{}, false
		}
		entries = append(entries, rawlist.Entry{Doc: doc})
	}
	results, err := encodeResults(o.results)
	if err != nil {
		return Output{}, false
	}
	var buf bytes.Buffer
	if err := l.Write(&buf, entries, results); err != nil {
		return Output{}, false
	}
	return finish(buf.Bytes(), o.results, o.failed), true
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

// relevant reports whether the function may read or change an item: the
// same classification the full path makes (roleOf), from the same two
// header values.
func relevant(h rawlist.Header) bool {
	return roleOf(h.APIVersion, h.Kind) != roleOther
}

func docIfChanged(n *yaml.RNode, before string, failed bool) ([]byte, bool, error) {
	if failed {
		return nil, false, nil
	}
	s, err := n.String()
	if err != nil || s == before {
		return nil, false, err
	}
	doc, err := encode(n)
	return doc, true, err
}

// writtenAsIs reports whether doc, an item's input bytes, is exactly what
// encode writes for its tree n — as it is for the objects the function
// wrote on an earlier render. It only looks: emitSimple does not change n,
// and on the shapes emitSimple takes prepareForEncode changes nothing, so
// encode(n) would give the same bytes. This is a writer's shortcut only:
// what apply does with the item is decided as for any other.
func writtenAsIs(n *yaml.RNode, doc []byte) bool {
	b, ok := emitSimple(n.YNode())
	return ok && bytes.Equal(b, doc)
}

// docIfRewritten is docIfChanged for an item whose input bytes doc are
// what encode wrote for its tree before apply (writtenAsIs): the tree is
// unchanged exactly when encode still writes doc, so the serialization of
// the tree before apply is not needed. Either way the output bytes are the
// ones docIfChanged gives.
func docIfRewritten(n *yaml.RNode, doc []byte, failed bool) ([]byte, bool, error) {
	if failed {
		return nil, false, nil
	}
	b, err := encode(n)
	if err != nil || bytes.Equal(b, doc) {
		return nil, false, err
	}
	return b, true, nil
}

// encode writes one node as a standalone document, formatted like write.
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
