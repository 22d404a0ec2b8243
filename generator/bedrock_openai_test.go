package generator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBedrockOpenAI: the aws-bedrock-openai entry generates the API-key
// form AI Gateway can serve (OpenAI schema, prefix /openai/v1, host
// bedrock-mantle.<region>.api.aws, an APIKey policy), and every way of
// asking for AWS credentials on that endpoint is refused with the reason.
func TestBedrockOpenAI(t *testing.T) {
	objs, errs := run(t, specYAML("provider: aws-bedrock-openai\nendpoint: {region: eu-west-1}\nauth: {secretRef: {name: bedrock-key}}\n"))
	require.Empty(t, errs)
	be := objs[KindBackend].Spec.(backendSpec)
	assert.Equal(t, "bedrock-mantle.eu-west-1.api.aws", be.Endpoints[0].FQDN.Hostname)
	assert.Equal(t, 443, be.Endpoints[0].FQDN.Port)
	asb := objs[KindAIServiceBackend].Spec.(aiServiceBackendSpec)
	assert.Equal(t, SchemaOpenAI, asb.Schema.Name)
	assert.Equal(t, "/openai/v1", asb.Schema.Prefix)
	bsp := objs[KindBackendSecurityPolicy].Spec.(backendSecurityPolicySpec)
	assert.Equal(t, policyAPIKey, bsp.Type)
	require.NotNil(t, bsp.APIKey)
	assert.Equal(t, 1, credentialBlocks(bsp))
	assert.Equal(t, "bedrock-mantle.eu-west-1.api.aws", objs[KindBackendTLSPolicy].Spec.(backendTLSPolicySpec).Validation.Hostname)

	cases := []struct {
		name, body, path, says string
	}{
		{"AWS credentials are refused", "provider: aws-bedrock-openai\nendpoint: {region: eu-west-1}\nauth: {aws: {region: eu-west-1}}\n",
			"spec.auth.aws", "envoyproxy/ai-gateway#2182"},
		{"the default AWS chain is refused too", "provider: aws-bedrock-openai\nendpoint: {region: eu-west-1}\nauth: {aws: {}}\n",
			"spec.auth.aws", "cannot sign"},
		{"no auth: the API key is required", "provider: aws-bedrock-openai\nendpoint: {region: eu-west-1}\n",
			"spec.auth", "is required"},
		{"the region is required", "provider: aws-bedrock-openai\nauth: {secretRef: {name: k}}\n",
			"spec.endpoint.region", "bedrock-mantle.<region>.api.aws"},
		{"a GCP region is refused", "provider: aws-bedrock-openai\nendpoint: {region: us-central1}\nauth: {secretRef: {name: k}}\n",
			"spec.endpoint.region", "AWS region"},
		{"aws-bedrock on the Mantle host points at the new entry", "provider: aws-bedrock\nendpoint: {hostname: bedrock-mantle.us-east-1.api.aws}\n",
			"spec.endpoint.hostname", "provider: aws-bedrock-openai"},
		{"several regions are not offered", "provider: aws-bedrock-openai\nendpoint: {regions: [us-east-1, us-west-2]}\nauth: {secretRef: {name: k}}\n",
			"spec.endpoint.regions", "AWS and GCP providers"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := run(t, specYAML(c.body))
			var got []string
			found := false
			for _, e := range errs {
				got = append(got, e.Path+": "+e.Message)
				found = found || e.Path == c.path && strings.Contains(e.Message, c.says)
			}
			assert.True(t, found, "want %s containing %q, got %v", c.path, c.says, got)
		})
	}
}
