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

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/check"
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

// Run processes one serialized ResourceList with the default options.
func Run(input []byte) Output { return RunWith(input, Options{}) }

// RunWith processes one serialized ResourceList. Whatever happens inside,
// the answer holds every input item: a panic becomes an error result over
// the unchanged items (guard), and so does every error after the input was
// read.
func RunWith(input []byte, opt Options) Output {
	return guard(input, func() Output { return run(input, opt) })
}

func run(input []byte, opt Options) Output {
	if len(input) > MaxInputBytes {
		return failure(fmt.Sprintf("input is %d bytes, more than the %d-byte limit", len(input), MaxInputBytes))
	}
	input, refused, _ := oneDocument(input)
	if refused != nil {
		return *refused
	}
	if len(bytes.TrimSpace(input)) == 0 {
		return failure("no input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin")
	}
	if check.IsConfig(input) {
		// an AIBackendCheck functionConfig: the whole-build check, which
		// returns the input unchanged with its results
		return finish(check.ResourceList(input))
	}
	if opt.Engine != engineFull {
		if l, ok := fastList(input); ok {
			if out, ok := runFast(l); ok {
				return out
			}
		}
	}
	return runFull(input)
}

// runFull parses every item with the SDK: the reference path, used when the
// input is outside what the fast path models (flow style, anchors...).
func runFull(input []byte) Output {
	items, fnConfig, err := readList(input)
	if err != nil {
		// unreadable as a ResourceList by the SDK; if it still is one to
		// kyaml, its items come back with the error
		return giveBack(input, sdk.Results{{Severity: sdk.Error, Message: err.Error()}})
	}
	if res := nonObjects(items); len(res) > 0 {
		out, err := write(items, fnConfig, res)
		if err != nil {
			return giveBack(input, append(res, &sdk.Result{Severity: sdk.Error, Message: fmt.Sprintf("writing the output ResourceList: %v", err)}))
		}
		return finish(out, res, true)
	}
	echo := isGeneratorEcho(fnConfig, items)
	o := safeApply(fnConfig, items, nil, false)
	if echo && !o.failed {
		o.items = without(o.items, items[0])
	}
	out, err := write(o.items, fnConfig, o.results)
	if err != nil {
		// The changed items cannot be written (an alias bomb whose anchor
		// the function replaced): give every item back as it came, from
		// the input's own bytes, with the reason.
		return giveBack(input, append(o.results, &sdk.Result{Severity: sdk.Error, Message: fmt.Sprintf("writing the output ResourceList: %v", err)}))
	}
	return finish(out, o.results, o.failed)
}

// safeApply is apply with a last line of defence: a bug must never cost the
// user their items, so a panic becomes an error result over unchanged items.
// Items are copied first because apply may have half-patched them — unless
// the caller has the input bytes of every item and writes those when the
// run failed (the fast route: haveBytes), then o.items of a failed run is
// not to be read.
func safeApply(fnConfig *yaml.RNode, items []*yaml.RNode, others []fileRef, haveBytes bool) (o *outcome) {
	orig := items
	if !haveBytes {
		orig = make([]*yaml.RNode, len(items))
		for i, it := range items {
			if neverEdited(it) {
				orig[i] = it // apply never writes to it: no copy needed
				continue
			}
			orig[i] = it.Copy()
		}
	}
	defer func() {
		if r := recover(); r != nil {
			o = &outcome{items: orig, failed: true, results: sdk.Results{{Severity: sdk.Error,
				Message: fmt.Sprintf("internal error (please report it with your input): %v", r)}}}
		}
	}()
	o = apply(fnConfig, items, others)
	o.orig = orig
	if !o.failed && hasError(o.results) {
		// only lint adds an error to a run that did not fail (a field
		// the API server would drop): bad input, so nothing changes
		o.items, o.failed = orig, true
	}
	return o
}

func hasError(res sdk.Results) bool {
	for _, r := range res {
		if r.Severity == sdk.Error {
			return true
		}
	}
	return false
}

// readList reads a ResourceList with the SDK. Some lists kyaml reads fine
// the SDK refuses: items that are not objects (`- null`), `items:` or
// `functionConfig:` left null, a functionConfig that is not a map. Those are
// read with kyaml instead, so that the function can say what is wrong with
// an item or the functionConfig (and give every item back) instead of
// calling the whole input unreadable.
func readList(input []byte) (items []*yaml.RNode, fnConfig *yaml.RNode, err error) {
	rl, err := parse(input)
	if err == nil {
		items = make([]*yaml.RNode, len(rl.Items))
		for i, it := range rl.Items {
			items[i] = it.MoveToResourceNode()
		}
		if rl.FunctionConfig != nil && !rl.FunctionConfig.IsEmpty() {
			fnConfig = rl.FunctionConfig.MoveToResourceNode()
		}
		return items, fnConfig, nil
	}
	items, fnConfig, ok := readLenient(input)
	if !ok {
		return nil, nil, err
	}
	return items, fnConfig, nil
}

func readLenient(input []byte) (items []*yaml.RNode, fnConfig *yaml.RNode, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	root, err := yaml.Parse(string(input))
	if err != nil || root.YNode().Kind != yaml.MappingNode || root.GetKind() != "ResourceList" {
		return nil, nil, false
	}
	if f := root.Field("items"); f != nil && !isNull(f.Value) {
		if f.Value.YNode().Kind != yaml.SequenceNode {
			return nil, nil, false
		}
		for _, n := range f.Value.YNode().Content {
			items = append(items, yaml.NewRNode(n))
		}
	}
	if f := root.Field("functionConfig"); f != nil && !f.Value.IsNilOrEmpty() {
		fnConfig = f.Value
	}
	return items, fnConfig, true
}

// nonObjects names, by index, the items that are not objects (`- null`,
// `- text`, a list): the function cannot tell what they are, so it refuses
// to run and gives every item back.
func nonObjects(items []*yaml.RNode) sdk.Results {
	var res sdk.Results
	for i, it := range items {
		if msg := notAnObject(it.YNode()); msg != "" {
			res = append(res, &sdk.Result{Severity: sdk.Error, File: &sdk.File{Path: fmt.Sprintf("item %d", i)},
				Message: fmt.Sprintf("this item %s; every item of a ResourceList must be a Kubernetes object (a map with apiVersion, kind and metadata)", msg)})
		}
	}
	return res
}

// notAnObject says what an item is when it is not a mapping, or "".
func notAnObject(n *yaml.Node) string {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch {
	case n.Kind == yaml.MappingNode:
		return ""
	case n.Kind == yaml.ScalarNode && n.ShortTag() == yaml.NodeTagNull:
		return "is null (an empty \"-\" entry or \"- null\")"
	case n.Kind == yaml.ScalarNode:
		return "is a single value, not a map"
	case n.Kind == yaml.SequenceNode:
		return "is a list, not a map"
	}
	return "is not a map"
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
		if n, perr := yaml.Parse(string(input)); perr == nil && n.GetKind() == generator.Kind {
			// a spec piped on stdin: say how to look at it instead
			return nil, fmt.Errorf("input is an AIBackendSpec, not a ResourceList: to print the objects a spec file generates run aigw-backend FILE.yaml; on stdin the function reads a ResourceList (what kustomize and kpt send)")
		}
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

// without returns items less the node drop (kustomize's copy of a
// generator's config, see isGeneratorEcho).
func without(items []*yaml.RNode, drop *yaml.RNode) []*yaml.RNode {
	out := make([]*yaml.RNode, 0, len(items))
	for _, it := range items {
		if it != drop {
			out = append(out, it)
		}
	}
	return out
}
