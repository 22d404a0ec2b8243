// Package fn is the ResourceList glue of aigw-backend: it reads the input
// ResourceList, finds the AIBackendSpecs, asks package generator for their
// objects, upserts and prunes them among the items, and writes the output
// ResourceList with results. Data flows one way: main -> fn -> generator.
package fn

import (
	"bytes"
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
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

// MaxInputBytes bounds the input; larger input fails fast with a clear error.
const MaxInputBytes = 256 << 20

// Run processes one serialized ResourceList.
func Run(input []byte) Output {
	if len(bytes.TrimSpace(input)) == 0 {
		return failure("no input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin")
	}
	if len(input) > MaxInputBytes {
		return failure(fmt.Sprintf("input is %d bytes, more than the %d-byte limit", len(input), MaxInputBytes))
	}
	if l, ok := rawlist.Parse(input); ok {
		if out, ok := runFast(l); ok {
			return out
		}
	}
	return runFull(input)
}

// runFull parses every item with the SDK: the reference path, used when the
// input is outside what the fast path models (flow style, anchors...).
func runFull(input []byte) Output {
	rl, err := parse(input)
	if err != nil {
		return failure(err.Error())
	}
	items := make([]*yaml.RNode, len(rl.Items))
	for i, it := range rl.Items {
		items[i] = it.MoveToResourceNode()
	}
	var fnConfig *yaml.RNode
	if rl.FunctionConfig != nil && !rl.FunctionConfig.IsEmpty() {
		fnConfig = rl.FunctionConfig.MoveToResourceNode()
	}
	o := safeApply(fnConfig, items)
	out, err := write(o.items, fnConfig, o.results)
	if err != nil {
		return failure(fmt.Sprintf("writing the output ResourceList: %v", err))
	}
	return finish(out, o.results, o.failed)
}

// safeApply is apply with a last line of defence: a bug must never cost the
// user their items, so a panic becomes an error result over unchanged items.
// Items are copied first because apply may have half-patched them.
func safeApply(fnConfig *yaml.RNode, items []*yaml.RNode) (o *outcome) {
	orig := make([]*yaml.RNode, len(items))
	for i, it := range items {
		if neverEdited(it) {
			orig[i] = it // apply never writes to it: no copy needed
			continue
		}
		orig[i] = it.Copy()
	}
	defer func() {
		if r := recover(); r != nil {
			o = &outcome{items: orig, failed: true, results: sdk.Results{{Severity: sdk.Error,
				Message: fmt.Sprintf("internal error (please report it with your input): %v", r)}}}
		}
	}()
	return apply(fnConfig, items)
}

// parse reads the ResourceList with the SDK, turning its panics on
// pathological YAML into errors: no input may crash the function.
func parse(input []byte) (rl *sdk.ResourceList, err error) {
	defer func() {
		if r := recover(); r != nil {
			rl, err = nil, fmt.Errorf("input is not valid YAML: %v", r)
		}
	}()
	rl, err = sdk.ParseResourceList(input)
	if err != nil {
		return nil, fmt.Errorf("input is not a ResourceList: %w", err)
	}
	return rl, nil
}

func finish(out []byte, res sdk.Results, failed bool) Output {
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

// failure is the output for input that could not be read at all: an empty
// ResourceList carrying the error result.
func failure(msg string) Output {
	res := sdk.Results{{Message: msg, Severity: sdk.Error}}
	out, err := write(nil, nil, res)
	if err != nil {
		out = nil
	}
	return finish(out, res, true)
}

// write serializes the ResourceList keeping item order (the SDK's ToYAML
// sorts items, which would move objects the user placed).
func write(items []*yaml.RNode, fnConfig *yaml.RNode, res sdk.Results) ([]byte, error) {
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
	spellNulls(root.YNode())
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(root.YNode()); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
