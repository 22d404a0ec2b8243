package decide

import (
	"slices"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// appendAnnotations adds key/value annotations to n the way kyaml's
// yaml.SetAnnotation does (a plain key, a single-quoted string value) —
// but directly, without SetAnnotation's path lookups and its
// clear-empty-metadata pass (a performance-only pair: docs/performance.md,
// "Pairs kept", has its measured gain). It only handles the case of a new generated object: a
// non-empty metadata.annotations map holding none of the keys; it reports
// false otherwise, and the caller uses SetAnnotation.
// TestAppendAnnotationsMatchesSetAnnotation holds the two to the same result.
func appendAnnotations(n *yaml.RNode, kv [][2]string) bool {
	meta := n.Field(yaml.MetadataField)
	if meta == nil || meta.Value.YNode().Kind != yaml.MappingNode {
		return false
	}
	anns := meta.Value.Field(yaml.AnnotationsField)
	if anns == nil || anns.Value.YNode().Kind != yaml.MappingNode || len(anns.Value.YNode().Content) == 0 {
		return false
	}
	m := anns.Value.YNode()
	for i := 0; i+1 < len(m.Content); i += 2 {
		for _, p := range kv {
			if m.Content[i].Value == p[0] {
				return false
			}
		}
	}
	// one allocation for the new nodes and one for the grown content
	nodes := make([]yaml.Node, 2*len(kv))
	m.Content = slices.Grow(m.Content, 2*len(kv))
	for i, p := range kv {
		k, v := &nodes[2*i], &nodes[2*i+1]
		*k = yaml.Node{Kind: yaml.ScalarNode, Value: p[0]}
		v.SetString(p[1])
		v.Style = yaml.SingleQuotedStyle
		m.Content = append(m.Content, k, v)
	}
	return true
}
