package importer

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/redact"
)

// YAML renders the specs as a YAML stream, each preceded by a comment
// naming the objects it came from. Fields keep the order of the Go types
// (provider first), not alphabetical order, so the spec reads like the
// examples in the docs.
func (r *Result) YAML() ([]byte, error) {
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
	switch strings.ToLower(s) {
	case "y", "yes", "n", "no", "on", "off":
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// Main is `aigw-backend import FILE...`: specs on stdout, one line per
// correction, note, warning or error on stderr; exit 0 when every backend
// object was imported, 1 when some could not be, 2 on usage errors.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: aigw-backend import FILE.yaml... (hand-written Backend, AIServiceBackend, BackendTLSPolicy, BackendSecurityPolicy)")
		return 2
	}
	var inputs []Input
	for _, a := range args {
		if a == "-h" || a == "--help" {
			fmt.Fprint(stdout, Usage)
			return 0
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			fmt.Fprintf(stderr, "aigw-backend import: unknown flag %q (see aigw-backend import --help)\n", redact.String(a))
			return 2
		}
		var data []byte
		var err error
		if a == "-" {
			data, err = io.ReadAll(os.Stdin)
			a = "stdin"
		} else {
			data, err = os.ReadFile(a)
		}
		if err != nil {
			fmt.Fprintf(stderr, "error: %s\n", redact.String(err.Error()))
			return 1
		}
		inputs = append(inputs, Input{File: a, Data: data})
	}
	res := Import(inputs)
	out, err := res.YAML()
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "error: writing stdout: %v\n", err)
		return 1
	}
	for _, l := range res.Lines {
		fmt.Fprintln(stderr, l.String())
	}
	if res.Failed {
		return 1
	}
	return 0
}

// Usage is the help of the import command.
const Usage = `aigw-backend import — turn hand-written AI Gateway backend YAML into AIBackendSpecs

Usage:
  aigw-backend import FILE.yaml...   (- reads stdin)

Reads Backend, AIServiceBackend (v1alpha1, v1beta1), BackendTLSPolicy (v1,
v1alpha3) and BackendSecurityPolicy objects, groups them by their references
(AIServiceBackend -> Backend -> BackendTLSPolicy; BackendSecurityPolicy ->
AIServiceBackend) and prints one AIBackendSpec per AIServiceBackend on stdout;
the per-region sets of one multi-region backend (<name>-<region>) come back
as one spec with endpoint.regions.

stderr has one line per event, "SEVERITY: FILE: KIND NAMESPACE/NAME: FIELD: MESSAGE":
  corrected  the spec fixes what AI Gateway would reject or misread
  note       skipped objects (routes, Secrets...), renamed or split objects
  warning    imported as written, but probably not what was meant
  error      not imported, or not without loss

Exit codes: 0 every backend object was imported, 1 some could not be
(each is named on stderr), 2 usage error.
`
