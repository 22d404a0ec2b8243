package write

import (
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/decide"
	"github.com/aigw-dev/aigw-backend/fn/read"
)

// Tree writes a plan over a table read.Full made, every item from its
// tree. When the plan's items cannot be written (an alias bomb whose
// anchor decide replaced), every item is given back as it came, from the
// input's own bytes, with the reason.
func Tree(input []byte, t *read.Table, p *decide.Plan) Output {
	items := make([]*yaml.RNode, len(p.Out))
	for i, o := range p.Out {
		items[i] = o.Node
	}
	out, err := writeTree(items, t.FnConfig, p.Results)
	if err != nil {
		return GiveBack(input, append(p.Results, &sdk.Result{Severity: sdk.Error, Message: fmt.Sprintf("writing the output ResourceList: %v", err)}))
	}
	return Finish(out, p.Results, p.Failed)
}

// Items writes items and results as a ResourceList (the answer to a
// stream of several documents, which has no table).
func Items(items []*yaml.RNode, fnConfig *yaml.RNode, res sdk.Results) ([]byte, error) {
	return writeTree(items, fnConfig, res)
}

// Document writes one node as a document, the way Tree writes a list.
func Document(n *yaml.Node) ([]byte, error) { return encodeNode(n) }
