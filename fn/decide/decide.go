package decide

import (
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/internal/meta"
	"github.com/aigw-dev/aigw-backend/lint"
)

// Options are the settings decide takes from the command line.
type Options struct {
	// AIGatewayVersion is the target AI Gateway release for lint
	// (lint.EnvAIGatewayVersion, read by main).
	AIGatewayVersion string
}

// Plan is what the function does with a Table.
type Plan struct {
	// Out is the output's items in order: the input rows that stay, then
	// the new objects.
	Out     []Out
	Results sdk.Results
	// Failed means the run changed nothing: Out lists every input row,
	// each with its tree as it came in (nil when decide never parsed it).
	Failed bool
}

// Out is one item of the output.
type Out struct {
	// Row is the input row (-1 for a new object).
	Row int
	// Node is the row's tree when it has one (decide may have patched it),
	// or the new object.
	Node *yaml.RNode
}

// Decide decides what happens to every row of t. Its error is
// read.ErrUnreadable when a row it needs cannot be parsed on its own; the
// caller then reads the input with read.Full.
func Decide(t *read.Table, opt Options) (*Plan, error) {
	if res := nonObjects(t); len(res) > 0 {
		return unchanged(t, res, nil), nil
	}
	sel, err := selection(t)
	if err != nil {
		return nil, err
	}
	nodes := make([]*yaml.RNode, len(sel))
	rowOf := make(map[*yaml.RNode]int, len(sel))
	read := make([]bool, len(t.Rows))
	for k, i := range sel {
		nodes[k], read[i] = t.Rows[i].Node, true
		rowOf[nodes[k]] = i
	}
	// the path and index of every row decide does not read, so new objects
	// are numbered over the whole list (an item whose metadata is not a
	// map has no file for the function, like in apply)
	var others []fileRef
	for i, r := range t.Rows {
		if !read[i] && r.Meta.ShapeOK {
			others = append(others, fileRef{path: r.Meta.Path, index: r.Meta.Index, ok: r.Meta.IndexOK})
		}
	}
	// kustomize's generator call has one item
	echo := len(t.Rows) == 1 && len(sel) == 1 && isGeneratorEcho(t.FnConfig, nodes)
	o := safeApply(t.FnConfig, nodes, others, t.HasBytes(), opt)
	if o.failed {
		orig := map[int]*yaml.RNode{}
		for k, i := range sel {
			if !t.HasBytes() {
				orig[i] = o.orig[k]
			}
		}
		return unchanged(t, o.results, orig), nil
	}
	p := &Plan{Results: o.results}
	kept := make(map[int]bool, len(sel))
	var added []*yaml.RNode
	for _, n := range o.items {
		if i, in := rowOf[n]; in {
			kept[i] = true
		} else {
			added = append(added, n)
		}
	}
	if echo {
		delete(kept, sel[0])
	}
	for i := range t.Rows {
		if !read[i] || kept[i] {
			p.Out = append(p.Out, Out{Row: i, Node: t.Rows[i].Node})
		}
	}
	for _, n := range added {
		p.Out = append(p.Out, Out{Row: -1, Node: n})
	}
	return p, nil
}

// unchanged is the plan of a run that changes nothing: every row, with the
// trees given in orig where decide may have edited the row's own.
func unchanged(t *read.Table, res sdk.Results, orig map[int]*yaml.RNode) *Plan {
	p := &Plan{Results: res, Failed: true, Out: make([]Out, len(t.Rows))}
	for i, r := range t.Rows {
		n := r.Node
		if o, ok := orig[i]; ok {
			n = o
		}
		p.Out[i] = Out{Row: i, Node: n}
	}
	return p
}

// selection returns, in input order, the rows decide reads: the specs,
// the generated kinds, and the v1 Secrets lint may need (whose name one of
// those rows or the functionConfig mentions). Their trees are parsed.
func selection(t *read.Table) ([]int, error) {
	var sel []int
	secrets := false
	for i, r := range t.Rows {
		switch {
		case r.Meta.Role != meta.RoleOther:
			if _, err := t.Tree(i); err != nil {
				return nil, err
			}
			sel = append(sel, i)
		case isLintSecret(r.Meta):
			secrets = true
		}
	}
	if !secrets {
		return sel, nil
	}
	nodes := make([]*yaml.RNode, len(sel))
	for k, i := range sel {
		nodes[k] = t.Rows[i].Node
	}
	names := mentioned(t.FnConfig, nodes)
	all := make([]int, 0, len(sel))
	for i, r := range t.Rows {
		switch {
		case r.Meta.Role != meta.RoleOther:
			all = append(all, i)
		case isLintSecret(r.Meta) && names[r.Meta.Name]:
			if _, err := t.Tree(i); err != nil {
				return nil, err
			}
			all = append(all, i)
		}
	}
	return all, nil
}

func isLintSecret(m meta.Meta) bool { return m.Kind == lint.KindSecret && m.APIVersion == "v1" }

// mentioned returns every scalar of the functionConfig and of nodes: the
// names a spec or a policy may reference a Secret by. Lint's Secret rule
// only reports on a Secret a policy references, so the Secrets no read row
// mentions cannot change a finding, and a package's thousands of other
// Secrets are never parsed.
func mentioned(fnConfig *yaml.RNode, nodes []*yaml.RNode) map[string]bool {
	names := map[string]bool{}
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > 64 {
			return
		}
		switch n.Kind {
		case yaml.ScalarNode:
			names[n.Value] = true
		case yaml.AliasNode:
			// the anchored node is walked where it is defined
		default:
			for _, c := range n.Content {
				walk(c, depth+1)
			}
		}
	}
	if fnConfig != nil {
		walk(fnConfig.YNode(), 0)
	}
	for _, n := range nodes {
		walk(n.YNode(), 0)
	}
	return names
}

// nonObjects names, by index, the items that are not objects (`- null`,
// `- text`, a list): the function cannot tell what they are, so it refuses
// to run and gives every item back.
func nonObjects(t *read.Table) sdk.Results {
	var res sdk.Results
	for i, r := range t.Rows {
		if r.Meta.Object {
			continue
		}
		n, err := t.Tree(i)
		if err != nil {
			continue // unreadable alone: read.Full reports it
		}
		if msg := notAnObject(n.YNode()); msg != "" {
			res = append(res, &sdk.Result{Severity: sdk.Error, File: &sdk.File{Path: fmt.Sprintf("item %d", i)},
				Message: fmt.Sprintf("this item %s; every item of a ResourceList must be a Kubernetes object (a map with apiVersion, kind and metadata)", msg)})
		}
	}
	return res
}

// notAnObject says what an item is when it is not a mapping, or "".
func notAnObject(n *yaml.Node) string {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch {
	case n.Kind == yaml.MappingNode:
		return ""
	case n.Kind == yaml.ScalarNode && n.ShortTag() == yaml.NodeTagNull:
		return "is null (an empty \"-\" entry or \"- null\")"
	case n.Kind == yaml.ScalarNode:
		return "is a single value, not a map"
	case n.Kind == yaml.SequenceNode:
		return "is a list, not a map"
	}
	return "is not a map"
}
