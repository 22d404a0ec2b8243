package importer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// TestYAML11WordsQuoted: a string YAML 1.1 would read as a boolean is
// written quoted in an imported spec, so kubectl and the API server read
// back the string the object held.
func TestYAML11WordsQuoted(t *testing.T) {
	for _, tc := range []struct {
		in     string
		quoted bool
	}{
		{in: "on", quoted: true},
		{in: "ON", quoted: true},
		{in: "yes", quoted: true},
		{in: "No", quoted: true},
		{in: "y", quoted: true},
		{in: "off", quoted: true},
		{in: "onward"},
		{in: "x-debug"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			b, err := yaml.Marshal(map[string]*yaml.Node{"k": str(tc.in)})
			assert.NoError(t, err)
			if tc.quoted {
				assert.Equal(t, "k: \""+tc.in+"\"\n", string(b))
			} else {
				assert.Equal(t, "k: "+tc.in+"\n", string(b))
			}
		})
	}
}
