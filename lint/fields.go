package lint

//go:generate go run ../internal/crdfields -crds ../testdata/crds -out crdfields_gen.go

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// The unknown-field rule: a field the pinned CRD of the object's version
// does not define is dropped by the API server (or refused under strict
// field validation, kubectl's default), so what it meant never applies.
// aigw's config template writes AIServiceBackend.spec.timeouts, the best
// known case. The field trees come from testdata/crds, compiled into
// crdfields_gen.go by internal/crdfields: nothing is read at run time.

// crdSchema is one CRD version's field tree and where it comes from.
type crdSchema struct {
	Release string // "AI Gateway v1.1.0"
	File    string // the pinned file in testdata/crds
	Tree    string // compact encoding (internal/crdfields)
}

// fieldNode is a parsed field tree node: any (keys are free), an object
// with known fields, a list of items, or a scalar (all nil/false).
type fieldNode struct {
	any    bool
	fields map[string]*fieldNode
	items  *fieldNode
}

// parsedFields parses every tree once; the result is never written after.
var parsedFields = sync.OnceValue(func() map[string]*fieldNode {
	out := make(map[string]*fieldNode, len(crdFields))
	for k, s := range crdFields {
		n, rest := parseField(s.Tree)
		if rest != "" {
			panic(fmt.Sprintf("crdfields_gen.go: %s: trailing %q (regenerate with make crd-fields)", k, rest))
		}
		out[k] = n
	}
	return out
})

// parseField reads one node of the encoding and returns the rest.
func parseField(s string) (*fieldNode, string) {
	switch {
	case strings.HasPrefix(s, "*"):
		return &fieldNode{any: true}, s[1:]
	case strings.HasPrefix(s, "["):
		items, rest := parseField(s[1:])
		return &fieldNode{items: items}, strings.TrimPrefix(rest, "]")
	case strings.HasPrefix(s, "{"):
		n := &fieldNode{fields: map[string]*fieldNode{}}
		s = s[1:]
		for s != "" && s[0] != '}' {
			end := strings.IndexAny(s, "{[*,}")
			if end < 0 {
				end = len(s)
			}
			name := s[:end]
			var child *fieldNode
			child, s = parseField(s[end:])
			n.fields[name] = child
			s = strings.TrimPrefix(s, ",")
		}
		return n, strings.TrimPrefix(s, "}")
	}
	return &fieldNode{}, s
}

// crdKnown reports whether the rules know the CRD of this apiVersion and
// kind, and which release it is from.
func crdKnown(apiVersion, kind string) (release string, ok bool) {
	s, ok := crdFields[apiVersion+" "+kind]
	return s.Release, ok
}

// unknownFields returns the field paths of o that the pinned CRD of its
// apiVersion does not define, in document order of sorted keys; nil when
// the CRD is not pinned (the version rules report unknown versions).
func unknownFields(o *Object) []string {
	root := parsedFields()[o.APIVersion+" "+o.Kind]
	if root == nil {
		return nil
	}
	var out []string
	walkFields(o.Body, root, "", &out, nil)
	return out
}

// PruneUnknownFields removes from o.Body the fields unknownFields reports,
// as the API server's pruning does, except the paths in keep (fields a
// caller translates itself), and returns the paths it removed.
func PruneUnknownFields(o *Object, keep ...string) []string {
	root := parsedFields()[o.APIVersion+" "+o.Kind]
	if root == nil {
		return nil
	}
	var out []string
	walkFields(o.Body, root, "", &out, func(p string) bool { return !slices.Contains(keep, p) })
	return out
}

// walkFields appends the unknown field paths under v to out; with prune
// set, it also deletes each one prune accepts (and reports only those).
func walkFields(v any, n *fieldNode, path string, out *[]string, prune func(string) bool) {
	switch {
	case n.any:
	case n.fields != nil:
		m, ok := v.(map[string]any)
		if !ok {
			return // a type error, which the CRD reports
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			p := joinField(path, k)
			child, known := n.fields[k]
			if !known {
				if prune == nil {
					*out = append(*out, p)
				} else if prune(p) {
					*out = append(*out, p)
					delete(m, k)
				}
				continue
			}
			walkFields(m[k], child, p, out, prune)
		}
	case n.items != nil:
		l, _ := v.([]any)
		for i, e := range l {
			walkFields(e, n.items, fmt.Sprintf("%s[%d]", path, i), out, prune)
		}
	}
}

func joinField(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func checkUnknownFields(o *Object, add addFunc) {
	s := crdFields[o.APIVersion+" "+o.Kind]
	for _, p := range unknownFields(o) {
		hint := "remove it"
		if o.Kind == KindAIServiceBackend && p == "spec.timeouts" {
			hint = "set request timeouts on the AIGatewayRoute rule instead (spec.rules[].timeouts.request); remove it here"
		}
		add(RuleUnknownField, p, "is not a field of %s %s (CRD of %s): the API server drops it, or refuses the object under strict field validation (kubectl's default), so it never takes effect; %s",
			o.Kind, o.APIVersion, s.Release, hint)
	}
}
