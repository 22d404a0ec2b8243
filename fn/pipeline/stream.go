package pipeline

import (
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/fn/write"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// refuseStream answers stdin that holds several non-empty YAML documents:
// the run changes nothing and returns every item of every ResourceList,
// every other object as an item, and an error that says so.
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
		if meta.TopString(root, yaml.KindField) != "ResourceList" {
			others++
			items = append(items, root)
			continue
		}
		lists++
		its, fc, _ := read.Parts(root) // items that are not a list: none to give back
		items = append(items, its...)
		if fnConfig == nil {
			fnConfig = fc
		}
	}
	res := sdk.Results{{Severity: sdk.Error, Message: fmt.Sprintf(
		"stdin holds %d YAML documents (%d ResourceLists, %d other); the function reads exactly one ResourceList per run, so it changed nothing and returns every item of every document: run it once per ResourceList", len(docs), lists, others)}}
	out, err := write.Items(items, fnConfig, res)
	if err != nil {
		return write.Failure(res[0].Message)
	}
	return write.Finish(out, res, true)
}
