package lint

import (
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// This file reads kyaml nodes into Objects. The function (fn) and import
// both read objects this way, so the rules see the same values whichever
// way an object arrives.

// Reads reports whether the rules read objects of this apiVersion and kind:
// the four backend kinds, and v1 Secrets (for the key a policy reads).
func Reads(apiVersion, kind string) bool {
	return IsBackendKind(apiVersion, kind) || apiVersion == "v1" && kind == KindSecret
}

// Decode reads n, whose apiVersion and kind the caller has read with
// meta.TopString, into an Object. It reports false when n is not a map of
// fields; hostile YAML must not crash the caller, so a panic in the decoder
// reads as "not decodable" too.
func Decode(n *yaml.RNode, apiVersion, kind string) (Object, bool) {
	if n == nil || n.YNode() == nil || n.YNode().Kind != yaml.MappingNode {
		return Object{}, false
	}
	body, ok := decodeMap(n.YNode())
	if !ok {
		return Object{}, false
	}
	// the identity as the function reads it (package meta), the body as data
	m := meta.Of(n)
	return Object{APIVersion: apiVersion, Kind: kind, Namespace: m.Namespace, Name: m.Name,
		Owned: m.Owner != "", Body: body}, true
}

func decodeMap(n *yaml.Node) (m map[string]any, ok bool) {
	defer func() {
		if recover() != nil {
			m, ok = nil, false
		}
	}()
	if err := n.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}
