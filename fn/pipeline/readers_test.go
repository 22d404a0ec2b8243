package pipeline

import (
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/fn/write"
)

// TestReadersAgree is the pipeline's premise: for the same items, the
// block reader and the full reader give decide the same table — the same
// rows in the same order with the same Meta (kinds, names, file
// annotations, owner, role, shape) and the same functionConfig. It reads
// every golden input and 1 500 generated packages (the differential
// grammar: both annotation spellings, odd indexes, escapes, flow items...).
func TestReadersAgree(t *testing.T) {
	var inputs [][]byte
	goldens, err := filepath.Glob("testdata/golden/*/input.yaml")
	require.NoError(t, err)
	for _, f := range goldens {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		inputs = append(inputs, b)
	}
	// spellings that disagree, which kpt never writes but a person may
	for _, anns := range []string{
		"internal.config.kubernetes.io/index: '3'\n      config.kubernetes.io/index: '7'",
		"config.kubernetes.io/index: '7'\n      internal.config.kubernetes.io/index: '3'",
		"internal.config.kubernetes.io/path: a.yaml\n      config.kubernetes.io/path: b.yaml",
		"config.kubernetes.io/path: b.yaml",
		"config.kubernetes.io/index: x",
		"fn.aigw.dev/spec: ~",
		"fn.aigw.dev/spec: null",
		"fn.aigw.dev/spec: 'null'",
		"fn.aigw.dev/spec: 12",
	} {
		inputs = append(inputs, []byte("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"+
			"- apiVersion: gateway.envoyproxy.io/v1alpha1\n  kind: Backend\n  metadata:\n    name: b\n    annotations:\n      "+anns+"\n"))
	}
	rng := rand.New(rand.NewSource(23))
	for range 1500 {
		b := make([]byte, 16+rng.Intn(240))
		rng.Read(b)
		inputs = append(inputs, genPackage(b))
	}
	compared, rows := 0, 0
	for i, in := range inputs {
		fast, ok := read.Fast(in, write.Echo)
		if !ok {
			continue
		}
		full, err := read.Full(in)
		if err != nil {
			continue // not a ResourceList the SDK reads: the fast table is never used alone
		}
		compared++
		require.Len(t, fast.Rows, len(full.Rows), "input %d:\n%s", i, in)
		for k := range fast.Rows {
			rows++
			if !assert.Equal(t, full.Rows[k].Meta, fast.Rows[k].Meta, "input %d, item %d:\n%s", i, k, in) {
				return
			}
		}
		if full.FnConfig == nil {
			assert.Nil(t, fast.FnConfig, "input %d", i)
		} else if assert.NotNil(t, fast.FnConfig, "input %d", i) {
			// the same values (a JSON list reaches the block reader as
			// block YAML, so the layout may differ)
			var a, b any
			require.NoError(t, full.FnConfig.YNode().Decode(&a))
			require.NoError(t, fast.FnConfig.YNode().Decode(&b))
			assert.Equal(t, a, b, "input %d", i)
		}
	}
	t.Logf("compared the tables of %d of %d inputs (%d rows)", compared, len(inputs), rows)
	assert.Greater(t, compared, len(inputs)/2, "the block reader must take most inputs, or this compares too little")
}
