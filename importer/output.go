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
	"github.com/aigw-dev/aigw-backend/internal/yaml11"
)

// marshal renders the specs as a YAML stream, each preceded by a comment
// naming the objects it came from. Fields keep the order of the Go types
// (provider first), not alphabetical order, so the spec reads like the
// examples in the docs.
func (r *result) marshal() ([]byte, error) {
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

// options are the command line choices of import that shape its output.
type options struct {
	// For is the tool the specs are written for: "" (only the local-config
	// annotation, which both need), forKustomize or forKpt.
	For string
	// Exec or Image is how kustomize runs the function (forKustomize only);
	// with neither, the bare name aigw-backend (looked up on PATH).
	Exec, Image string
	// Quiet summarises skipped objects per file and kind.
	Quiet bool
}

// The tools --for names.
const (
	forKustomize = "kustomize"
	forKpt       = "kpt"
)

// functionAnnotation is how kustomize finds a generator's function.
const functionAnnotation = "config.kubernetes.io/function"

// parseArgs reads the flags and files of Main; a non-empty message is a
// usage error.
func parseArgs(args []string) (opt options, files []string, help bool, msg string) {
	value := func(i *int, a, name string) (string, bool) {
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
		if a == name && *i+1 < len(args) {
			*i++
			return args[*i], true
		}
		return "", false
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if v, ok := value(&i, a, "--for"); ok {
			opt.For = v
			continue
		}
		if v, ok := value(&i, a, "--exec"); ok {
			opt.Exec = v
			continue
		}
		if v, ok := value(&i, a, "--image"); ok {
			opt.Image = v
			continue
		}
		switch {
		case a == "-h" || a == "--help":
			return opt, nil, true, ""
		case a == "-q" || a == "--quiet":
			opt.Quiet = true
		case strings.HasPrefix(a, "-") && a != "-":
			return opt, nil, false, fmt.Sprintf("unknown flag %q (see aigw-backend import --help)", a)
		default:
			files = append(files, a)
		}
	}
	switch {
	case opt.For != "" && opt.For != forKustomize && opt.For != forKpt:
		return opt, nil, false, fmt.Sprintf("--for is %q; write --for kustomize or --for kpt", opt.For)
	case (opt.Exec != "" || opt.Image != "") && opt.For != forKustomize:
		return opt, nil, false, "--exec and --image say how kustomize runs the function: use them with --for kustomize (kpt names the function in the Kptfile)"
	case opt.Exec != "" && opt.Image != "":
		return opt, nil, false, "give --exec PATH or --image REF, not both"
	case len(files) == 0:
		return opt, nil, false, "usage: aigw-backend import [--for kustomize [--exec PATH|--image REF]|--for kpt] [-q] FILE.yaml..."
	}
	return opt, files, false, ""
}

// annotate writes on every spec the annotations the chosen tool needs:
// for kustomize the function annotation (exec path or container image), so
// the spec runs when listed under generators:; for kpt none beyond
// local-config (the Kptfile names the function).
func (r *result) annotate(opt options) {
	if opt.For != forKustomize {
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

// Main is `aigw-backend import FILE...`: specs on stdout, one line per
// correction, note, warning or error on stderr; exit 0 when every backend
// object was imported, 1 when some could not be, 2 on usage errors.
// given holds what main read from the environment.
func Main(args []string, stdout, stderr io.Writer, given Options) int {
	opt, files, help, msg := parseArgs(args)
	switch {
	case help:
		fmt.Fprint(stdout, usage)
		return 0
	case msg != "":
		// msg quotes the user's argument: it goes through the redaction
		// policy like every other line import prints
		fmt.Fprintf(stderr, "aigw-backend import: %s\n", redact.String(msg))
		return 2
	}
	var inputs []input
	for _, a := range files {
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
		inputs = append(inputs, input{File: a, Data: data})
	}
	res := importFiles(inputs, given)
	res.annotate(opt)
	out, err := res.marshal()
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "error: writing stdout: %v\n", err)
		return 1
	}
	lines := res.Lines
	if opt.Quiet {
		lines = quietLines(lines)
	}
	for _, l := range lines {
		fmt.Fprintln(stderr, l.String())
	}
	if res.Failed {
		return 1
	}
	return 0
}

// usage is the help of the import command.
const usage = `aigw-backend import — turn hand-written AI Gateway backend YAML into AIBackendSpecs

Usage:
  aigw-backend import FILE.yaml...   (- reads stdin)
  aigw-backend import [flags] FILE.yaml...

Flags:
  --for kustomize      also write the config.kubernetes.io/function annotation,
                       so the spec runs listed under generators: (default exec
                       path: aigw-backend, looked up on PATH)
    --exec PATH        ... with this exec path (relative to the kustomization)
    --image REF        ... or this container image
  --for kpt            kpt's form: local-config only (the Kptfile names the
                       function)
  -q, --quiet          one note per file and kind for skipped objects

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
