package decide

import (
	"maps"
	"reflect"
	"slices"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// patch sets on existing the fields of desired that the spec owns, and
// removes owned fields desired no longer has. Labels and annotations of
// desired are merged in. Everything else — user fields, comments, the
// orchestrator's path/index annotations, field order — is left alone, and
// a field that already holds the desired value is not touched at all, so a
// second run changes nothing. It reports whether anything changed.
func patch(existing, desired *yaml.RNode, owned [][]string) (bool, error) {
	changed := false
	if existing.GetApiVersion() != desired.GetApiVersion() {
		existing.SetApiVersion(desired.GetApiVersion())
		changed = true
	}
	for _, kind := range []string{yaml.LabelsField, yaml.AnnotationsField} {
		want := metaMap(desired, kind)
		have := metaMap(existing, kind)
		if err := mapifyNullParents(existing, []string{yaml.MetadataField, kind}); err != nil {
			return false, err
		}
		for _, k := range slices.Sorted(maps.Keys(want)) {
			if v, ok := have[k]; ok && v == want[k] {
				continue
			}
			m, err := existing.Pipe(yaml.LookupCreate(yaml.MappingNode, yaml.MetadataField, kind))
			if err != nil {
				return false, err
			}
			replaceField(m.YNode(), k, yaml.NewStringRNode(want[k]).YNode(), keyStyle(k))
			changed = true
		}
	}
	for _, path := range owned {
		c, err := setOwned(existing, desired, path)
		if err != nil {
			return false, err
		}
		changed = changed || c
	}
	return changed, nil
}

func setOwned(existing, desired *yaml.RNode, path []string) (bool, error) {
	parent, field := path[:len(path)-1], path[len(path)-1]
	want, err := desired.Pipe(yaml.Lookup(path...))
	if err != nil {
		return false, err
	}
	have, err := existing.Pipe(yaml.Lookup(path...))
	if err != nil {
		return false, err
	}
	if want == nil {
		if have == nil {
			return false, nil
		}
		p, err := existing.Pipe(yaml.Lookup(parent...))
		if err != nil || p == nil {
			return false, err
		}
		_, err = p.Pipe(yaml.Clear(field))
		return true, err
	}
	if have != nil && sameValue(have, want) {
		return false, nil
	}
	if err := mapifyNullParents(existing, parent); err != nil {
		return false, err
	}
	p, err := existing.Pipe(yaml.LookupCreate(yaml.MappingNode, parent...))
	if err != nil {
		return false, err
	}
	replaceField(p.YNode(), field, want.Copy().YNode(), 0)
	return true, nil
}

// replaceField sets key to v in mapping m by putting v in place of the old
// value node, never by overwriting that node (as kyaml's SetField does): an
// alias elsewhere may still point at the old node, and must keep meaning
// the old value (prepareForEncode writes it out when its anchor is gone).
func replaceField(m *yaml.Node, key string, v *yaml.Node, style yaml.Style) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagString, Value: key, Style: style}, v)
}

// mapifyNullParents turns `spec:` (null) and similar empty parents into
// maps so that LookupCreate can descend into them.
func mapifyNullParents(n *yaml.RNode, parent []string) error {
	for i := 1; i <= len(parent); i++ {
		p, err := n.Pipe(yaml.Lookup(parent[:i]...))
		if err != nil {
			return err
		}
		if p != nil && isNull(p) {
			holder, err := n.Pipe(yaml.Lookup(parent[:i-1]...))
			if err != nil {
				return err
			}
			replaceField(holder.YNode(), parent[i-1], yaml.NewMapRNode(nil).YNode(), 0)
		}
	}
	return nil
}

// sameValue compares two nodes by value, ignoring style and comments.
func sameValue(a, b *yaml.RNode) bool {
	var x, y any
	if a.YNode().Decode(&x) != nil || b.YNode().Decode(&y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// checkPatchable reports the first owned path whose parent in existing is
// not a map (for example `spec: "string"`), which patch could not handle.
func checkPatchable(existing *yaml.RNode, owned [][]string) string {
	seen := map[string]bool{}
	for _, path := range owned {
		for i := 0; i < len(path); i++ {
			sub := path[:i]
			key := joinPath(sub)
			if seen[key] {
				continue
			}
			seen[key] = true
			n, err := existing.Pipe(yaml.Lookup(sub...))
			if err != nil {
				return key
			}
			if n != nil && n.YNode().Kind != yaml.MappingNode && !isNull(n) {
				return key
			}
		}
	}
	return ""
}

func isNull(n *yaml.RNode) bool {
	return n.YNode().Kind == yaml.ScalarNode && n.YNode().Tag == yaml.NodeTagNull
}

func joinPath(p []string) string {
	s := ""
	for i, x := range p {
		if i > 0 {
			s += "."
		}
		s += x
	}
	return s
}

// keyStyle is the style of a new label or annotation key: quoted when it
// would read as something other than a string (8, true, null, 0x1F, no),
// under YAML 1.1 (kubectl, the API server) or 1.2 (kyaml), else plain.
func keyStyle(k string) yaml.Style {
	if yaml.IsValueNonString(k) {
		return yaml.DoubleQuotedStyle
	}
	var v any
	if err := yaml.Unmarshal([]byte(k), &v); err != nil {
		return yaml.DoubleQuotedStyle
	}
	if _, ok := v.(string); !ok {
		return yaml.DoubleQuotedStyle
	}
	return 0
}
