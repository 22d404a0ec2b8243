package lint

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"sigs.k8s.io/kustomize/kyaml/kio"
)

// objects parses a YAML stream into lint objects (owned when the
// fn.aigw.dev/spec annotation is set).
func objects(t *testing.T, text string) []Object {
	t.Helper()
	nodes, err := (&kio.ByteReader{Reader: strings.NewReader(text), OmitReaderAnnotations: true}).Read()
	if err != nil {
		t.Fatal(err)
	}
	var out []Object
	for _, n := range nodes {
		m, err := n.Map()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Object{APIVersion: n.GetApiVersion(), Kind: n.GetKind(), Namespace: n.GetNamespace(), Name: n.GetName(),
			Owned: n.GetAnnotations()["fn.aigw.dev/spec"] != "", Body: m})
	}
	return out
}

const (
	asb = `apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: chat, namespace: ai}
spec:
  schema: {name: OpenAI}
  backendRef: {name: chat, kind: Backend, group: gateway.envoyproxy.io}
`
	backend = `---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: chat, namespace: ai}
spec:
  endpoints: [{fqdn: {hostname: api.openai.com, port: 443}}]
`
	btlsp = `---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: chat-tls, namespace: ai}
spec:
  targetRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: chat}]
  validation: {hostname: api.openai.com, wellKnownCACertificates: System}
`
	bsp = `---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata: {name: chat-auth, namespace: ai}
spec:
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: chat}]
  type: APIKey
  apiKey: {secretRef: {name: key}}
`
	secret = `---
apiVersion: v1
kind: Secret
metadata: {name: key, namespace: ai}
stringData: {apiKey: x}
`
	owned = "metadata: {name: chat, namespace: ai, annotations: {fn.aigw.dev/spec: ai/chat}}"
)

func TestCheck(t *testing.T) {
	correct := asb + backend + btlsp + bsp + secret
	cases := []struct {
		name  string
		input string
		want  []string // "Kind/name rule path"
	}{
		{"correct objects give nothing", correct, nil},
		{"Service backendRef", strings.Replace(correct, "backendRef: {name: chat, kind: Backend, group: gateway.envoyproxy.io}", "backendRef: {name: vllm, port: 8000}", 1),
			[]string{"AIServiceBackend/chat service-backend-ref spec.backendRef"}},
		{"Backend without group", strings.Replace(correct, ", group: gateway.envoyproxy.io}\n---", "}\n---", 1),
			[]string{"AIServiceBackend/chat backend-ref-group spec.backendRef.group"}},
		{"version on OpenAI", strings.Replace(correct, "schema: {name: OpenAI}", "schema: {name: OpenAI, version: v1}", 1),
			[]string{"AIServiceBackend/chat schema-version-ignored spec.schema.version"}},
		{"version on Anthropic", strings.NewReplacer("schema: {name: OpenAI}", "schema: {name: Anthropic, version: v1}", "type: APIKey\n  apiKey:", "type: AnthropicAPIKey\n  anthropicAPIKey:").Replace(correct),
			[]string{"AIServiceBackend/chat schema-version-ignored spec.schema.version"}},
		{"version on Cohere is used upstream", strings.NewReplacer("schema: {name: OpenAI}", "schema: {name: Cohere, version: v2}").Replace(correct), nil},
		{"v1alpha3 BackendTLSPolicy", strings.Replace(correct, "gateway.networking.k8s.io/v1\n", "gateway.networking.k8s.io/v1alpha3\n", 1),
			[]string{"BackendTLSPolicy/chat-tls backendtlspolicy-v1alpha3 apiVersion"}},
		{"TLS hostname differs", strings.Replace(correct, "validation: {hostname: api.openai.com", "validation: {hostname: openai.com", 1),
			[]string{"BackendTLSPolicy/chat-tls tls-hostname-mismatch spec.validation.hostname"}},
		{"TLS hostname differs, policy generated: reported on the Backend", asb + backend + strings.Replace(strings.Replace(btlsp, "hostname: api.openai.com", "hostname: openai.com", 1), "metadata: {name: chat-tls, namespace: ai}", "metadata: {name: chat-tls, namespace: ai, annotations: {fn.aigw.dev/spec: ai/chat}}", 1),
			[]string{"Backend/chat tls-hostname-mismatch spec.endpoints"}},
		{"TLS hostname with subjectAltNames is fine", strings.Replace(correct, "validation: {hostname: api.openai.com,", "validation: {hostname: openai.com, subjectAltNames: [{type: Hostname, hostname: api.openai.com}],", 1), nil},
		{"APIKey on Anthropic", strings.Replace(correct, "schema: {name: OpenAI}", "schema: {name: Anthropic}", 1),
			[]string{"BackendSecurityPolicy/chat-auth policy-type-mismatch spec.type"}},
		{"AWSCredentials on OpenAI", strings.Replace(correct, "type: APIKey\n  apiKey: {secretRef: {name: key}}", "type: AWSCredentials\n  awsCredentials: {region: us-east-1}", 1),
			[]string{"BackendSecurityPolicy/chat-auth policy-type-mismatch spec.type"}},
		{"AzureAPIKey on AzureOpenAI is fine", strings.NewReplacer("schema: {name: OpenAI}", "schema: {name: AzureOpenAI, version: 2025-01-01-preview}", "api.openai.com", "contoso.openai.azure.com", "type: APIKey\n  apiKey:", "type: AzureAPIKey\n  azureAPIKey:").Replace(correct), nil},
		{"AzureAPIKey on OpenAI for the Azure OpenAI v1 API is fine (azure-openai-v1 generates it)", strings.NewReplacer("schema: {name: OpenAI}", "schema: {name: OpenAI, prefix: /openai/v1}", "api.openai.com", "contoso.openai.azure.com", "type: APIKey\n  apiKey:", "type: AzureAPIKey\n  azureAPIKey:").Replace(correct), nil},
		{"AzureCredentials on OpenAI for the Azure OpenAI v1 API is fine", strings.NewReplacer("schema: {name: OpenAI}", "schema: {name: OpenAI, prefix: /openai/v1}", "api.openai.com", "contoso.openai.azure.com", "type: APIKey\n  apiKey: {secretRef: {name: key}}", "type: AzureCredentials\n  azureCredentials: {clientID: a, tenantID: b, clientSecretRef: {name: entra}}").Replace(correct), nil},
		{"credentialOverride reads no Secret and is fine", strings.Replace(correct, "apiKey: {secretRef: {name: key}}", "apiKey: {secretRef: {name: key}}\n  credentialOverride: {fromRequestHeaders: {header: x-team-key, fallbackToConfigured: false}}", 1), nil},
		{"regional sets are fine", strings.NewReplacer("name: chat", "name: chat-us-east-1", "name: chat-tls", "name: chat-us-east-1-tls", "name: chat-auth", "name: chat-us-east-1-auth", "schema: {name: OpenAI}", "schema: {name: AWSBedrock}", "api.openai.com", "bedrock-runtime.us-east-1.amazonaws.com",
			"type: APIKey\n  apiKey: {secretRef: {name: key}}", "type: AWSCredentials\n  awsCredentials: {region: us-east-1, credentialsFile: {secretRef: {name: aws}}}").Replace(asb + backend + btlsp + bsp), nil},
		{"two policies", correct + strings.Replace(bsp, "chat-auth", "chat-auth-2", 1),
			[]string{"BackendSecurityPolicy/chat-auth two-policies spec.targetRefs[0]", "BackendSecurityPolicy/chat-auth-2 two-policies spec.targetRefs[0]"}},
		{"Secret without the key", strings.Replace(correct, "stringData: {apiKey: x}", "data: {api-key: eA==}", 1),
			[]string{"Secret/key secret-missing-key data"}},
		{"Secret in another namespace is not the one read", strings.Replace(correct, "stringData: {apiKey: x}", "stringData: {other: x}", 1) + strings.Replace(secret, "namespace: ai", "namespace: other", 1),
			[]string{"Secret/key secret-missing-key data"}},
		{"AWS credentials file Secret", strings.NewReplacer("schema: {name: OpenAI}", "schema: {name: AWSBedrock}", "type: APIKey\n  apiKey: {secretRef: {name: key}}", "type: AWSCredentials\n  awsCredentials: {region: us-east-1, credentialsFile: {secretRef: {name: key}}}").Replace(correct),
			[]string{"Secret/key secret-missing-key data"}},
		{"owned objects are never warned about", strings.NewReplacer("metadata: {name: chat, namespace: ai}", owned, "metadata: {name: chat-tls, namespace: ai}", strings.Replace(owned, "chat,", "chat-tls,", 1),
			"gateway.networking.k8s.io/v1\n", "gateway.networking.k8s.io/v1alpha3\n", "backendRef: {name: chat,", "backendRef: {name: svc, port: 80,").Replace(asb + btlsp), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			objs := objects(t, c.input)
			var got []string
			for _, f := range Check(objs, Options{}) {
				o := objs[f.Object]
				got = append(got, o.Kind+"/"+o.Name+" "+f.Rule+" "+f.Path)
				assert.NotEmpty(t, f.Message)
			}
			assert.Equal(t, c.want, got)
		})
	}
}

// TestCheckSurvivesOddShapes: hand-written objects may be anything.
func TestCheckSurvivesOddShapes(t *testing.T) {
	odd := []Object{
		{APIVersion: "aigateway.envoyproxy.io/v1beta1", Kind: "AIServiceBackend", Body: map[string]any{"spec": "x"}},
		{APIVersion: "aigateway.envoyproxy.io/v1beta1", Kind: "AIServiceBackend", Body: map[string]any{"spec": map[string]any{"backendRef": []any{1}, "schema": 3}}},
		{APIVersion: "aigateway.envoyproxy.io/v1beta1", Kind: "BackendSecurityPolicy", Body: map[string]any{"spec": map[string]any{"targetRefs": "x", "type": []any{}}}},
		{APIVersion: "gateway.networking.k8s.io/v1", Kind: "BackendTLSPolicy", Body: map[string]any{"spec": map[string]any{"targetRefs": []any{"x", nil}}}},
		{APIVersion: "gateway.envoyproxy.io/v1alpha1", Kind: "Backend", Body: map[string]any{"spec": map[string]any{"endpoints": []any{nil, "x"}}}},
		{APIVersion: "v1", Kind: "Secret", Body: nil},
	}
	assert.NotPanics(t, func() { Check(odd, Options{}) })
}
