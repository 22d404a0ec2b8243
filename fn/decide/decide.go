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
	written, pre, err := asProduced(t)
	if err != nil {
		return nil, err
	}
	sel, err := selection(t, written)
	if err != nil {
		return nil, err
	}
	nodes := make([]*yaml.RNode, len(sel))
	rowOf := make(map[*yaml.RNode]int, len(sel))
	isRead := make([]bool, len(t.Rows))
	for k, i := range sel {
		nodes[k], isRead[i] = t.Rows[i].Node, true
		rowOf[nodes[k]] = i
	}
	// the path and index of every row apply does not see, so new objects
	// are numbered over the whole list (an item whose metadata is not a
	// map has no file for the function, as in apply)
	var others []fileRef
	writtenKeys := make(map[objKey]bool, len(written))
	for i, r := range t.Rows {
		if written[i] {
			writtenKeys[keyOfMeta(r.Meta)] = true
		}
		if !isRead[i] && r.Meta.ShapeOK {
			others = append(others, fileRef{path: r.Meta.Path, index: r.Meta.Index, ok: r.Meta.IndexOK})
		}
	}
	// kustomize's generator call has one item
	echo := len(t.Rows) == 1 && len(sel) == 1 && isGeneratorEcho(t.FnConfig, nodes)
	o := safeApply(t.FnConfig, nodes, others, writtenKeys, pre, t.HasBytes())
	p := &Plan{Results: o.results, Failed: o.failed}
	if !o.failed {
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
			if !isRead[i] || kept[i] {
				p.Out = append(p.Out, Out{Row: i, Node: t.Rows[i].Node})
			}
		}
		for _, n := range added {
			p.Out = append(p.Out, Out{Row: -1, Node: n})
		}
	}
	if !o.panicked {
		// lint the hand-written backend objects of the result (of the
		// input when the run failed); an error among its findings (a
		// field the API server would drop) is bad input: nothing changes
		lintRes, err := lintPlan(t, p, o, sel, isRead, written, opt)
		if err != nil {
			return nil, err
		}
		p.Results = append(p.Results, lintRes...)
		p.Failed = p.Failed || hasError(lintRes)
	}
	if p.Failed {
		orig := map[int]*yaml.RNode{}
		if !t.HasBytes() {
			for k, i := range sel {
				orig[i] = o.orig[k]
			}
		}
		return unchanged(t, p.Results, orig), nil
	}
	return p, nil
}

// lintPlan lints the plan's output (the input, for a failed run) in
// output order: the rows decide read, the rows kept as bytes (written) and
// the new objects — never a row decide did not read, so both readers give
// lint the same objects. Rows kept as bytes are owned, so they only matter
// as context: they are parsed only when some unowned object is linted.
func lintPlan(t *read.Table, p *Plan, o *outcome, sel []int, isRead []bool, written map[int]bool, opt Options) (sdk.Results, error) {
	type item struct {
		n   *yaml.RNode // nil for a row kept as bytes
		row int
	}
	var list []item
	if o.failed {
		inSel := make(map[int]int, len(sel))
		for k, i := range sel {
			inSel[i] = k
		}
		for i := range t.Rows {
			if k, ok := inSel[i]; ok {
				list = append(list, item{n: o.orig[k]})
			} else if written[i] {
				list = append(list, item{row: i})
			}
		}
	} else {
		for _, out := range p.Out {
			switch {
			case out.Row < 0 || isRead[out.Row]:
				list = append(list, item{n: out.Node})
			case written[out.Row]:
				list = append(list, item{row: out.Row})
			}
		}
	}
	nodes := make([]*yaml.RNode, 0, len(list))
	for _, it := range list {
		if it.n != nil {
			nodes = append(nodes, it.n)
		}
	}
	if !anyUnownedLintCandidate(nodes) {
		return nil, nil
	}
	nodes = nodes[:0]
	for _, it := range list {
		n := it.n
		if n == nil {
			var err error
			if n, err = t.Tree(it.row); err != nil {
				return nil, err
			}
		}
		nodes = append(nodes, n)
	}
	return lintItems(nodes, opt), nil
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

// selection returns, in input order, the rows apply reads, with their
// trees parsed: the specs, the generated kinds (less the rows kept as
// bytes, written), and the v1 Secrets lint may need — those whose name the
// functionConfig, a spec or a hand-written (unowned) object of a generated
// kind mentions. Lint's Secret rule only reports on a Secret a policy
// references, and a policy the function generated references the Secrets
// its spec names, so no other Secret can change a finding, and a package's
// thousands of other Secrets are never parsed.
func selection(t *read.Table, written map[int]bool) ([]int, error) {
	var sel []int
	var mention []*yaml.RNode
	secrets := false
	for i, r := range t.Rows {
		switch {
		case r.Meta.Role != meta.RoleOther && !written[i]:
			n, err := t.Tree(i)
			if err != nil {
				return nil, err
			}
			sel = append(sel, i)
			if r.Meta.Role == meta.RoleSpec || r.Meta.Owner == "" {
				mention = append(mention, n)
			}
		case isLintSecret(r.Meta):
			secrets = true
		}
	}
	if !secrets {
		return sel, nil
	}
	names := mentioned(t.FnConfig, mention)
	all := make([]int, 0, len(sel))
	for i, r := range t.Rows {
		switch {
		case r.Meta.Role != meta.RoleOther && !written[i]:
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
// names a spec or a policy may reference a Secret by.
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
