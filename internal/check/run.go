package check

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/buildmeta"
	"github.com/aigw-dev/aigw-backend/internal/meta"
	"github.com/aigw-dev/aigw-backend/internal/redact"
)

// The functionConfig kind that selects the check.
const (
	APIVersion = "fn.aigw.dev/v1alpha1"
	Kind       = buildmeta.CheckKind
)

// IsConfig reports whether a serialized ResourceList carries an
// AIBackendCheck functionConfig (any version: a wrong version is the
// check's to report). It is cheap for every other input, which never
// mentions the kind.
func IsConfig(input []byte) bool {
	if !bytes.Contains(input, []byte(Kind)) {
		return false
	}
	root, err := parseRoot(input)
	if err != nil {
		return false
	}
	f := root.Field("functionConfig")
	return f != nil && meta.TopString(f.Value, "kind") == Kind
}

func parseRoot(input []byte) (root *yaml.RNode, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("input is not valid YAML: %v", r)
		}
	}()
	root, err = yaml.Parse(string(input))
	if err != nil {
		return nil, err
	}
	if root.YNode().Kind != yaml.MappingNode {
		return nil, fmt.Errorf("input is not a mapping")
	}
	return root, nil
}

// ResourceList runs the check as a KRM function over a serialized
// ResourceList whose functionConfig is an AIBackendCheck. The output is
// the input, byte for byte, with a results field appended (or replaced,
// when the input already had one), so no item changes. failed reports an
// error result. given carries what the functionConfig cannot say (the
// target AI Gateway release).
func ResourceList(input []byte, given Options) (out []byte, res sdk.Results, failed bool) {
	root, err := parseRoot(input)
	if err != nil {
		res = sdk.Results{{Severity: sdk.Error, Message: fmt.Sprintf("input is not a ResourceList: %v", err)}}
		return input, res, true
	}
	var fnConfig *yaml.RNode
	if f := root.Field("functionConfig"); f != nil {
		fnConfig = f.Value
	}
	opt, res := readConfig(fnConfig)
	opt.AIGatewayVersion = given.AIGatewayVersion
	if !hasErrors(res) {
		var objs []object
		if f := root.Field("items"); f != nil && f.Value.YNode().Kind == yaml.SequenceNode {
			for i, n := range f.Value.YNode().Content {
				if o, ok := decode(yaml.NewRNode(n), "", i); ok {
					objs = append(objs, o)
				}
			}
		}
		res = append(res, objects(objs, opt)...)
	}
	// the results are written into the list here, so they pass the
	// redaction policy here (stderr lines pass it again in fn.Format)
	redact.Results(res)
	return appendResults(input, root, res), res, hasErrors(res)
}

// Input is one file (or stdin) of a rendered build.
type Input struct {
	// Label names the input in results (a file name, "stdin").
	Label string
	Data  []byte
}

// Stream runs the check over YAML streams of objects (the output of
// `kustomize build`) or ResourceLists, taken together as one build. A
// ResourceList's AIBackendCheck functionConfig sets the options; a
// non-empty field of opt (the command line) wins over it.
func Stream(inputs []Input, opt Options) (sdk.Results, error) {
	given := opt
	opt = Options{Secrets: SecretsWarning}
	var res sdk.Results
	var objs []object
	for _, in := range inputs {
		r := &kio.ByteReader{Reader: bytes.NewReader(in.Data), OmitReaderAnnotations: true}
		nodes, err := r.Read()
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", in.Label, err)
		}
		if r.FunctionConfig != nil && meta.TopString(r.FunctionConfig, "kind") == Kind {
			var cres sdk.Results
			opt, cres = readConfig(r.FunctionConfig)
			res = append(res, cres...)
		}
		for i, n := range nodes {
			if o, ok := decode(n, in.Label, i); ok {
				objs = append(objs, o)
			}
		}
	}
	if hasErrors(res) {
		return res, nil
	}
	if given.Secrets != "" {
		opt.Secrets = given.Secrets
	}
	opt.AIGatewayVersion = given.AIGatewayVersion
	res = append(res, objects(objs, opt)...)
	return res, nil
}

// readConfig reads the AIBackendCheck: every problem is an error result
// naming the field.
func readConfig(n *yaml.RNode) (Options, sdk.Results) {
	opt := Options{Secrets: SecretsWarning}
	if n == nil {
		return opt, nil
	}
	var res sdk.Results
	bad := func(path, format string, args ...any) {
		r := &sdk.Result{Severity: sdk.Error, Message: fmt.Sprintf(format, args...), Field: &sdk.Field{Path: path},
			ResourceRef: &sdk.ResourceRef{APIVersion: meta.TopString(n, "apiVersion"), Kind: Kind, Name: n.GetName()}}
		if p := n.GetAnnotations()["config.kubernetes.io/path"]; p != "" {
			r.File = &sdk.File{Path: p}
		} else if p := n.GetAnnotations()["internal.config.kubernetes.io/path"]; p != "" {
			r.File = &sdk.File{Path: p}
		}
		res = append(res, r)
	}
	if v := meta.TopString(n, "apiVersion"); v != APIVersion {
		bad("apiVersion", "is %q; write apiVersion: %s", v, APIVersion)
	}
	m, err := n.Map()
	if err != nil {
		bad("", "is not a map: %v", err)
		return opt, res
	}
	for k := range m {
		switch k {
		case "apiVersion", "kind", "metadata", "spec":
		default:
			bad(k, "is not a field of %s (fields: apiVersion, kind, metadata, spec)", Kind)
		}
	}
	spec, isMap := m["spec"].(map[string]any)
	if m["spec"] != nil && !isMap {
		bad("spec", "must be a map with the field secrets")
	}
	for k, v := range spec {
		switch k {
		case "secrets":
			s, _ := v.(string)
			switch s {
			case SecretsWarning, SecretsError, SecretsIgnore:
				opt.Secrets = s
			default:
				bad("spec.secrets", "is %v; write one of error, warning, ignore (how Secrets a policy reads that are not in the build are reported)", v)
			}
		default:
			bad("spec."+k, "is not a field of %s (spec fields: secrets)", Kind)
		}
	}
	sortResults(res)
	return opt, res
}

func hasErrors(res sdk.Results) bool {
	for _, r := range res {
		if r.Severity == sdk.Error {
			return true
		}
	}
	return false
}

// sortResults orders the functionConfig's results by field path (Go maps
// have no order).
func sortResults(res sdk.Results) {
	k := func(r *sdk.Result) string {
		var b strings.Builder
		if r.File != nil {
			fmt.Fprintf(&b, "%s\x00%09d", r.File.Path, r.File.Index+1)
		}
		b.WriteString("\x00")
		if r.ResourceRef != nil {
			b.WriteString(r.ResourceRef.Kind + "\x00" + r.ResourceRef.Namespace + "\x00" + r.ResourceRef.Name)
		}
		b.WriteString("\x00")
		if r.Field != nil {
			b.WriteString(r.Field.Path)
		}
		return b.String() + "\x00" + r.Message
	}
	sort.SliceStable(res, func(i, j int) bool { return k(res[i]) < k(res[j]) })
}

// appendResults writes the input back with the results. Appending text
// keeps every item byte-identical; it is used when the appended document
// reads back as the same list plus results, otherwise (flow-style input, a
// results field already present) the root is re-encoded with the results
// set, which keeps the items' values.
func appendResults(input []byte, root *yaml.RNode, res sdk.Results) []byte {
	if len(res) == 0 {
		return input
	}
	n := &yaml.Node{}
	if err := n.Encode(res); err != nil {
		return input
	}
	if root.Field("results") == nil && root.YNode().Style&yaml.FlowStyle == 0 {
		var buf bytes.Buffer
		buf.Write(input)
		if !bytes.HasSuffix(input, []byte("\n")) {
			buf.WriteByte('\n')
		}
		tail := yaml.NewMapRNode(nil)
		if err := tail.PipeE(yaml.SetField("results", yaml.NewRNode(n))); err == nil {
			if s, err := tail.String(); err == nil {
				buf.WriteString(s)
				if back, err := parseRoot(buf.Bytes()); err == nil && back.Field("results") != nil && sameItems(root, back) {
					return buf.Bytes()
				}
			}
		}
	}
	if err := root.PipeE(yaml.SetField("results", yaml.NewRNode(n))); err != nil {
		return input
	}
	s, err := root.String()
	if err != nil {
		return input
	}
	return []byte(s)
}

func sameItems(a, b *yaml.RNode) bool {
	fa, fb := a.Field("items"), b.Field("items")
	if fa == nil || fb == nil {
		return fa == fb
	}
	sa, err1 := fa.Value.String()
	sb, err2 := fb.Value.String()
	return err1 == nil && err2 == nil && sa == sb
}
