package check

import (
	"fmt"
	"slices"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/buildmeta"
	"github.com/aigw-dev/aigw-backend/internal/meta"
	"github.com/aigw-dev/aigw-backend/lint"
)

// originAnnotation is kustomize's buildMetadata [originAnnotations]
// record of the file an object came from.
const originAnnotation = "config.kubernetes.io/origin"

// object is one item of the build as the check sees it.
type object struct {
	lint.Object
	file  string
	index int
	// aliases are the namespace/name pairs the object had earlier in the
	// build (kustomize's previousNames).
	aliases []nsName
	// local is whether the object is configuration for the tools
	// (AIBackendSpec, Kptfile, function configs), never deployed.
	local bool
}

type nsName struct{ ns, name string }

// group is the object's API group.
func (o *object) group() string { return o.Group() }

// namespace is the namespace the object lives in ("default" when unset,
// as for the API server and kustomize's effective namespace).
func (o *object) namespace() string { return orDefault(o.Namespace) }

// namespaces are the object's namespace and, first to last, the ones it
// had earlier in a kustomize build.
func (o *object) namespaces() []string {
	out := []string{o.namespace()}
	for _, a := range o.aliases {
		if !slices.Contains(out, a.ns) {
			out = append(out, a.ns)
		}
	}
	return out
}

func orDefault(ns string) string {
	if ns == "" {
		return "default"
	}
	return ns
}

// decode reads an item. label names the input for items without a path
// annotation (the stream the command read); doc is the item's position.
func decode(n *yaml.RNode, label string, doc int) (object, bool) {
	m := meta.Of(n) // the function's one reading of an item's identity
	if m.APIVersion == "" || m.Kind == "" {
		return object{}, false
	}
	lo, ok := lint.Decode(n, m.APIVersion, m.Kind)
	if !ok {
		return object{}, false
	}
	o := object{Object: lo, index: -1}
	o.file = m.Path
	if o.file == "" {
		o.file = originPath(lint.Str(lint.Map(lo.Body, "metadata", "annotations"), originAnnotation))
	}
	if o.file == "" && label != "" {
		o.file = fmt.Sprintf("%s (document %d)", label, doc+1)
	}
	if m.IndexOK {
		o.index = m.Index
	}
	kind := m.Kind
	// the names and namespaces the object had earlier in a kustomize
	// build (the reader the function uses too)
	written := meta.Annotations(n) // as written, as the function reads them
	o.local = buildmeta.IsLocalConfig(written)
	for _, id := range buildmeta.PreviousIDs(written, lo.Namespace, kind) {
		if id.Kind != kind {
			continue // a kind change is not a rename of this kind
		}
		o.aliases = append(o.aliases, nsName{orDefault(id.Namespace), id.Name})
	}
	return o, true
}

// localConfig reports whether the object is configuration for the tools
// (AIBackendSpec, Kptfile, function configs), never deployed.
func (o *object) localConfig() bool { return o.local }

// originPath reads the path from kustomize's origin annotation, a small
// YAML document ("path: base/spec.yaml\n...").
func originPath(s string) string {
	if s == "" {
		return ""
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(s), &m); err != nil {
		return ""
	}
	return lint.Str(m, "path")
}
