package generator

import (
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// resolveMergeKeys returns the spec with YAML merge keys (`<<: *base`)
// resolved the way kustomize resolves them before any plugin sees a
// resource (kyaml's RNode.DeAnchor, which kustomize's ResMap.DeAnchor
// calls): the merged map's own keys win over merged ones, earlier maps in
// a `<<: [*a, *b]` list over later ones. So a spec means the same under
// kustomize, kpt, the quick look and stdin.
//
// The input is never changed (the function returns spec items as they
// came): DeAnchor runs on a copy that keeps line numbers and shares no
// node with the input. A spec without merge keys is returned as it is;
// one whose aliases would expand past maxDecodeNodes is returned as it is
// too, and the decoder's budget reports it.
func resolveMergeKeys(node *yaml.RNode) (*yaml.RNode, error) {
	if !hasMergeKey(node.YNode(), map[*yaml.Node]bool{}) || expandedSize(node.YNode(), maxDecodeNodes) > maxDecodeNodes {
		return node, nil
	}
	cp := yaml.NewRNode(deepCopy(node.YNode(), map[*yaml.Node]*yaml.Node{}))
	if err := cp.DeAnchor(); err != nil {
		return node, err
	}
	return cp, nil
}

// hasMergeKey reports a `<<` merge key anywhere in n.
func hasMergeKey(n *yaml.Node, seen map[*yaml.Node]bool) bool {
	if n == nil || seen[n] {
		return false
	}
	seen[n] = true
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Tag == yaml.MergeTag {
				return true
			}
		}
	}
	for _, c := range n.Content {
		if hasMergeKey(c, seen) {
			return true
		}
	}
	return n.Kind == yaml.AliasNode && hasMergeKey(n.Alias, seen)
}

// expandedSize counts the nodes of n with aliases expanded, stopping past
// limit.
func expandedSize(n *yaml.Node, limit int) int {
	if n == nil {
		return 0
	}
	if n.Kind == yaml.AliasNode {
		return expandedSize(n.Alias, limit)
	}
	size := 1
	for _, c := range n.Content {
		size += expandedSize(c, limit-size)
		if size > limit {
			return size
		}
	}
	return size
}

// deepCopy copies n with its aliases pointing into the copy.
func deepCopy(n *yaml.Node, memo map[*yaml.Node]*yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	if c, ok := memo[n]; ok {
		return c
	}
	c := *n
	memo[n] = &c
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, ch := range n.Content {
		c.Content[i] = deepCopy(ch, memo)
	}
	c.Alias = deepCopy(n.Alias, memo)
	return &c
}
