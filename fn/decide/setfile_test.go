package decide

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// TestAppendAnnotationsMatchesSetAnnotation: where appendAnnotations
// accepts an object, the result serializes exactly as with
// yaml.SetAnnotation; where it declines, the object is untouched.
func TestAppendAnnotationsMatchesSetAnnotation(t *testing.T) {
	kv := [][2]string{{"config.kubernetes.io/path", "dir/aigw-x.yaml"}, {"internal.config.kubernetes.io/index", "0"},
		{"a", "true"}, {"b", "multi\nline"}, {"c", ""}, {"d", "it's"}}
	tests := []struct {
		name, doc string
		accept    bool
	}{
		{name: "generated object", doc: "apiVersion: v1\nkind: X\nmetadata:\n  name: n\n  annotations:\n    fn.aigw.dev/spec: ns/n\nspec: {}\n", accept: true},
		{name: "flow annotations", doc: "kind: X\nmetadata: {name: n, annotations: {z: \"1\"}}\n", accept: true},
		{name: "no annotations", doc: "kind: X\nmetadata:\n  name: n\n"},
		{name: "empty annotations", doc: "kind: X\nmetadata:\n  annotations: {}\n  name: n\n"},
		{name: "null annotations", doc: "kind: X\nmetadata:\n  annotations:\n  name: n\n"},
		{name: "key already there", doc: "kind: X\nmetadata:\n  annotations:\n    a: \"x\"\n"},
		{name: "no metadata", doc: "kind: X\n"},
		{name: "metadata not a map", doc: "kind: X\nmetadata: [a]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast, slow := yaml.MustParse(tt.doc), yaml.MustParse(tt.doc)
			before := fast.MustString()
			ok := appendAnnotations(fast, kv)
			require.Equal(t, tt.accept, ok)
			if !ok {
				assert.Equal(t, before, fast.MustString(), "declined but changed")
				return
			}
			for _, p := range kv {
				require.NoError(t, slow.PipeE(yaml.SetAnnotation(p[0], p[1])))
			}
			assert.Equal(t, slow.MustString(), fast.MustString())
			sortAnnotations(fast)
			sortAnnotations(slow)
			assert.Equal(t, slow.MustString(), fast.MustString())
		})
	}
}
