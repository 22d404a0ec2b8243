package decide

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// TestDecideEditsOnlyGeneratedKinds holds Decide to what the byte writer
// relies on: it edits the trees of the generated kinds only (the writer
// checks those for changes and copies every other row's input bytes). On
// every golden input (good and bad, functionConfig and in-package,
// patching and pruning), every other row serializes the same after Decide
// as before.
func TestDecideEditsOnlyGeneratedKinds(t *testing.T) {
	dirs, err := filepath.Glob("../pipeline/testdata/golden/*")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	checked, specs := 0, 0
	for _, dir := range dirs {
		input, err := os.ReadFile(filepath.Join(dir, "input.yaml"))
		require.NoError(t, err)
		tab, err := read.Full(input)
		if err != nil {
			continue // not a ResourceList: decide never runs
		}
		before := map[int]string{}
		for i, r := range tab.Rows {
			if r.Meta.Role != meta.RoleGenerated {
				before[i], err = r.Node.String()
				require.NoError(t, err)
			}
		}
		_, err = Decide(tab, Options{})
		require.NoError(t, err)
		for i, s := range before {
			n := tab.Rows[i].Node
			after, err := n.String()
			require.NoError(t, err)
			assert.Equal(t, s, after, "%s: decide edited %s %s", filepath.Base(dir), n.GetKind(), n.GetName())
			checked++
			if tab.Rows[i].Meta.Role == meta.RoleSpec {
				specs++
			}
		}
	}
	assert.GreaterOrEqual(t, specs, 5, "spec items checked (most golden cases use a functionConfig)")
	assert.Greater(t, checked, specs, "other items checked")
}
