package meta

import (
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/buildmeta"
)

// Role is what an item is to the function.
type Role uint8

const (
	RoleOther     Role = iota // never read beyond its Meta, never changed
	RoleSpec                  // an AIBackendSpec (right or wrong version)
	RoleGenerated             // one of the four group/kinds the function generates
)

// Meta is an item's identity as the function reads it.
type Meta struct {
	APIVersion, Kind, Group string
	// Namespace is as written: "" when the item has none.
	Namespace, Name string
	// Path and Index are kpt's file annotations: the internal spelling,
	// else the legacy one (kioutil's order). IndexOK is false when the
	// index is missing or not a number.
	Path    string
	Index   int
	IndexOK bool
	// Owner is the fn.aigw.dev/spec annotation: the spec that generated
	// the item, "" for a hand-written one.
	Owner string
	Role  Role
	// Object is false for an item that is not a map (null, a value, a
	// list); ShapeOK is false when it is a map whose metadata is not.
	Object, ShapeOK bool
}

// Fields are the raw strings a reader found; New interprets them.
type Fields struct {
	APIVersion, Kind, Namespace, Name    string
	Path, LegacyPath, Index, LegacyIndex string
	Owner                                string
	Object, ShapeOK                      bool
}

// New makes the Meta of an item from what a reader found.
func New(f Fields) Meta {
	m := Meta{
		APIVersion: f.APIVersion, Kind: f.Kind, Group: generator.GroupOf(f.APIVersion),
		Namespace: f.Namespace, Name: f.Name, Owner: f.Owner,
		Object: f.Object, ShapeOK: f.Object && f.ShapeOK,
	}
	m.Path = f.Path
	if m.Path == "" {
		m.Path = f.LegacyPath
	}
	idx := f.Index
	if idx == "" {
		idx = f.LegacyIndex
	}
	i, err := strconv.Atoi(idx)
	m.Index, m.IndexOK = i, err == nil
	m.Role = RoleOf(f.APIVersion, f.Kind)
	return m
}

// RoleOf classifies an item by its apiVersion and kind.
func RoleOf(apiVersion, kind string) Role {
	switch {
	case kind == buildmeta.CheckKind && strings.HasPrefix(apiVersion, generator.Group+"/"):
		return RoleOther // the whole-build check's config in a package: not a spec
	case kind == generator.Kind || strings.HasPrefix(apiVersion, generator.Group+"/"):
		return RoleSpec
	case generator.IsGeneratedKind(generator.GroupOf(apiVersion), kind):
		return RoleGenerated
	}
	return RoleOther
}

// Of reads the Meta of a parsed item.
func Of(n *yaml.RNode) Meta {
	if n == nil {
		return New(Fields{})
	}
	return ofNode(n.YNode())
}

// ofNode is Of for a yaml.Node.
func ofNode(y *yaml.Node) Meta {
	var f Fields
	if y != nil && y.Kind == yaml.DocumentNode && len(y.Content) == 1 {
		y = y.Content[0]
	}
	if y == nil || y.Kind != yaml.MappingNode {
		return New(f)
	}
	f.Object, f.ShapeOK = true, true
	f.APIVersion = value(field(y, yaml.APIVersionField))
	f.Kind = value(field(y, yaml.KindField))
	md := field(y, yaml.MetadataField)
	switch {
	case md == nil || isNull(md):
	case md.Kind != yaml.MappingNode:
		f.ShapeOK = false
	default:
		f.Name = scalar(field(md, yaml.NameField))
		f.Namespace = scalar(field(md, yaml.NamespaceField))
		if ann := field(md, yaml.AnnotationsField); ann != nil && ann.Kind == yaml.MappingNode {
			c := ann.Content
			// every pair, a later key winning, as Annotations reads them
			for i := 0; i+1 < len(c); i += 2 {
				k, v := c[i], c[i+1]
				if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
					continue
				}
				// a null value is no value, as kioutil's decoding reads it
				switch k.Value {
				case kioutil.PathAnnotation:
					f.Path = scalar(v)
				case kioutil.LegacyPathAnnotation:
					f.LegacyPath = scalar(v)
				case kioutil.IndexAnnotation:
					f.Index = scalar(v)
				case kioutil.LegacyIndexAnnotation:
					f.LegacyIndex = scalar(v)
				case generator.AnnotationSpec:
					f.Owner = scalar(v)
				}
			}
		}
	}
	return New(f)
}

// Annotations returns an item's annotations that are plain key/value
// pairs (a later key wins); nil when it has none or they are not a map.
func Annotations(n *yaml.RNode) map[string]string {
	return stringMap(n, yaml.AnnotationsField)
}

// Labels is Annotations for labels.
func Labels(n *yaml.RNode) map[string]string { return stringMap(n, yaml.LabelsField) }

func stringMap(n *yaml.RNode, name string) map[string]string {
	if n == nil {
		return nil
	}
	y := n.YNode()
	if y == nil || y.Kind != yaml.MappingNode {
		return nil
	}
	md := field(y, yaml.MetadataField)
	if md == nil || md.Kind != yaml.MappingNode {
		return nil
	}
	f := field(md, name)
	if f == nil || f.Kind != yaml.MappingNode {
		return nil
	}
	c := f.Content
	m := make(map[string]string, len(c)/2)
	for i := 0; i+1 < len(c); i += 2 {
		if c[i].Kind == yaml.ScalarNode && c[i+1].Kind == yaml.ScalarNode {
			m[c[i].Value] = c[i+1].Value
		}
	}
	return m
}

// TopString is the value of a top-level scalar field of a map ("" when
// there is none or it is not a scalar), read like kyaml's getters.
func TopString(n *yaml.RNode, key string) string {
	if n == nil || n.YNode() == nil || n.YNode().Kind != yaml.MappingNode {
		return ""
	}
	return value(field(n.YNode(), key))
}

// field is the value of the first key named name in mapping m, as
// kyaml's RNode.Field finds it.
func field(m *yaml.Node, name string) *yaml.Node {
	c := m.Content
	for i := 0; i+1 < len(c); i += 2 {
		if k := c[i]; k != nil && k.Value == name {
			return c[i+1]
		}
	}
	return nil
}

// value is the text of a scalar, null included ("" for anything else), as
// kyaml's apiVersion and kind getters read it.
func value(v *yaml.Node) string {
	if v == nil || v.Kind != yaml.ScalarNode {
		return ""
	}
	return v.Value
}

// scalar is the value of a non-null scalar ("" otherwise), as kyaml's
// getters read names: a null name is empty.
func scalar(v *yaml.Node) string {
	if v == nil || v.Kind != yaml.ScalarNode || isNull(v) {
		return ""
	}
	return v.Value
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == yaml.NodeTagNull
}
