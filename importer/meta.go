package importer

import (
	"maps"
	"slices"
	"strings"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/lint"
)

// droppedAnnotation: annotations that belong to the function, kubectl or
// the orchestrators, never to spec.annotations.
func droppedAnnotation(k string) bool {
	return k == generator.AnnotationSpec || k == "kubectl.kubernetes.io/last-applied-configuration" ||
		strings.HasPrefix(k, "config.kubernetes.io/") || strings.HasPrefix(k, "internal.config.kubernetes.io/") ||
		strings.HasPrefix(k, "config.k8s.io/") || strings.HasPrefix(k, "kustomize.config.k8s.io/")
}

// meta carries the labels and annotations of the group's objects into
// spec.labels / spec.annotations (which go on every generated object).
func (b *build) meta() {
	labels, annots := map[string]string{}, map[string]string{}
	from := map[string]*object{}
	for _, o := range b.sources {
		md := lint.Map(o.Body, "metadata")
		for _, kv := range []struct {
			field string
			dst   map[string]string
		}{{"labels", labels}, {"annotations", annots}} {
			m := lint.Map(md, kv.field)
			for _, k := range slices.Sorted(maps.Keys(m)) {
				v := lint.Str(m, k)
				switch {
				case kv.field == "labels" && k == generator.LabelManagedBy:
					if v != generator.ManagedByValue {
						b.correct(o, "metadata.labels."+k, "was %q; generated objects are labelled %s=%s", v, k, generator.ManagedByValue)
					}
					continue
				case kv.field == "annotations" && droppedAnnotation(k):
					continue
				}
				key := kv.field + "/" + k
				if prev, ok := kv.dst[k]; ok && prev != v {
					b.im.line(sevNote, o, "metadata."+kv.field+"."+k, "is %q but %s has %q; the spec keeps %q for every generated object", v, from[key].ID(), prev, prev)
					continue
				}
				if _, ok := kv.dst[k]; !ok {
					kv.dst[k], from[key] = v, o
				}
			}
		}
	}
	if len(labels) > 0 {
		b.spec.Spec.Labels = labels
	}
	if len(annots) > 0 {
		b.spec.Spec.Annotations = annots
	}
}

// renames notes every source object whose generated counterpart has
// another name: generated names derive from the spec name.
func (b *build) renames() {
	name := b.spec.Metadata.Name
	for _, o := range b.sources {
		want := ""
		switch o.Kind {
		case lint.KindBackend:
			want = generator.BackendName(name)
		case lint.KindAIServiceBackend:
			want = generator.AIServiceBackendName(name)
		case lint.KindBackendTLSPolicy:
			want = generator.BackendTLSPolicyName(name)
		case lint.KindBackendSecurityPolicy:
			want = generator.BackendSecurityPolicyName(name)
		}
		if want != "" && want != o.Name {
			b.im.line(sevNote, o, "metadata.name", "is generated as %s %s/%s by spec %s (names derive from the spec); delete the old object once the generated one is applied", o.Kind, nsOf(o.Namespace), want, name)
		}
	}
}
