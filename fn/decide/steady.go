package decide

import (
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// asProduced returns the rows kept as bytes: owned objects of the
// generated kinds, not parsed yet, whose input bytes are exactly what the
// byte writer writes for the object their spec produces, with the row's own
// file annotations — every generated object after a render of an unchanged
// package. Patching such a row would change nothing (patch sets the owned
// fields to the values they already have), so it needs no tree; apply
// counts it as produced and leaves it where it is.
//
// It is the same decision apply makes, reached without the tree: any doubt
// (a spec with errors, a key two rows share, another owner, other bytes)
// leaves the row to be parsed and patched as usual. Only Fast's table has
// such rows: Full's has no bytes to compare. The specs' objects are
// returned for apply, which would make the same ones.
func asProduced(t *read.Table) (map[int]bool, *generated, error) {
	if !t.HasBytes() {
		return nil, nil, nil
	}
	cand := map[objKey]int{}
	rows := map[objKey]int{}
	for i, r := range t.Rows {
		if r.Meta.Role != meta.RoleGenerated {
			continue
		}
		k := keyOfMeta(r.Meta)
		rows[k]++
		if r.Node == nil && r.Meta.Owner != "" && r.Meta.IndexOK && r.Meta.Path != "" {
			cand[k] = i
		}
	}
	if len(cand) == 0 {
		return nil, nil, nil
	}
	if t.FnConfig != nil && t.FnConfig.YNode().Kind == yaml.MappingNode {
		if _, ok := badShape(t.FnConfig); !ok {
			return nil, nil, nil // apply refuses it
		}
	}
	var specs []*yaml.RNode
	for i, r := range t.Rows {
		if r.Meta.Role == meta.RoleSpec {
			n, err := t.Tree(i)
			if err != nil {
				return nil, nil, err
			}
			if _, ok := badShape(n); !ok {
				return nil, nil, nil // apply refuses it
			}
			specs = append(specs, n)
		}
	}
	out := map[int]bool{}
	// each spec's objects are compared as soon as they are made, and the
	// trees of those already in the list are dropped: a package of specs
	// never holds all its objects as trees at once
	g := generate(t.FnConfig, specs, func(p *plan) {
		for j, obj := range p.objects {
			k := p.keys[j]
			i, ok := cand[k]
			if !ok || rows[k] > 1 || t.Rows[i].Meta.Owner != p.id {
				continue
			}
			r := &t.Rows[i]
			if writtenWithFile(t, obj, r.Meta.Path, r.Meta.Index, r.Item.Document()) {
				out[i] = true
				p.objects[j] = nil
			}
		}
	})
	if g.results.hasErrors() {
		return nil, nil, nil // the run fails or reports: every row is read
	}
	return out, g, nil
}

// writtenWithFile reports whether doc is what the byte writer writes for
// obj placed at file and index, as setFile places a new object. obj is
// given back as it came: the annotations are added, compared and taken out
// again, sparing a copy of every object of the package.
func writtenWithFile(t *read.Table, obj *yaml.RNode, file string, index int, doc []byte) bool {
	m, err := obj.Pipe(yaml.Lookup(yaml.MetadataField, yaml.AnnotationsField))
	kv := fileAnnotations(file, index)
	if err != nil || m == nil || !appendAnnotations(obj, kv) {
		c := obj.Copy()
		setFile(c, file, index)
		return t.WritesAs(c, doc)
	}
	ann := m.YNode()
	before := append([]*yaml.Node(nil), ann.Content[:len(ann.Content)-2*len(kv)]...)
	sortAnnotations(obj)
	same := t.WritesAs(obj, doc)
	ann.Content = append(ann.Content[:0], before...)
	return same
}
