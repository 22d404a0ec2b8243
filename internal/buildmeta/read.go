package buildmeta

import "sigs.k8s.io/kustomize/kyaml/yaml"

// Annotations returns an object's metadata.annotations as written: every
// entry whose key and value are scalars, with the value's text as it
// stands in the YAML (`False`, `~` and `yes` stay those words; YAML 1.2
// would read them as a bool or null, kustomize and kyaml's getters read
// the text). Later duplicates win. nil when there are none or the object
// is not shaped like one. It never panics, whatever the node holds.
func Annotations(n *yaml.RNode) map[string]string {
	return MetaStrings(n, yaml.AnnotationsField)
}

// MetaStrings is Annotations for another string map under metadata
// (labels).
func MetaStrings(n *yaml.RNode, field string) map[string]string {
	if n == nil || n.YNode() == nil || n.YNode().Kind != yaml.MappingNode {
		return nil
	}
	meta := n.Field(yaml.MetadataField)
	if meta == nil || meta.Value.YNode().Kind != yaml.MappingNode {
		return nil
	}
	f := meta.Value.Field(field)
	if f == nil || f.Value.YNode().Kind != yaml.MappingNode {
		return nil
	}
	c := f.Value.YNode().Content
	m := make(map[string]string, len(c)/2)
	for i := 0; i+1 < len(c); i += 2 {
		if c[i].Kind == yaml.ScalarNode && c[i+1].Kind == yaml.ScalarNode {
			m[c[i].Value] = c[i+1].Value
		}
	}
	return m
}
