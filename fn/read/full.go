package read

import (
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// Full reads any ResourceList kyaml reads, parsing every item. Its error
// says why the input is not a ResourceList.
func Full(input []byte) (*Table, error) {
	items, fnConfig, err := readList(input)
	if err != nil {
		return nil, err
	}
	return FromNodes(items, fnConfig), nil
}

// FromNodes is a Table over items already parsed (the quick look reads
// files, not a ResourceList).
func FromNodes(items []*yaml.RNode, fnConfig *yaml.RNode) *Table {
	t := &Table{Rows: make([]Row, len(items)), FnConfig: fnConfig}
	for i, n := range items {
		t.Rows[i] = Row{Meta: meta.Of(n), Node: n}
	}
	return t
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
	if err != nil || root.YNode().Kind != yaml.MappingNode || meta.TopString(root, yaml.KindField) != "ResourceList" {
		return nil, nil, false
	}
	return Parts(root)
}

// Parts returns the items and the functionConfig of a ResourceList's root
// mapping, read with kyaml. ok is false (and items nil) when items is
// there, not null and not a list; a functionConfig that is null or empty
// is none.
func Parts(root *yaml.RNode) (items []*yaml.RNode, fnConfig *yaml.RNode, ok bool) {
	if f := root.Field("functionConfig"); f != nil && !f.Value.IsNilOrEmpty() {
		fnConfig = f.Value
	}
	if f := root.Field("items"); f != nil && !isNull(f.Value.YNode()) {
		if f.Value.YNode().Kind != yaml.SequenceNode {
			return nil, fnConfig, false
		}
		for _, n := range f.Value.YNode().Content {
			items = append(items, yaml.NewRNode(n))
		}
	}
	return items, fnConfig, true
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
		if n, perr := yaml.Parse(string(input)); perr == nil && meta.TopString(n, yaml.KindField) == generator.Kind {
			// a spec piped on stdin: say how to look at it instead
			return nil, fmt.Errorf("input is an AIBackendSpec, not a ResourceList: to print the objects a spec file generates run aigw-backend FILE.yaml; on stdin the function reads a ResourceList (what kustomize and kpt send)")
		}
		return nil, fmt.Errorf("input is not a ResourceList: %w", err)
	}
	return rl, nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == yaml.NodeTagNull
}
