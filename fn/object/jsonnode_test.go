package object

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/yaml11"
)

// decodedNode is toRNode's original path: decode into any, then valueNode.
func decodedNode(t *testing.T, j []byte) *yaml.Node {
	t.Helper()
	var m any
	require.NoError(t, json.Unmarshal(j, &m))
	if obj, ok := m.(map[string]any); ok {
		if meta, ok := obj["metadata"].(map[string]any); ok {
			if ts, found := meta["creationTimestamp"]; found && ts == nil {
				delete(meta, "creationTimestamp")
			}
		}
	}
	return valueNode(m)
}

// TestJSONNodeMatchesValueNode: jsonNode gives the very tree the decode
// path gives, on every object the generator makes for the golden specs and
// on random JSON values with escapes, unicode, numbers of every form,
// nulls and the keys kyaml orders first.
func TestJSONNodeMatchesValueNode(t *testing.T) {
	var docs [][]byte
	dirs, err := filepath.Glob("../pipeline/testdata/golden/*")
	require.NoError(t, err)
	for _, dir := range dirs {
		input, err := os.ReadFile(filepath.Join(dir, "input.yaml"))
		require.NoError(t, err)
		rl, err := sdk.ParseResourceList(input)
		if err != nil || rl.FunctionConfig == nil || rl.FunctionConfig.IsEmpty() {
			continue
		}
		spec, errs := generator.Decode(rl.FunctionConfig.MoveToResourceNode())
		if len(errs) > 0 {
			continue
		}
		out, errs := generator.Generate(spec)
		if out == nil || len(errs) > 0 {
			continue
		}
		for _, o := range out.Objects {
			j, err := json.Marshal(o)
			require.NoError(t, err)
			docs = append(docs, j)
		}
	}
	require.Greater(t, len(docs), 100, "generated objects")
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 5000; i++ {
		j, err := json.Marshal(randomJSON(r, 0))
		require.NoError(t, err)
		docs = append(docs, j)
	}
	docs = append(docs, []byte(`{"metadata":{"name":"x","creationTimestamp":null},"spec":{}}`),
		[]byte(`{"metadata":{"creationTimestamp":"2024-01-01T00:00:00Z"}}`))
	for _, j := range docs {
		want := decodedNode(t, j)
		got, err := jsonNode(j)
		require.NoError(t, err, string(j))
		dropNullCreationTimestamp(got)
		if !assert.True(t, reflect.DeepEqual(want, got), "%s", j) {
			return
		}
	}
	for _, bad := range []string{``, `{`, `{"a"}`, `[1,]x`, `"abc`, `tru`, `{"a":1}x`} {
		_, err := jsonNode([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func randomJSON(r *rand.Rand, depth int) any {
	keys := []string{"apiVersion", "kind", "metadata", "name", "namespace", "spec", "status", "labels",
		"annotations", "creationTimestamp", "z", "a", "é", "quo\"te", "back\\slash", "<html>&", "line\nbreak", "", "tab\t", "\u2028"}
	strs := append(yaml11.TrickyStrings(), "quo\"te", "back\\slash", "<>&", "\u2028\u2029", "日本", "\x01", "emoji 😀")
	if depth > 3 {
		switch r.Intn(5) {
		case 0:
			return []float64{0, -1, 1.5, 1e21, 1e-7, 443, 65535, 12345678901234567890, -0.0}[r.Intn(9)]
		case 1:
			return r.Intn(2) == 0
		case 2:
			return nil
		default:
			return strs[r.Intn(len(strs))]
		}
	}
	switch r.Intn(4) {
	case 0:
		m := map[string]any{}
		for i := r.Intn(6); i > 0; i-- {
			m[keys[r.Intn(len(keys))]] = randomJSON(r, depth+1)
		}
		return m
	case 1:
		var l []any
		for i := r.Intn(4); i > 0; i-- {
			l = append(l, randomJSON(r, depth+1))
		}
		return l
	default:
		return randomJSON(r, 4)
	}
}
