package importer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mantle is a Bedrock OpenAI-compatible backend with an API key.
const mantle = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: br, namespace: ai}
spec:
  endpoints: [{fqdn: {hostname: bedrock-mantle.us-east-2.api.aws, port: 443}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: br-tls, namespace: ai}
spec:
  targetRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: br}]
  validation: {hostname: bedrock-mantle.us-east-2.api.aws, wellKnownCACertificates: System}
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: br, namespace: ai}
spec:
  schema: {name: OpenAI, prefix: /openai/v1}
  backendRef: {name: br, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata: {name: br-auth, namespace: ai}
spec:
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: br}]
  type: APIKey
  apiKey: {secretRef: {name: br-key}}
`

// TestImportAppliesProviderRules: import applies lint's provider rules to
// what it reads. Fields no CRD defines are removed with a note (and the
// object still imports, exit 0); findings it cannot correct are warnings
// next to what the spec says; the Bedrock OpenAI-compatible host comes
// back as the aws-bedrock-openai entry.
func TestImportAppliesProviderRules(t *testing.T) {
	cases := []struct {
		name     string
		input    string
		failed   bool
		provider string
		lines    []string // substrings of the report, in any order
	}{
		{"the OpenAI-compatible Bedrock host with an API key", mantle, false, "aws-bedrock-openai", nil},
		{"unknown fields are removed with a note, the rest imports", strings.NewReplacer(
			"  schema: {name: OpenAI, prefix: /openai/v1}\n", "  schema: {name: OpenAI, prefix: /openai/v1}\n  retries: 3\n",
			"port: 443}}]", "port: 443, weight: 2}}]").Replace(mantle), false, "aws-bedrock-openai",
			[]string{"note: in.yaml: AIServiceBackend ai/br: spec.retries: removed: is not a field of AIServiceBackend aigateway.envoyproxy.io/v1beta1 (CRD of AI Gateway v1.1.0)",
				"note: in.yaml: Backend ai/br: spec.endpoints[0].fqdn.weight: removed: is not a field of Backend gateway.envoyproxy.io/v1alpha1 (CRD of Envoy Gateway v1.9.0)"}},
		{"AWS credentials on the OpenAI-compatible Bedrock host", strings.Replace(mantle, "type: APIKey\n  apiKey: {secretRef: {name: br-key}}", "type: AWSCredentials\n  awsCredentials: {region: us-east-2}", 1), true, "",
			[]string{"warning: in.yaml: BackendSecurityPolicy ai/br-auth: spec.type: is AWSCredentials but Backend ai/br connects to \"bedrock-mantle.us-east-2.api.aws\"", "envoyproxy/ai-gateway#2182"}},
		{"Azure credentials on OpenAI's host", strings.NewReplacer("bedrock-mantle.us-east-2.api.aws", "api.openai.com", "type: APIKey\n  apiKey:", "type: AzureAPIKey\n  azureAPIKey:").Replace(mantle), true, "",
			[]string{"warning: in.yaml: BackendSecurityPolicy ai/br-auth: spec.type: is AzureAPIKey but Backend ai/br connects to \"api.openai.com\" (openai.com), not an Azure host",
				"error: in.yaml: BackendSecurityPolicy ai/br-auth: spec.type: is AzureAPIKey on the OpenAI schema"}},
		{"AzureOpenAI without the API version", strings.NewReplacer("bedrock-mantle.us-east-2.api.aws", "contoso.openai.azure.com", "{name: OpenAI, prefix: /openai/v1}", "{name: AzureOpenAI}", "type: APIKey\n  apiKey:", "type: AzureAPIKey\n  azureAPIKey:").Replace(mantle), true, "",
			[]string{"warning: in.yaml: AIServiceBackend ai/br: spec.schema.version: is missing"}},
		{"Backend spec.tls next to a BackendTLSPolicy", strings.Replace(mantle, "  endpoints: [{fqdn", "  tls: {wellKnownCACertificates: System}\n  endpoints: [{fqdn", 1), true, "",
			[]string{"warning: in.yaml: Backend ai/br: spec.tls: is set and BackendTLSPolicy ai/br-tls also targets this Backend", "error: in.yaml: Backend ai/br: spec.tls: is not represented"}},
		{"the AWS region of the policy is corrected to the host's", strings.NewReplacer("bedrock-mantle.us-east-2.api.aws", "bedrock-runtime.us-east-2.amazonaws.com", "{name: OpenAI, prefix: /openai/v1}", "{name: AWSBedrock}", "type: APIKey\n  apiKey: {secretRef: {name: br-key}}", "type: AWSCredentials\n  awsCredentials: {region: us-west-2}").Replace(mantle), false, "aws-bedrock",
			[]string{"corrected: in.yaml: BackendSecurityPolicy ai/br-auth: spec.awsCredentials.region: is \"us-west-2\" but the Backend hostname \"bedrock-runtime.us-east-2.amazonaws.com\" is in region \"us-east-2\""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := importFiles([]Input{{File: "in.yaml", Data: []byte(c.input)}}, Options{})
			var lines []string
			for _, l := range res.Lines {
				lines = append(lines, l.String())
			}
			all := strings.Join(lines, "\n")
			for _, want := range c.lines {
				assert.Contains(t, all, want)
			}
			if c.lines == nil {
				assert.Empty(t, lines)
			}
			assert.Equal(t, c.failed, res.Failed, "%s", all)
			if c.provider != "" {
				require.Len(t, res.Specs, 1)
				assert.Equal(t, c.provider, res.Specs[0].Spec.Spec.Provider)
				out, err := res.Marshal()
				require.NoError(t, err)
				assert.NotContains(t, string(out), "retries")
				assert.NotContains(t, string(out), "weight")
			}
		})
	}
}
