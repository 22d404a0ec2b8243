package pipeline_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/crdvalidate"
)

func addSpecOf(t *testing.T, body string) *generator.AIBackendSpec {
	t.Helper()
	doc := "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: be, namespace: ns}\nspec:\n"
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		doc += "  " + l + "\n"
	}
	spec, errs := generator.Decode(yaml.MustParse(doc))
	require.Empty(t, errs)
	return spec
}

func addAsMap(t *testing.T, o *generator.Object) map[string]any {
	t.Helper()
	b, err := json.Marshal(o)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// TestAdditionsAreCRDValid: credentialOverride on every policy type and the
// per-region sets of every AWS and GCP provider are accepted by the pinned
// upstream CRDs (schema, CEL, strict unknown fields, no deprecation warning
// except for the deprecated v1alpha1 asked for). It lives in fn/, not in
// generator/, so that the generator tests stay free of the API server
// libraries.
func TestAdditionsAreCRDValid(t *testing.T) {
	v, dir, err := crdvalidate.LoadDefault()
	require.NoError(t, err, "loading the CRDs (%s)", dir)
	hdr := "override: {fromRequestHeaders: {header: x-k, fallbackToConfigured: false}}"
	meta := "override: {fromDynamicMetadata: {namespace: envoy.filters.http.ext_authz, key: k, fallbackToConfigured: true}}"
	bodies := []string{
		"provider: openai\nauth: {secretRef: {name: k}, " + hdr + "}",
		"provider: openai\nauth: {secretRef: {name: k}, override: {fromRequestHeaders: {}}}",
		"provider: anthropic\nauth: {secretRef: {name: k}, " + meta + "}",
		"provider: azure-openai\nschema: {version: '2025-01-01-preview'}\nendpoint: {resource: r}\nauth: {secretRef: {name: k}, " + hdr + "}",
		"provider: azure-openai\nschema: {version: '2025-01-01-preview'}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s}}, " + meta + "}",
		"provider: aws-bedrock\nendpoint: {regions: [us-east-1, eu-west-1]}\nauth: {" + meta + "}",
		"provider: aws-anthropic\nendpoint: {regions: [us-east-1, us-west-2]}\nauth: {aws: {credentialsSecretRef: {name: c}}}",
		"provider: gcp-vertex-ai\nendpoint: {regions: [us-central1, global]}\nauth: {gcp: {projectName: my-project}, " + hdr + "}",
		"provider: gcp-anthropic\nendpoint: {regions: [us-east5, europe-west1]}\nauth: {gcp: {projectName: my-project, credentialsSecretRef: {name: sa}}}\ntarget: {aiGatewayAPIVersion: v1alpha1, backendTLSPolicyAPIVersion: v1}",
	}
	for _, body := range bodies {
		out, errs := generator.Generate(addSpecOf(t, body))
		require.Empty(t, errs, body)
		for _, o := range out.Objects {
			r := v.Validate(addAsMap(t, o))
			assert.NoError(t, r.Err(), "%s %s from\n%s", o.Kind, o.Metadata.Name, body)
			if o.APIVersion != generator.GroupAIGateway+"/v1alpha1" { // deprecated upstream, and asked for
				assert.Empty(t, r.Deprecations, "%s %s", o.Kind, o.Metadata.Name)
			}
		}
	}
}

// TestOverrideRejectionsMatchUpstream: each combination the function refuses
// is one the upstream CRD refuses too (so refusing it loses nothing), shown by
// editing a valid generated policy the same way.
func TestOverrideRejectionsMatchUpstream(t *testing.T) {
	v, dir, err := crdvalidate.LoadDefault()
	require.NoError(t, err, "loading the CRDs (%s)", dir)
	cases := []struct {
		name     string
		spec     string
		path     string                   // where the function reports it
		edit     func(bsp map[string]any) // the same mistake written by hand
		crdError string
	}{
		{"both sources", "provider: openai\nauth: {secretRef: {name: k}, override: {fromRequestHeaders: {header: x-k}, fromDynamicMetadata: {namespace: ext}}}",
			"spec.auth.override", func(m map[string]any) {
				addSpec(m)["credentialOverride"] = map[string]any{"fromRequestHeaders": map[string]any{"header": "x-k"}, "fromDynamicMetadata": map[string]any{"namespace": "ext"}}
			}, "credentialOverride"},
		{"no source", "provider: openai\nauth: {secretRef: {name: k}, override: {}}",
			"spec.auth.override", func(m map[string]any) { addSpec(m)["credentialOverride"] = map[string]any{} }, "credentialOverride"},
		{"metadata without namespace", "provider: openai\nauth: {secretRef: {name: k}, override: {fromDynamicMetadata: {key: k}}}",
			"spec.auth.override.fromDynamicMetadata.namespace", func(m map[string]any) {
				addSpec(m)["credentialOverride"] = map[string]any{"fromDynamicMetadata": map[string]any{"key": "k"}}
			}, "namespace"},
		{"v1alpha1 has no credentialOverride", "provider: openai\nauth: {secretRef: {name: k}, override: {fromRequestHeaders: {}}}\ntarget: {aiGatewayAPIVersion: v1alpha1}",
			"spec.auth.override", func(m map[string]any) {
				m["apiVersion"] = "aigateway.envoyproxy.io/v1alpha1"
				addSpec(m)["credentialOverride"] = map[string]any{"fromRequestHeaders": map[string]any{}}
			}, "credentialOverride"},
		{"override without a credential block", "provider: openai-compatible\nendpoint: {hostname: llm.example.com}\nauth: {override: {fromRequestHeaders: {}}}",
			"spec.auth.override", func(m map[string]any) {
				delete(addSpec(m), "apiKey")
				addSpec(m)["credentialOverride"] = map[string]any{"fromRequestHeaders": map[string]any{}}
			}, "apiKey"},
	}
	base, errs := generator.Generate(addSpecOf(t, "provider: openai\nauth: {secretRef: {name: k}}"))
	require.Empty(t, errs)
	bsp := base.Objects[len(base.Objects)-1]
	require.Equal(t, generator.KindBackendSecurityPolicy, bsp.Kind)
	require.NoError(t, v.Validate(addAsMap(t, bsp)).Err(), "the unedited policy is valid")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errs := generator.Generate(addSpecOf(t, tc.spec))
			assert.Nil(t, out)
			var paths []string
			for _, e := range errs {
				paths = append(paths, e.Path)
			}
			assert.Contains(t, paths, tc.path)

			m := addAsMap(t, bsp)
			tc.edit(m)
			err := v.Validate(m).Err()
			require.Error(t, err, "the CRD accepts what the function refuses")
			assert.Contains(t, err.Error(), tc.crdError)
		})
	}
}

func addSpec(m map[string]any) map[string]any { return m["spec"].(map[string]any) }
