package write

import (
	"bytes"
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
)

// GiveBack is the output of a run that cannot produce its own: every
// input item as it came, the functionConfig, and res as the results. It is
// the one exit for every error path that happens after the input was read
// (a budget, an output that cannot be written, a panic), so that no path
// can answer with fewer items than it was given.
//
// The input's own bytes are preferred (rawlist copies every item as it
// was written); input rawlist cannot split is re-emitted from its kyaml
// tree, untouched by the run; input that is not a ResourceList at all has
// no items to give back and gets the error alone.
func GiveBack(input []byte, res sdk.Results) Output {
	if bytes.HasSuffix(input, []byte("\n")) {
		if l, ok := rawlist.Parse(input); ok {
			entries := make([]rawlist.Entry, len(l.Items))
			for i := range l.Items {
				entries[i] = rawlist.Entry{Orig: &l.Items[i]}
			}
			if enc, err := encodeResults(res); err == nil {
				var buf bytes.Buffer
				if err := l.Write(&buf, entries, enc); err == nil {
					return Finish(buf.Bytes(), res, true)
				}
			}
		}
	}
	if out, ok := giveBackTree(input, res); ok {
		return Finish(out, res, true)
	}
	out, err := writeTree(nil, nil, res)
	if err != nil {
		out = nil
	}
	return Finish(out, res, true)
}

// giveBackTree re-emits a ResourceList from a fresh parse of the input
// with res as its results. The encoder writes anchors and aliases as they
// are, so no alias is expanded.
func giveBackTree(input []byte, res sdk.Results) (out []byte, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	root, err := yaml.Parse(string(input))
	if err != nil || root.YNode().Kind != yaml.MappingNode || root.GetKind() != "ResourceList" {
		return nil, false
	}
	if f := root.Field("items"); f != nil && f.Value.YNode().ShortTag() != yaml.NodeTagNull && f.Value.YNode().Kind != yaml.SequenceNode {
		return nil, false // not a list of items: nothing to give back
	}
	_ = root.PipeE(yaml.Clear("results"))
	if len(res) > 0 {
		n := &yaml.Node{}
		redactResults(res)
		if err := n.Encode(res); err != nil {
			return nil, false
		}
		if err := root.PipeE(yaml.SetField("results", yaml.NewRNode(n))); err != nil {
			return nil, false
		}
	}
	b, err := encodeNode(root.YNode())
	return b, err == nil
}

// Guard runs f and turns a panic into an error result over every input
// item: the last line of defence of Run.
func Guard(input []byte, f func() Output) (out Output) {
	defer func() {
		if r := recover(); r != nil {
			out = GiveBack(input, sdk.Results{{Severity: sdk.Error,
				Message: fmt.Sprintf("internal error (please report it with your input; every item is returned unchanged): %v", r)}})
		}
	}()
	return f()
}
