package decide

import (
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/buildmeta"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// Why the echo is dropped at all: kustomize (kyaml's
// runtimeutil.FunctionFilter) copies comments and field order from each
// input item to the output item with the same config.k8s.io/id. That walk
// looks up the item's kind in the built-in Kubernetes OpenAPI schema, and
// the first lookup in a kustomize process parses the whole embedded schema:
// tens of milliseconds, more than the rest of a small build. kustomize
// drops local-config objects from a generator's output anyway, so returning
// the copy buys nothing.
//
// What kustomize sends (api/internal/plugins/fnplugin, FnPlugin.Generate →
// invokePlugin with no input; observed with kustomize 5.8.2): it sets
// config.kubernetes.io/local-config: "true" on the generator's config, uses
// that as the functionConfig, and, because a kio pipeline needs an input,
// sends the same object as the one and only item; kyaml's reader and
// FunctionFilter add their index and id annotations to the item only. A
// transformer run instead sends the build's resources, each with
// kustomize.config.k8s.io/id; kpt reads the functionConfig from a file
// (config.kubernetes.io/index, internal.config.kubernetes.io/seqindent on
// it) and gives package items a path.

// kustomizeItemAnnotations are the annotations kustomize's generator call
// adds to the item and not to the functionConfig.
var kustomizeItemAnnotations = []string{
	kioutil.LegacyIndexAnnotation, kioutil.IndexAnnotation,
	kioutil.InternalAnnotationsMigrationResourceIDAnnotation,
	kioutil.IdAnnotation, kioutil.LegacyIdAnnotation,
}

// isGeneratorEcho reports whether items is provably kustomize's generator
// call for fnConfig, so that its only item is kustomize's copy of the
// functionConfig and may be left out of a successful run's output. Every
// condition below holds for that call and fails for another way a spec can
// arrive:
//   - exactly one item, an AIBackendSpec, and an AIBackendSpec functionConfig;
//   - both carry config.kubernetes.io/local-config: "true" (kustomize
//     injects it into the functionConfig before copying it; it also tells
//     every tool not to deploy the object);
//   - the item carries kustomize's ids (internal.config.kubernetes.io/id and
//     config.k8s.io/id) and no path, no seqindent and no
//     kustomize.config.k8s.io/id (a transformer's resource);
//   - the functionConfig carries none of the annotations a reader adds
//     (index, path, seqindent, id): kpt's --fn-config file has them;
//   - once kustomize's own annotations are removed from the item, it is
//     the functionConfig, value for value.
//
// A spec piped through `kpt fn eval -`, a resource also listed as a
// transformer, or a ResourceList with more than that one item is kept.
func isGeneratorEcho(fnConfig *yaml.RNode, items []*yaml.RNode) bool {
	if fnConfig == nil || len(items) != 1 || !isSpecObject(fnConfig) || !isSpecObject(items[0]) {
		return false
	}
	it := items[0]
	ia, ca := meta.Annotations(it), meta.Annotations(fnConfig)
	if ia[buildmeta.LocalConfig] != "true" || ca[buildmeta.LocalConfig] != "true" {
		return false
	}
	if ia[kioutil.IdAnnotation] == "" || ia[kioutil.LegacyIdAnnotation] == "" {
		return false
	}
	for _, a := range []string{kioutil.PathAnnotation, kioutil.LegacyPathAnnotation, kioutil.SeqIndentAnnotation, "kustomize.config.k8s.io/id"} {
		if _, ok := ia[a]; ok {
			return false
		}
	}
	for _, a := range append([]string{kioutil.PathAnnotation, kioutil.LegacyPathAnnotation, kioutil.SeqIndentAnnotation}, kustomizeItemAnnotations...) {
		if _, ok := ca[a]; ok {
			return false
		}
	}
	stripped := it.Copy()
	for _, a := range kustomizeItemAnnotations {
		if err := stripped.PipeE(yaml.ClearAnnotation(a)); err != nil {
			return false
		}
	}
	return sameValue(stripped, fnConfig)
}
