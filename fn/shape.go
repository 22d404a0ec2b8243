package fn

import (
	"fmt"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/buildmeta"
)

// badShape returns the path of the part of an object that is not a mapping
// although Kubernetes requires one — "" (the object itself) or "metadata" —
// and ok=false; a missing or null metadata is fine. kyaml's metadata getters
// assume a mapping there and panic on anything else, so such items are
// never handed to them. (Labels and annotations of other shapes are read
// safely; an object that must be patched is checked by checkExisting.)
func badShape(n *yaml.RNode) (path string, ok bool) {
	if n.YNode().Kind != yaml.MappingNode {
		return "", false
	}
	meta := n.Field(yaml.MetadataField)
	if meta == nil || isNull(meta.Value) {
		return "", true
	}
	if meta.Value.YNode().Kind != yaml.MappingNode {
		return yaml.MetadataField, false
	}
	return "", true
}

// setAsideBadShapes splits items into those the function may read and
// those it must pass through untouched. An AIBackendSpec among the latter
// is an error: silently skipping a spec would be worse.
func setAsideBadShapes(items []*yaml.RNode, res *results) (usable []*yaml.RNode, aside map[*yaml.RNode]bool) {
	usable = make([]*yaml.RNode, 0, len(items))
	for i, it := range items {
		path, ok := badShape(it)
		if ok {
			usable = append(usable, it)
			continue
		}
		if aside == nil {
			aside = map[*yaml.RNode]bool{}
		}
		aside[it] = true
		if isSpecObject(it) {
			res.shapeError(path, fmt.Sprintf("item %d", i))
		}
	}
	return usable, aside
}

// putBack returns out with the set-aside items at their input positions:
// out keeps the input's relative order (apply only drops items from it)
// and ends with the newly created objects.
func putBack(items, out []*yaml.RNode, aside map[*yaml.RNode]bool) []*yaml.RNode {
	if len(aside) == 0 {
		return out
	}
	kept := make(map[*yaml.RNode]bool, len(out))
	for _, n := range out {
		kept[n] = true
	}
	in := make(map[*yaml.RNode]bool, len(items))
	all := make([]*yaml.RNode, 0, len(out)+len(aside))
	for _, it := range items {
		in[it] = true
		if aside[it] || kept[it] {
			all = append(all, it)
		}
	}
	for _, n := range out {
		if !in[n] {
			all = append(all, n)
		}
	}
	return all
}

// annotations and labels read metadata.annotations / metadata.labels
// without kyaml's getters, which index a sequence found there as if it were
// a mapping (and panic on an odd length). Anything but a mapping reads as
// empty; its scalar entries are kept.
func annotations(n *yaml.RNode) map[string]string { return buildmeta.Annotations(n) }

func labels(n *yaml.RNode) map[string]string { return buildmeta.MetaStrings(n, yaml.LabelsField) }

func metaStrings(n *yaml.RNode, field string) map[string]string {
	return buildmeta.MetaStrings(n, field)
}
