package importer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/generator"
)

const asbHead = `apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: chat, namespace: ai}
`

const backendOpenAI = `---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: chat, namespace: ai}
spec:
  endpoints: [{fqdn: {hostname: api.openai.com, port: 443}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: chat-tls, namespace: ai}
spec:
  targetRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: chat}]
  validation: {hostname: api.openai.com, wellKnownCACertificates: System}
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata: {name: chat-auth, namespace: ai}
spec:
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: chat}]
  type: APIKey
  apiKey: {secretRef: {name: key}}
`

const backendRef = `  backendRef: {name: chat, kind: Backend, group: gateway.envoyproxy.io}
`

// TestCorrections: each mistake is corrected (or refused) with a line
// naming the file, the object and the field, and the spec says what was
// meant.
func TestCorrections(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		failed bool
		lines  []string // substrings, each must be in some stderr line
		check  func(t *testing.T, s *generator.AIBackendSpec)
	}{
		{
			name:  "version used as the OpenAI path becomes the prefix",
			input: asbHead + "spec:\n  schema: {name: OpenAI, version: openai/v1}\n" + backendRef + backendOpenAI,
			lines: []string{`corrected: in.yaml: AIServiceBackend ai/chat: spec.schema.version: is ignored`, `schema.prefix "/openai/v1"`},
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				require.NotNil(t, s.Spec.Schema)
				assert.Equal(t, "/openai/v1", *s.Spec.Schema.Prefix)
				assert.Nil(t, s.Spec.Schema.Version)
			},
		},
		{
			name:  "Service backendRef becomes endpoint.service",
			input: asbHead + "spec:\n  schema: {name: OpenAI}\n  backendRef: {name: vllm, namespace: models, port: 8000}\n",
			lines: []string{"corrected: in.yaml: AIServiceBackend ai/chat: spec.backendRef: points at Service models/vllm", "endpoint.service"},
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Equal(t, "openai-compatible", s.Spec.Provider)
				require.NotNil(t, s.Spec.Endpoint.Service)
				assert.Equal(t, "vllm", s.Spec.Endpoint.Service.Name)
				assert.Equal(t, "models", s.Spec.Endpoint.Service.Namespace)
				assert.Equal(t, 8000, *s.Spec.Endpoint.Service.Port)
			},
		},
		{
			name:  "v1alpha3 BackendTLSPolicy is generated as v1",
			input: asbHead + "spec:\n  schema: {name: OpenAI}\n" + backendRef + strings.Replace(backendOpenAI, "gateway.networking.k8s.io/v1\n", "gateway.networking.k8s.io/v1alpha3\n", 1),
			lines: []string{"corrected: in.yaml: BackendTLSPolicy ai/chat-tls: apiVersion:"},
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Nil(t, s.Spec.Target)
				assert.Equal(t, "openai", s.Spec.Provider)
			},
		},
		{
			name:  "APIKey on Anthropic becomes AnthropicAPIKey",
			input: asbHead + "spec:\n  schema: {name: Anthropic}\n" + backendRef + strings.ReplaceAll(backendOpenAI, "api.openai.com", "api.anthropic.com"),
			lines: []string{"corrected: in.yaml: BackendSecurityPolicy ai/chat-auth: spec.type: is APIKey", "AnthropicAPIKey"},
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Equal(t, "anthropic", s.Spec.Provider)
				assert.Equal(t, "key", s.Spec.Auth.SecretRef.Name)
			},
		},
		{
			name: "two policies on one AIServiceBackend are refused",
			input: asbHead + "spec:\n  schema: {name: OpenAI}\n" + backendRef + backendOpenAI +
				strings.ReplaceAll(backendOpenAI[strings.Index(backendOpenAI, "---\napiVersion: aigateway"):], "chat-auth", "chat-auth-2"),
			failed: true,
			lines:  []string{"error: in.yaml: BackendSecurityPolicy ai/chat-auth-2: spec.targetRefs: targets AIServiceBackend ai/chat, which BackendSecurityPolicy ai/chat-auth also targets"},
		},
		{
			name:   "AWS credentials on an OpenAI backend are refused",
			input:  asbHead + "spec:\n  schema: {name: OpenAI}\n" + backendRef + strings.Replace(backendOpenAI, "type: APIKey\n  apiKey: {secretRef: {name: key}}", "type: AWSCredentials\n  awsCredentials: {region: us-east-1}", 1),
			failed: true,
			lines:  []string{"error: in.yaml: BackendSecurityPolicy ai/chat-auth: spec.type: is AWSCredentials but AIServiceBackend ai/chat uses the OpenAI schema"},
		},
		{
			name: "Bedrock credentials in another region than the host",
			input: asbHead + "spec:\n  schema: {name: AWSBedrock}\n" + backendRef + strings.NewReplacer("api.openai.com", "bedrock-runtime.eu-west-1.amazonaws.com",
				"type: APIKey\n  apiKey: {secretRef: {name: key}}", "type: AWSCredentials\n  awsCredentials: {region: us-east-1}").Replace(backendOpenAI),
			lines: []string{`corrected: in.yaml: BackendSecurityPolicy ai/chat-auth: spec.awsCredentials.region: is "us-east-1" but the Backend hostname "bedrock-runtime.eu-west-1.amazonaws.com" is in region "eu-west-1"`},
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Equal(t, "aws-bedrock", s.Spec.Provider)
				assert.Equal(t, "eu-west-1", s.Spec.Endpoint.Region)
				assert.Equal(t, "", s.Spec.Auth.AWS.Region)
			},
		},
		{
			name:  "sectionName, backendRef port, timeouts and v1alpha1 are corrected",
			input: strings.Replace(asbHead, "v1beta1", "v1alpha1", 1) + "spec:\n  schema: {name: OpenAI}\n  timeouts: {request: 60s}\n  backendRef: {name: chat, kind: Backend, group: gateway.envoyproxy.io, port: 443}\n" + strings.Replace(backendOpenAI, "name: chat}]\n  validation", "name: chat, sectionName: \"443\"}]\n  validation", 1),
			lines: []string{"ai/chat: spec.timeouts: removed", "ai/chat: spec.backendRef.port: removed", "ai/chat-tls: spec.targetRefs[0].sectionName: removed", "AIServiceBackend ai/chat: apiVersion: aigateway.envoyproxy.io/v1alpha1 is deprecated"},
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Nil(t, s.Spec.Target)
			},
		},
		{
			name:   "a Backend with an IP endpoint is refused",
			input:  asbHead + "spec:\n  schema: {name: OpenAI}\n" + backendRef + "---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: chat, namespace: ai}\nspec:\n  endpoints: [{ip: {address: 10.0.0.1, port: 8000}}]\n",
			failed: true,
			lines:  []string{"error: in.yaml: Backend ai/chat: spec.endpoints[0]: is an ip endpoint"},
		},
		{
			name:   "fields an AIBackendSpec cannot carry are named",
			input:  asbHead + "spec:\n  schema: {name: OpenAI}\n" + backendRef + strings.Replace(backendOpenAI, "  endpoints:", "  fallback: true\n  endpoints:", 1),
			failed: true,
			lines:  []string{"error: in.yaml: Backend ai/chat: spec.fallback: is not represented in an AIBackendSpec"},
		},
		{
			name:   "a policy without its AIServiceBackend is named",
			input:  backendOpenAI,
			failed: true,
			lines: []string{"error: in.yaml: BackendSecurityPolicy ai/chat-auth: not imported", "error: in.yaml: Backend ai/chat: not imported",
				"error: in.yaml: BackendTLSPolicy ai/chat-tls: not imported"},
		},
		{
			name:  "other kinds are skipped with a note; a Secret without the key is reported",
			input: asbHead + "spec:\n  schema: {name: OpenAI}\n" + backendRef + backendOpenAI + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: key, namespace: ai}\nstringData: {api-key: x}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
			lines: []string{"note: in.yaml: ConfigMap x (document 6): skipped", `warning: in.yaml: Secret ai/key: data: has no key "apiKey"`},
		},
		{
			name:  "labels and annotations of the group are carried",
			input: strings.Replace(asbHead, "metadata: {name: chat, namespace: ai}", "metadata: {name: chat, namespace: ai, labels: {team: a, app.kubernetes.io/managed-by: helm}, annotations: {example.com/x: y}}", 1) + "spec:\n  schema: {name: OpenAI}\n" + backendRef + backendOpenAI,
			lines: []string{`metadata.labels.app.kubernetes.io/managed-by: was "helm"`},
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Equal(t, map[string]string{"team": "a"}, s.Spec.Labels)
				assert.Equal(t, map[string]string{"example.com/x": "y"}, s.Spec.Annotations)
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := importFiles([]Input{{File: "in.yaml", Data: []byte(c.input)}}, Options{})
			var all []string
			for _, l := range res.Lines {
				all = append(all, l.String())
			}
			text := strings.Join(all, "\n")
			for _, want := range c.lines {
				assert.Contains(t, text, want)
			}
			assert.Equal(t, c.failed, res.Failed, "%s", text)
			if c.check != nil {
				require.NotEmpty(t, res.Specs)
				c.check(t, res.Specs[0].Spec)
				if !c.failed {
					_, errs := generator.Generate(res.Specs[0].Spec)
					assert.Empty(t, errs)
				}
			}
		})
	}
}

// TestOddShapes: hand-written input may be anything; import names what it
// cannot read and never panics.
func TestOddShapes(t *testing.T) {
	docs := []string{
		"apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIServiceBackend\nmetadata: {name: a}\nspec: x\n",
		"apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIServiceBackend\nmetadata: {name: b}\nspec: {schema: [1], backendRef: {name: b, kind: Backend, group: gateway.envoyproxy.io}, headerMutation: {set: [1, {name: [x]}], remove: [{}]}}\n",
		"apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: b}\nspec: {endpoints: [x]}\n",
		"apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {name: t}\nspec: {targetRefs: [x, {group: gateway.envoyproxy.io, kind: Backend, name: b}], validation: [1]}\n",
		"apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: BackendSecurityPolicy\nmetadata: {name: p}\nspec: {targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: b}], type: AWSCredentials, awsCredentials: {oidcExchangeToken: {oidc: x}}}\n",
		"apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: BackendSecurityPolicy\nmetadata: {name: q}\nspec: {targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: a}], type: GCPCredentials, gcpCredentials: {workloadIdentityFederationConfig: {}}}\n",
		"- just\n- a list\n",
		"kind: [x]\n",
	}
	assert.NotPanics(t, func() {
		res := importFiles([]Input{{File: "odd.yaml", Data: []byte(strings.Join(docs, "---\n"))}}, Options{})
		assert.True(t, res.Failed)
		_, err := res.Marshal()
		assert.NoError(t, err)
	})
}
