package fn

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sync"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// docMarkerRE finds a line that starts or ends a YAML document. At column
// 0 such a line cannot belong to an item (items are indented under
// `items:`), so input without one is a single document.
var docMarkerRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^(?:---|\.\.\.)(?:[ \t]|\r?$)`)
})

// oneDocument decides what a run reads when stdin holds several YAML
// documents. A function reads one ResourceList per run; kpt and kustomize
// send exactly one. So:
//   - empty documents (`---` alone, comments, `...`) are ignored, and the
//     one document left is the input (re-emitted as a single document);
//   - two or more non-empty documents are refused: the run changes
//     nothing and answers with every item of every ResourceList, every
//     other object as an item, and an error that says so.
//
// ok is false when the input is not a readable stream; the caller then
// reads it as usual and says what is wrong with it.
func oneDocument(input []byte) (doc []byte, refused *Output, ok bool) {
	if !docMarkerRE().Match(input) {
		return input, nil, true
	}
	var docs []*yaml.Node
	total := 0
	dec := yaml.NewDecoder(bytes.NewReader(input))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return input, nil, false
		}
		total++
		if !emptyDocument(&n) {
			docs = append(docs, &n)
		}
	}
	switch {
	case len(docs) == 0:
		return nil, nil, true
	case len(docs) == 1 && total == 1:
		return input, nil, true // one document with a `---` marker
	case len(docs) == 1:
		b, err := encodeNode(docs[0])
		if err != nil {
			return input, nil, false
		}
		return b, nil, true
	}
	out := refuseStream(docs)
	return nil, &out, true
}

// emptyDocument reports a document with no content (only comments, or null).
func emptyDocument(n *yaml.Node) bool {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return true
		}
		n = n.Content[0]
	}
	return n.Kind == yaml.ScalarNode && n.ShortTag() == yaml.NodeTagNull
}

// refuseStream answers a stream of several documents: nothing is run, and
// every item of every ResourceList comes back (other objects too, as
// items), with the first functionConfig found.
func refuseStream(docs []*yaml.Node) Output {
	var items []*yaml.RNode
	var fnConfig *yaml.RNode
	lists, others := 0, 0
	for _, d := range docs {
		root := yaml.NewRNode(d)
		if d.Kind == yaml.DocumentNode {
			root = yaml.NewRNode(d.Content[0])
		}
		if root.YNode().Kind != yaml.MappingNode {
			others++
			continue
		}
		if root.GetKind() != "ResourceList" {
			others++
			items = append(items, root)
			continue
		}
		lists++
		if f := root.Field("items"); f != nil && f.Value.YNode().Kind == yaml.SequenceNode {
			for _, it := range f.Value.YNode().Content {
				items = append(items, yaml.NewRNode(it))
			}
		}
		if f := root.Field("functionConfig"); f != nil && fnConfig == nil && !f.Value.IsNilOrEmpty() {
			fnConfig = f.Value
		}
	}
	res := sdk.Results{{Severity: sdk.Error, Message: fmt.Sprintf(
		"stdin holds %d YAML documents (%d ResourceLists, %d other); the function reads exactly one ResourceList per run, so it changed nothing and returns every item of every document: run it once per ResourceList", len(docs), lists, others)}}
	out, err := write(items, fnConfig, res)
	if err != nil {
		return failure(res[0].Message)
	}
	return finish(out, res, true)
}
