package meta

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// TestOfMatchesKyaml keeps Of's reading of apiVersion, kind, name and
// namespace equal to kyaml's getters, on ordinary and odd shapes.
func TestOfMatchesKyaml(t *testing.T) {
	docs := []string{
		"apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: a\n  namespace: ns\n",
		"apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n",
		"apiVersion: v1\nkind: Secret\nmetadata: {}\n",
		"apiVersion: v1\nkind: Secret\nmetadata: null\n",
		"apiVersion: v1\nkind: Secret\nmetadata:\n  name: ~\n  namespace: []\n",
		"apiVersion: v1\napiVersion: v2\nkind: Secret\nmetadata:\n  name: a\nmetadata:\n  name: b\n",
		"apiVersion: [x]\nkind: {a: b}\nmetadata:\n  name: {a: b}\n",
		"x: &m {name: a, namespace: b}\nmetadata: *m\n",
		"kind: K\n",
		"{}\n",
		"~\n",
	}
	for _, doc := range docs {
		n, err := yaml.Parse(doc)
		if err != nil {
			t.Fatal(err)
		}
		av := n.GetApiVersion()
		group, _, ok := strings.Cut(av, "/")
		if !ok {
			group = ""
		}
		m := Of(n)
		got := [5]string{m.APIVersion, m.Group, m.Kind, m.Namespace, m.Name}
		want := [5]string{av, group, n.GetKind(), n.GetNamespace(), n.GetName()}
		if got != want {
			t.Errorf("%q: Of = %q, kyaml getters %q", doc, got, want)
		}
	}
}

// TestAnnotationsAsWritten: values are the text as written, whatever
// YAML 1.2 would make of them, and odd shapes read as empty.
func TestAnnotationsAsWritten(t *testing.T) {
	n, err := yaml.Parse("metadata:\n  annotations:\n    a: False\n    b: ~\n    c: yes\n    d: [x]\n    e: \"1\"\n")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "False", "b": "~", "c": "yes", "e": "1"}, Annotations(n))
	for _, odd := range []string{"[a, b]", "metadata: [a]", "metadata: {annotations: [a, b, c]}", "x: 1"} {
		n, err := yaml.Parse(odd)
		require.NoError(t, err)
		assert.Empty(t, Annotations(n), odd)
	}
	assert.Nil(t, Annotations(nil))
}
