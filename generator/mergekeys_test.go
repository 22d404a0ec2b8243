package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// TestMergeKeysResolvedLikeKustomize: a spec with YAML merge keys decodes
// to what kustomize hands a plugin (kyaml's DeAnchor, run by kustomize on
// every resource), and the input tree is left as it was.
func TestMergeKeysResolvedLikeKustomize(t *testing.T) {
	for name, doc := range map[string]string{
		"spec from an anchor": `apiVersion: fn.aigw.dev/v1alpha1
kind: AIBackendSpec
metadata: {name: openai, namespace: ai}
base: &base
  provider: openai
  auth: {secretRef: {name: openai-key}}
spec:
  <<: *base
`,
		"own keys win": `apiVersion: fn.aigw.dev/v1alpha1
kind: AIBackendSpec
metadata: {name: openai, namespace: ai}
spec:
  provider: openai
  auth: {secretRef: {name: openai-key}}
  labels:
    <<: {team: a, tier: gold}
    tier: silver
`,
		"a list of maps": `apiVersion: fn.aigw.dev/v1alpha1
kind: AIBackendSpec
metadata: {name: openai, namespace: ai}
spec:
  <<: [{provider: openai}, {provider: anthropic, auth: {secretRef: {name: k}}}]
`,
	} {
		t.Run(name, func(t *testing.T) {
			in, err := yaml.Parse(doc)
			require.NoError(t, err)
			before, err := in.String()
			require.NoError(t, err)

			// what kustomize sends: the resource de-anchored
			kz, err := yaml.Parse(doc)
			require.NoError(t, err)
			require.NoError(t, kz.DeAnchor())
			_ = kz.PipeE(yaml.Clear("base"))
			want, wantErrs := Decode(kz)

			got, errs := Decode(in)
			if name == "spec from an anchor" {
				// the extra top-level key is reported either way
				require.Len(t, errs, 1)
				assert.Contains(t, errs[0].Message, `unknown field "base"`)
			} else {
				assert.Equal(t, wantErrs, errs)
			}
			assert.Equal(t, want.Spec, got.Spec)
			assert.NotContains(t, got.failed, "spec.<<")
			after, err := in.String()
			require.NoError(t, err)
			assert.Equal(t, before, after, "the input is not changed")
		})
	}
}
