package write

import (
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/plainwords"
	"github.com/aigw-dev/aigw-backend/internal/redact"
)

// Output is what one run produces.
type Output struct {
	// ResourceList is the serialized output ResourceList (always written,
	// also on failure, so orchestrators can show the results).
	ResourceList []byte
	// Stderr holds one human-readable line per error or warning result:
	// kustomize never prints results, only stderr.
	Stderr []string
	// ExitCode is 0 on success and 1 when any error result was produced.
	ExitCode int
}

// Finish is the Output of a run that wrote out with results res.
func Finish(out []byte, res sdk.Results, failed bool) Output {
	o := Output{ResourceList: out}
	for _, r := range res {
		if r.Severity == sdk.Error || r.Severity == sdk.Warning {
			o.Stderr = append(o.Stderr, Format(r))
		}
	}
	if failed {
		o.ExitCode = 1
	}
	return o
}

// Failure is the output for input that could not be read at all: an empty
// ResourceList carrying the error result.
func Failure(msg string) Output {
	res := sdk.Results{{Message: msg, Severity: sdk.Error}}
	out, err := writeTree(nil, nil, res)
	if err != nil {
		out = nil
	}
	return Finish(out, res, true)
}

// write serializes the ResourceList keeping item order (the SDK's ToYAML
// sorts items, which would move objects the user placed).
func writeTree(items []*yaml.RNode, fnConfig *yaml.RNode, res sdk.Results) ([]byte, error) {
	redactResults(res) // the one policy, before any result is written
	root := yaml.NewMapRNode(nil)
	if err := root.PipeE(yaml.SetField("apiVersion", yaml.NewStringRNode("config.kubernetes.io/v1"))); err != nil {
		return nil, err
	}
	if err := root.PipeE(yaml.SetField("kind", yaml.NewStringRNode("ResourceList"))); err != nil {
		return nil, err
	}
	list := yaml.NewListRNode()
	for _, it := range items {
		list.YNode().Content = append(list.YNode().Content, it.YNode())
	}
	if err := root.PipeE(yaml.SetField("items", list)); err != nil {
		return nil, err
	}
	if fnConfig != nil {
		if err := root.PipeE(yaml.SetField("functionConfig", fnConfig)); err != nil {
			return nil, err
		}
	}
	if len(res) > 0 {
		n := &yaml.Node{}
		if err := n.Encode(res); err != nil {
			return nil, err
		}
		if err := root.PipeE(yaml.SetField("results", yaml.NewRNode(n))); err != nil {
			return nil, err
		}
	}
	if err := prepareForEncode(root.YNode()); err != nil {
		return nil, err
	}
	return encodeNode(root.YNode())
}

// Format renders a result as one stderr line: "error: FILE: FIELD: MESSAGE (KIND NS/NAME)".
// The result passes through the redaction policy first (it is idempotent:
// results written to the ResourceList went through it already).
func Format(x *sdk.Result) string {
	redact.Result(x)
	s := string(x.Severity) + ": "
	if x.File != nil && x.File.Path != "" {
		s += x.File.Path + ": "
	}
	if x.Field != nil && x.Field.Path != "" {
		s += x.Field.Path + ": "
	}
	s += x.Message
	if x.ResourceRef != nil && x.ResourceRef.Name != "" {
		id := x.ResourceRef.Name
		if x.ResourceRef.Namespace != "" {
			id = x.ResourceRef.Namespace + "/" + id
		}
		s += fmt.Sprintf(" (%s %s)", x.ResourceRef.Kind, id)
	}
	return s
}

// redactResults is the choke point every result passes before it is
// written: the redaction policy (package redact) and plain words for the
// YAML library's vocabulary.
func redactResults(res sdk.Results) {
	for _, r := range res {
		if r == nil {
			continue
		}
		r.Message = plainwords.Rewrite(r.Message)
	}
	redact.Results(res)
}
