package fn

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// TestApplyNeverEditsSpecs holds apply to what neverEdited promises the
// fast path: on every golden input (good and bad, functionConfig and
// in-package, patching and pruning), every item neverEdited selects
// serializes the same after apply as before.
func TestApplyNeverEditsSpecs(t *testing.T) {
	dirs, err := filepath.Glob("testdata/golden/*")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	checked := 0
	for _, dir := range dirs {
		input, err := os.ReadFile(filepath.Join(dir, "input.yaml"))
		require.NoError(t, err)
		rl, err := parse(input)
		if err != nil {
			continue // not a ResourceList: apply never runs
		}
		items := make([]*yaml.RNode, len(rl.Items))
		before := map[*yaml.RNode]string{}
		for i, it := range rl.Items {
			items[i] = it.MoveToResourceNode()
			if neverEdited(items[i]) {
				before[items[i]], err = items[i].String()
				require.NoError(t, err)
			}
		}
		var fnConfig *yaml.RNode
		if rl.FunctionConfig != nil && !rl.FunctionConfig.IsEmpty() {
			fnConfig = rl.FunctionConfig.MoveToResourceNode()
		}
		apply(fnConfig, items, nil, Options{})
		for n, s := range before {
			after, err := n.String()
			require.NoError(t, err)
			assert.Equal(t, s, after, "%s: apply edited %s %s", filepath.Base(dir), n.GetKind(), n.GetName())
			checked++
		}
	}
	assert.GreaterOrEqual(t, checked, 5, "spec items checked (most golden cases use a functionConfig)")
}
