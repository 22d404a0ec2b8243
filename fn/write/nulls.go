package write

import "sigs.k8s.io/kustomize/kyaml/yaml"

// spellNulls makes implicit nulls survive re-serialization. The YAML
// emitter cannot write an empty plain scalar inside a flow collection or as
// a mapping key, so it quotes it: `{replicas: }` would come back as
// `{replicas: ”}`, turning a null into a string (which the API server then
// rejects for an integer field). Such nulls are spelled `null` instead,
// which reads back as the same value; block-style `key:` is left alone so
// those bytes do not change.
func spellNulls(n *yaml.Node) {
	walkNulls(n, false)
}

func walkNulls(n *yaml.Node, inFlow bool) {
	if n == nil {
		return
	}
	inFlow = inFlow || n.Style&yaml.FlowStyle != 0
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			walkNulls(c, inFlow)
		}
	case yaml.MappingNode:
		for i, c := range n.Content {
			if i%2 == 0 {
				emptyNull(c) // keys are always in simple-key context
			}
			walkNulls(c, inFlow)
		}
	case yaml.ScalarNode:
		if inFlow {
			emptyNull(n)
		}
	}
}

func emptyNull(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Value == "" && n.ShortTag() == yaml.NodeTagNull {
		n.Value = "null"
	}
}
