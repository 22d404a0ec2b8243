package object_test

import (
	"os"
	"path/filepath"
	"testing"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/object"
	"github.com/aigw-dev/aigw-backend/fn/write"
	"github.com/aigw-dev/aigw-backend/generator"
)

// TestToRNodeMatchesSDK: toRNode serializes exactly like the SDK's
// NewFromTypedObject, on tricky values and on every object the generator
// makes for the specs of the golden cases.
func TestToRNodeMatchesSDK(t *testing.T) {
	tricky := []string{"", "yes", "No", "on", "y", "1:20", "-1:30.5", "8", "1.5", "0x1F", "1e3", "true", "null", "~",
		"a: b", "#x", " lead", "trail ", "multi\nline", "multi\nline\n", "ünï ✓", "'q'", "\"dq\"", "- x", "[a]", "{a}", "*a", "&a", "!t", "%p", "@a", "`b"}
	m := map[string]any{"apiVersion": "v1", "kind": "X", "metadata": map[string]any{"name": "n", "creationTimestamp": nil}}
	vals := map[string]any{}
	for _, s := range tricky {
		vals["k"+s] = s
		vals[s] = "v"
	}
	m["spec"] = map[string]any{"strings": vals, "list": []any{tricky, 443, 1.5, 1e21, 0, -7, true, false, nil, map[string]any{}, []any{}}}
	objs := []any{m}
	inputs, err := filepath.Glob("../pipeline/testdata/golden/*/input.yaml")
	require.NoError(t, err)
	for _, f := range inputs {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		rl, err := sdk.ParseResourceList(b)
		if err != nil {
			continue
		}
		var specs []*yaml.RNode
		if rl.FunctionConfig != nil && !rl.FunctionConfig.IsEmpty() {
			specs = append(specs, rl.FunctionConfig.MoveToResourceNode())
		}
		for _, it := range rl.Items {
			if it.GetKind() == generator.Kind {
				specs = append(specs, it.MoveToResourceNode())
			}
		}
		for _, n := range specs {
			spec, errs := generator.Decode(n)
			if len(errs) > 0 || spec == nil {
				continue
			}
			out, errs := generator.Generate(spec)
			if len(errs) > 0 || out == nil {
				continue
			}
			for _, o := range out.Objects {
				objs = append(objs, o)
			}
		}
	}
	require.Greater(t, len(objs), 100, "too few objects: did the golden cases move?")
	for _, o := range objs {
		ko, err := sdk.NewFromTypedObject(o)
		require.NoError(t, err)
		want, err := write.Encode(ko.MoveToResourceNode())
		require.NoError(t, err)
		n, err := object.ToRNode(o)
		require.NoError(t, err)
		got, err := write.Encode(n)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}
}
