package dupkeys

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

func TestFind(t *testing.T) {
	for name, c := range map[string]struct {
		doc  string
		want []Duplicate
	}{
		"none":            {"a: 1\nb: {c: 2}\n", nil},
		"top level":       {"a: 1\nb: 2\na: 3\n", []Duplicate{{Path: "a", Key: "a", First: 1, Next: 3}}},
		"nested in lists": {"spec:\n  endpoints:\n  - fqdn: {hostname: a, hostname: b}\n", []Duplicate{{Path: "spec.endpoints[0].fqdn.hostname", Key: "hostname", First: 3, Next: 3}}},
		"dotted key":      {"metadata:\n  annotations:\n    a.b/c: x\n    a.b/c: y\n", []Duplicate{{Path: `metadata.annotations["a.b/c"]`, Key: "a.b/c", First: 3, Next: 4}}},
		"merge keys":      {"base: &b {x: 1}\nm:\n  <<: *b\n  <<: *b\n", nil},
	} {
		t.Run(name, func(t *testing.T) {
			n, err := yaml.Parse(c.doc)
			require.NoError(t, err)
			assert.Equal(t, c.want, Find(n.YNode()))
		})
	}
}
