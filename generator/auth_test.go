package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCredentialBlockOfAnotherFamily: a credential block written for a
// provider of another family is refused at the block, once, with the
// block the provider takes; nothing below it is checked.
func TestCredentialBlockOfAnotherFamily(t *testing.T) {
	aws := map[string]any{"aws": map[string]any{"region": "us-east-1"}}
	azure := map[string]any{"azure": map[string]any{"clientID": "c", "tenantID": "t"}}
	gcp := map[string]any{"gcp": map[string]any{"projectName": "my-project"}}
	cases := []struct {
		name, provider string
		endpoint       map[string]any
		auth           map[string]any
		path, message  string
	}{
		{"aws on an API-key provider", "openai", nil, aws,
			"spec.auth.aws", "does not apply to openai; use spec.auth.secretRef naming a Secret with key apiKey"},
		{"aws on gcp", "gcp-vertex-ai", map[string]any{"region": "us-central1"}, aws,
			"spec.auth.aws", "does not apply to gcp-vertex-ai; use spec.auth.gcp"},
		{"aws on azure", "azure-openai-v1", map[string]any{"resource": "contoso"}, aws,
			"spec.auth.aws", "does not apply to azure-openai-v1; use spec.auth.secretRef (API key) or spec.auth.azure (Entra ID)"},
		{"aws on bedrock's OpenAI endpoint", "aws-bedrock-openai", map[string]any{"region": "us-east-1"}, aws,
			"spec.auth.aws", "does not apply to aws-bedrock-openai: AI Gateway cannot sign requests to Bedrock's OpenAI-compatible endpoint (bedrock-mantle.<region>.api.aws) with AWS credentials, as its SigV4 signer targets bedrock-runtime (envoyproxy/ai-gateway#2182); write secretRef: {name: <Secret with key apiKey>} holding a Bedrock API key, or use provider aws-bedrock for SigV4"},
		{"azure on an API-key provider", "anthropic", nil, azure,
			"spec.auth.azure", "does not apply to anthropic; use spec.auth.secretRef naming a Secret with key apiKey"},
		{"azure on aws", "aws-bedrock", map[string]any{"region": "us-east-1"}, azure,
			"spec.auth.azure", "does not apply to aws-bedrock; use spec.auth.aws"},
		{"gcp on aws", "aws-bedrock", map[string]any{"region": "us-east-1"}, gcp,
			"spec.auth.gcp", "does not apply to aws-bedrock; use spec.auth.aws"},
		{"gcp on azure", "azure-openai", map[string]any{"resource": "contoso"}, gcp,
			"spec.auth.gcp", "does not apply to azure-openai; use spec.auth.secretRef (API key) or spec.auth.azure (Entra ID)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := map[string]any{"provider": tc.provider, "auth": tc.auth}
			if tc.endpoint != nil {
				spec["endpoint"] = tc.endpoint
			}
			if tc.provider == "azure-openai" {
				spec["schema"] = map[string]any{"version": "2025-01-01-preview"}
			}
			assert.Equal(t, FieldErrors{{Path: tc.path, Message: tc.message}}, problems(t, spec))
		})
	}
}
