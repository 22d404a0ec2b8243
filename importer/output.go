package importer

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/redact"
	"github.com/aigw-dev/aigw-backend/internal/yaml11"
)

// Marshal renders the specs as a YAML stream, each preceded by a comment
// naming the objects it came from. Fields keep the order of the Go types
// (provider first), not alphabetical order, so the spec reads like the
// examples in the docs.
func (r *Result) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	for i, s := range r.Specs {
		if i > 0 {
			buf.WriteString("---\n")
		}
		n := encode(reflect.ValueOf(s.Spec))
		n.HeadComment = redact.String("imported from:\n" + strings.Join(indent(s.Sources), "\n"))
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(n); err != nil {
			return nil, fmt.Errorf("writing spec %s: %w", s.Spec.Metadata.Name, err)
		}
		if err := enc.Close(); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

func indent(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "  " + l
	}
	return out
}

// encode builds a YAML node from a value with JSON tags, leaving out
// omitempty fields that are empty.
func encode(v reflect.Value) *yaml.Node {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			f := v.Field(i)
			if strings.Contains(opts, "omitempty") && empty(f) {
				continue
			}
			n.Content = append(n.Content, str(name), encode(f))
		}
		return n
	case reflect.Map:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		for _, k := range keys {
			n.Content = append(n.Content, str(k), encode(v.MapIndex(reflect.ValueOf(k))))
		}
		return n
	case reflect.Slice:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i := 0; i < v.Len(); i++ {
			n.Content = append(n.Content, encode(v.Index(i)))
		}
		return n
	case reflect.Int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v.Int(), 10)}
	case reflect.Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v.Bool())}
	default:
		return str(v.String())
	}
}

func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Slice, reflect.Map, reflect.String:
		return v.Len() == 0
	}
	return false
}

// str is a string scalar; words YAML 1.1 reads as booleans are quoted so
// older parsers read them back as strings.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if _, ok := yaml11.Bool(s); ok {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// The tools --for names.
const (
	ForKustomize = "kustomize"
	ForKpt       = "kpt"
)

// functionAnnotation is how kustomize finds a generator's function.
const functionAnnotation = "config.kubernetes.io/function"

// annotate writes on every spec the annotations the chosen tool needs:
// for kustomize the function annotation (exec path or container image), so
// the spec runs when listed under generators:; for kpt none beyond
// local-config (the Kptfile names the function).
func (r *Result) annotate(opt Options) {
	if opt.For != ForKustomize {
		return
	}
	fn := "exec:\n  path: aigw-backend\n"
	switch {
	case opt.Image != "":
		fn = "container:\n  image: " + opt.Image + "\n"
	case opt.Exec != "":
		fn = "exec:\n  path: " + opt.Exec + "\n"
	}
	for _, s := range r.Specs {
		if s.Spec.Metadata.Annotations == nil {
			s.Spec.Metadata.Annotations = map[string]string{}
		}
		s.Spec.Metadata.Annotations[functionAnnotation] = fn
	}
}

// quietLines is the report with the skipped-object notes summarised: one
// line per file and kind, with the count and the first note's reason, at
// the place of that kind's first note.
func quietLines(lines []line) []line {
	type group struct {
		at    int
		count int
	}
	groups := map[string]*group{}
	var out []line
	for _, l := range lines {
		if l.Severity != sevNote || !strings.HasPrefix(l.Message, "skipped") || l.Object == "" {
			out = append(out, l)
			continue
		}
		kind, _, _ := strings.Cut(l.Object, " ")
		k := l.File + "\x00" + kind
		if g, ok := groups[k]; ok {
			g.count++
			continue
		}
		groups[k] = &group{at: len(out), count: 1}
		out = append(out, line{Severity: sevNote, File: l.File, Object: kind, Message: l.Message})
	}
	for _, g := range groups {
		if g.count > 1 {
			l := &out[g.at]
			l.Message = fmt.Sprintf("%d objects %s", g.count, l.Message)
		}
	}
	return out
}

// Import reads every input and returns the specs, shaped for the tool
// opt.For names, and the report.
func Import(inputs []Input, opt Options) *Result {
	res := importFiles(inputs, opt)
	res.annotate(opt)
	return res
}

// Messages returns the report as stderr lines, one per event (quiet: one
// note per file and kind for skipped objects), each through the redaction
// policy.
func (r *Result) Messages(quiet bool) []string {
	lines := r.Lines
	if quiet {
		lines = quietLines(lines)
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.String()
	}
	return out
}
