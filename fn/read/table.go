package read

import (
	"errors"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
	"github.com/aigw-dev/aigw-backend/internal/dupkeys"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// Table is a read ResourceList.
type Table struct {
	Rows     []Row
	FnConfig *yaml.RNode // nil when there is none (or it is empty)
	// List is the block reader's cut of the input, which the byte writer
	// writes back around the items; nil when Full read the input.
	List *rawlist.List
	// writes is the byte writer's answer to "do you write exactly doc
	// for n?" (nil for Full's table, which has no bytes)
	writes Echo
}

// Echo reports whether doc is exactly what the byte writer writes for n.
type Echo func(n *yaml.RNode, doc []byte) bool

// WritesAs reports whether doc is exactly what the byte writer writes for
// n: decide then knows an object it would produce is already in the input
// as written, without parsing it.
func (t *Table) WritesAs(n *yaml.RNode, doc []byte) bool {
	return t.writes != nil && t.writes(n, doc)
}

// Row is one item.
type Row struct {
	Meta meta.Meta
	// Item holds the item's exact input bytes (nil when Full read it).
	Item *rawlist.Item
	// Node is the item's tree: always set by Full, set by Fast once Tree
	// parsed Item.
	Node *yaml.RNode
	// Written records, for a tree parsed from Item, whether Item's bytes
	// are what the writer writes for that tree; Before is the tree as a
	// string when not (set only for the kinds decide may patch). The byte
	// writer tells from them whether decide changed the tree.
	Written bool
	Before  string
}

// ErrUnreadable is Tree's answer for an item kyaml cannot parse on its own
// or that has a duplicate key: the caller reads the whole input with Full,
// which reports it with the input's line numbers.
var ErrUnreadable = errors.New("an item needs the full reader")

// HasBytes reports whether every row has its input bytes (Fast's table):
// a failed run can then give each item back from them.
func (t *Table) HasBytes() bool { return t.List != nil }

// Tree returns row i's tree, parsing its bytes on first use.
func (t *Table) Tree(i int) (*yaml.RNode, error) {
	r := &t.Rows[i]
	if r.Node != nil {
		return r.Node, nil
	}
	doc := r.Item.Document()
	n, err := yaml.Parse(string(doc))
	if err != nil || len(dupkeys.Find(n.YNode())) > 0 {
		return nil, ErrUnreadable
	}
	return n, t.adopt(i, n, doc)
}

// adopt makes n, parsed from doc, row i's tree.
func (t *Table) adopt(i int, n *yaml.RNode, doc []byte) error {
	r := &t.Rows[i]
	if r.Meta.Role == meta.RoleGenerated {
		// the only kind decide patches: keep what the writer needs to tell
		// whether it did
		if r.Written = t.WritesAs(n, doc); !r.Written {
			var err error
			if r.Before, err = n.String(); err != nil {
				return ErrUnreadable
			}
		}
	}
	r.Node = n
	return nil
}
