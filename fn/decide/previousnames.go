package decide

import (
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/buildmeta"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// kustomize renames objects (namePrefix, nameSuffix, namespace) before it
// runs a kustomization's `transformers:` on them, and records each
// object's earlier identities on it while the build runs (api/resource
// StorePreviousId; read back by internal/utils.PrevIds): comma-separated
// lists, oldest first and parallel to each other, in
//
//	internal.config.kubernetes.io/previousNames
//	internal.config.kubernetes.io/previousNamespaces
//	internal.config.kubernetes.io/previousKinds
//
// (earlier kustomize releases wrote the same keys under
// config.kubernetes.io/). kustomize matches name references through them
// after all transformers have run. The function matches the objects it
// patches the same way: a spec named openai adopts the hand-written
// Backend that namePrefix: team- made team-openai, instead of appending a
// second, unprefixed Backend/openai next to it.
var previousIDAnnotations = [][3]string{
	{buildmeta.PreviousNames, buildmeta.PreviousNamespaces, buildmeta.PreviousKinds},
	{buildmeta.LegacyPreviousNames, buildmeta.LegacyPreviousNamespaces, buildmeta.LegacyPreviousKinds},
}

// originalKey is the key an object had as written, before kustomize
// renamed it in this build, and whether it differs from its current key.
func originalKey(n *yaml.RNode) (objKey, bool) {
	a := meta.Annotations(n)
	for _, keys := range previousIDAnnotations {
		names := a[keys[0]]
		if names == "" {
			continue
		}
		k := keyOf(n)
		orig := k
		orig.name = firstCSV(names)
		if ns := firstCSV(a[keys[1]]); ns != "" {
			orig.namespace = ns
		}
		if kind := firstCSV(a[keys[2]]); kind != "" && kind != k.kind {
			return objKey{}, false // it was another kind: not one of ours then
		}
		return orig, orig != k && orig.name != ""
	}
	return objKey{}, false
}

func firstCSV(s string) string {
	first, _, _ := strings.Cut(s, ",")
	return strings.TrimSpace(first)
}
