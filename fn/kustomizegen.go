package fn

import (
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// withoutGeneratorEcho drops, from a successful run's output, the copy of
// the functionConfig that kustomize sends as the only item when it runs the
// function as a generator.
//
// Why: kustomize (kyaml's runtimeutil.FunctionFilter) copies comments and
// field order from each input item to the output item with the same
// config.k8s.io/id. That walk (comments.CopyComments, walk.Walker.GetSchema)
// looks up the item's kind in the built-in Kubernetes OpenAPI schema, and the
// first lookup in a kustomize process parses the whole embedded schema: tens
// of milliseconds, more than the rest of a small build. Returning the spec
// buys nothing (kustomize drops local-config objects from its output), so a
// generator returns only what it generates and the build never parses the
// schema on our account.
//
// The item is recognised as kustomize's copy, not a package file: it has
// the functionConfig's identity and no path annotation. kpt gives every item
// a path (a Kptfile configPath file is both the functionConfig and an item
// with its path), so in-package specs and config files always stay; the
// transformer mode (`transformers:`) never receives the spec as an item.
func withoutGeneratorEcho(fnConfig *yaml.RNode, out []*yaml.RNode) []*yaml.RNode {
	if fnConfig == nil || !isSpecObject(fnConfig) {
		return out
	}
	for i, it := range out {
		if !sameID(it, fnConfig) {
			continue
		}
		a := annotations(it)
		if a[kioutil.PathAnnotation] != "" || a[kioutil.LegacyPathAnnotation] != "" {
			return out
		}
		return append(out[:i:i], out[i+1:]...)
	}
	return out
}
