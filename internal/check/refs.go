package check

import (
	"fmt"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/lint"
)

// Groups of the kinds references point at.
const (
	groupEG        = generator.GroupEnvoyGateway
	groupAIGW      = generator.GroupAIGateway
	groupGWAPI     = generator.GroupGatewayAPI
	groupInference = "inference.networking.k8s.io"
)

// ref is one reference from an object of the build to another object.
type ref struct {
	from *object
	// path is the field path of the reference on from.
	path string
	// group, kind, name and namespace of the target (defaults applied).
	group, kind, ns, name string
	// explicitNS: the reference wrote its namespace.
	explicitNS bool
	// why is what happens upstream when the target is missing.
	why string
}

// namespaces are where the target may be: the written namespace, or for a
// reference without one the referrer's namespace, current or earlier in a
// kustomize build (references are fixed only at the end of the build).
func (r ref) namespaces() []string {
	if r.explicitNS {
		return []string{r.ns}
	}
	return r.from.namespaces()
}

func (r ref) target() string { return r.kind + " " + r.ns + "/" + r.name }

// objectRefs lists the references among backend objects that o holds:
// those that must resolve in the build. Secret references are listed by
// secretUses.
func objectRefs(o *object) []ref {
	var out []ref
	add := func(path string, m map[string]any, defGroup, defKind, why string, namespaced bool) {
		name := lint.Str(m, "name")
		if name == "" {
			return
		}
		r := ref{from: o, path: path, group: defGroup, kind: defKind, ns: o.namespace(), name: name, why: why}
		if _, has := m["kind"]; has {
			r.kind = lint.Str(m, "kind")
		}
		if _, has := m["group"]; has {
			r.group = lint.Str(m, "group")
		}
		if ns := lint.Str(m, "namespace"); namespaced && ns != "" {
			r.ns, r.explicitNS = ns, true
		}
		if followed(r.group, r.kind) {
			out = append(out, r)
		}
	}
	spec := lint.Map(o.Body, "spec")
	switch {
	case o.Kind == lint.KindAIServiceBackend && o.group() == groupAIGW:
		add("spec.backendRef", lint.Map(spec, "backendRef"), "", "Service",
			"AI Gateway cannot route to this AIServiceBackend", true)
	case o.Kind == lint.KindBackendTLSPolicy && o.group() == groupGWAPI:
		for i, t := range lint.List(spec, "targetRefs") {
			add(fmt.Sprintf("spec.targetRefs[%d]", i), asMap(t), "", "", "the policy applies to nothing and the connection is not verified", false)
		}
		for i, c := range lint.List(spec, "validation", "caCertificateRefs") {
			add(fmt.Sprintf("spec.validation.caCertificateRefs[%d]", i), asMap(c), "", "", "the policy cannot verify the backend's certificate", false)
		}
	case o.Kind == "AIGatewayRoute" && o.group() == groupAIGW:
		for i, r := range lint.List(spec, "rules") {
			for j, b := range lint.List(asMap(r), "backendRefs") {
				m := asMap(b)
				if lint.Str(m, "group") == groupInference {
					continue // an InferencePool: not a backend object of ours
				}
				// kind and group default to AIServiceBackend (the CRD).
				add(fmt.Sprintf("spec.rules[%d].backendRefs[%d]", i, j), m, groupAIGW, lint.KindAIServiceBackend,
					"requests routed to it fail", true)
			}
		}
	default:
		// Any policy (BackendSecurityPolicy, QuotaPolicy, Envoy Gateway
		// policies...) whose targetRefs name one of our kinds.
		for i, t := range lint.List(spec, "targetRefs") {
			add(fmt.Sprintf("spec.targetRefs[%d]", i), asMap(t), "", "", "the policy applies to nothing", false)
		}
		if t := lint.Map(spec, "targetRef"); t != nil {
			add("spec.targetRef", t, "", "", "the policy applies to nothing", false)
		}
	}
	return out
}

// followed: the kinds whose references the check resolves. Services,
// Gateways, InferencePools and the like are outside the backend objects.
func followed(group, kind string) bool {
	switch kind {
	case lint.KindBackend:
		return group == groupEG
	case lint.KindAIServiceBackend:
		return group == groupAIGW
	case "ConfigMap":
		return group == ""
	}
	return false
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
