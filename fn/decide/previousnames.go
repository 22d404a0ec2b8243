package decide

import (
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
//
// buildmeta.PreviousIDs reads the annotations (the one reader the
// whole-build check uses too); the oldest identity is the one the object
// was written with (kustomize's OrgId).

// originalKey is the key an object had as written, before kustomize
// renamed it in this build, and whether it differs from its current key.
func originalKey(n *yaml.RNode) (objKey, bool) {
	k := keyOf(n)
	ids := buildmeta.PreviousIDs(meta.Annotations(n), k.namespace, k.kind)
	if len(ids) == 0 {
		return objKey{}, false
	}
	if ids[0].Kind != k.kind {
		return objKey{}, false // it was another kind: not one of ours then
	}
	orig := k
	orig.name, orig.namespace = ids[0].Name, ids[0].Namespace
	return orig, orig != k && orig.name != ""
}
