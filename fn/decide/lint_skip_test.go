package decide

import (
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// TestAnyUnownedLintCandidate checks the shortcut of lintItems: a false
// answer must mean that lintObject keeps no unowned object (so lint.Check
// cannot find anything), and every way of writing an unowned candidate, or
// an owned one the node check cannot read plainly, answers true.
func TestAnyUnownedLintCandidate(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want bool
	}{
		{"owned backend", "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: a\n  annotations:\n    fn.aigw.dev/spec: ns/a\n", false},
		{"hand-written backend", "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: a\n", true},
		{"empty annotation", "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: a\n  annotations:\n    fn.aigw.dev/spec: \"\"\n", true},
		// a number is an owner to lint (it decodes 12 as "12") and to meta
		{"numeric annotation", "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: a\n  annotations:\n    fn.aigw.dev/spec: 12\n", false},
		{"null annotation", "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: a\n  annotations:\n    fn.aigw.dev/spec: ~\n", true},
		{"annotations by alias", "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nx: &a {fn.aigw.dev/spec: ns/a}\nmetadata:\n  name: a\n  annotations: *a\n", true},
		{"secret", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n", true},
		{"config map", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n", false},
		{"spec", "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n  name: c\n", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := yaml.Parse(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			items := []*yaml.RNode{n}
			if got := anyUnownedLintCandidate(items); got != tc.want {
				t.Fatalf("anyUnownedLintCandidate = %v, want %v", got, tc.want)
			}
			if !tc.want {
				if o, ok := lintObject(n); ok && !o.Owned {
					t.Fatalf("shortcut says owned but lintObject keeps an unowned object: %+v", o)
				}
			}
		})
	}
}
