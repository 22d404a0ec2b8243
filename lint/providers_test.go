package lint

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Fixtures of the provider rules: each rule has a case that fails (gives
// exactly its finding) and one that passes (the same objects written the
// way the provider needs).
const (
	bedrock = `apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: br, namespace: ai}
spec:
  schema: {name: AWSBedrock}
  backendRef: {name: br, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: br, namespace: ai}
spec:
  endpoints: [{fqdn: {hostname: bedrock-runtime.us-east-1.amazonaws.com, port: 443}}]
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata: {name: br-auth, namespace: ai}
spec:
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: br}]
  type: AWSCredentials
  awsCredentials: {region: us-east-1}
`
	vertex = `apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: vx, namespace: ai}
spec:
  schema: {name: GCPVertexAI}
  backendRef: {name: vx, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: vx, namespace: ai}
spec:
  endpoints: [{fqdn: {hostname: us-central1-aiplatform.googleapis.com, port: 443}}]
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata: {name: vx-auth, namespace: ai}
spec:
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: vx}]
  type: GCPCredentials
  gcpCredentials: {projectName: my-project, region: us-central1}
`
	azure = `apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: az, namespace: ai}
spec:
  schema: {name: AzureOpenAI, version: 2025-01-01-preview}
  backendRef: {name: az, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: az, namespace: ai}
spec:
  endpoints: [{fqdn: {hostname: contoso.openai.azure.com, port: 443}}]
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata: {name: az-auth, namespace: ai}
spec:
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: az}]
  type: AzureAPIKey
  azureAPIKey: {secretRef: {name: az-key}}
`
)

// providerCases are the rule fixtures: name, input, target release, want.
var providerCases = []struct {
	name    string
	input   string
	release string
	want    []string // "Kind/name rule path"
}{
	{"bedrock-region-mismatch/fails", strings.Replace(bedrock, "region: us-east-1", "region: us-west-2", 1), "",
		[]string{"BackendSecurityPolicy/br-auth bedrock-region-mismatch spec.awsCredentials.region"}},
	{"bedrock-region-mismatch/passes", bedrock, "", nil},
	{"bedrock-region-mismatch/passes on a VPC endpoint in the policy's region", strings.Replace(bedrock, "bedrock-runtime.us-east-1.amazonaws.com", "vpce-0abc-1x2y.bedrock-runtime.us-east-1.vpce.amazonaws.com", 1), "v1.1.0", nil},

	{"bedrock-vpce-unsigned/fails on v1.0", strings.Replace(bedrock, "bedrock-runtime.us-east-1.amazonaws.com", "vpce-0abc-1x2y.bedrock-runtime.us-east-1.vpce.amazonaws.com", 1), "v1.0",
		[]string{"Backend/br bedrock-vpce-unsigned spec.endpoints[0].fqdn.hostname"}},
	{"bedrock-vpce-unsigned/passes on v1.1", strings.Replace(bedrock, "bedrock-runtime.us-east-1.amazonaws.com", "vpce-0abc-1x2y.bedrock-runtime.us-east-1.vpce.amazonaws.com", 1), "1.1.0", nil},
	{"bedrock-vpce-unsigned/passes when the release is unknown", strings.Replace(bedrock, "bedrock-runtime.us-east-1.amazonaws.com", "vpce-0abc-1x2y.bedrock-runtime.us-east-1.vpce.amazonaws.com", 1), "", nil},
	{"bedrock-vpce-unsigned/passes on the regional host on v1.0", bedrock, "v1.0.2", nil},

	{"bedrock-openai-awscredentials/fails", strings.NewReplacer("bedrock-runtime.us-east-1.amazonaws.com", "bedrock-mantle.us-east-1.api.aws", "{name: AWSBedrock}", "{name: OpenAI, prefix: /openai/v1}").Replace(bedrock), "",
		[]string{"BackendSecurityPolicy/br-auth bedrock-openai-awscredentials spec.type"}},
	{"bedrock-openai-awscredentials/fails with the AWSBedrock schema too", strings.Replace(bedrock, "bedrock-runtime.us-east-1.amazonaws.com", "bedrock-mantle.us-east-1.api.aws", 1), "",
		[]string{"BackendSecurityPolicy/br-auth bedrock-openai-awscredentials spec.type"}},
	{"bedrock-openai-awscredentials/passes with an API key", strings.NewReplacer("bedrock-runtime.us-east-1.amazonaws.com", "bedrock-mantle.us-east-1.api.aws", "{name: AWSBedrock}", "{name: OpenAI, prefix: /openai/v1}", "type: AWSCredentials\n  awsCredentials: {region: us-east-1}", "type: APIKey\n  apiKey: {secretRef: {name: br-key}}").Replace(bedrock), "", nil},

	{"vertex-region-mismatch/fails", strings.Replace(vertex, "region: us-central1", "region: europe-west4", 1), "",
		[]string{"BackendSecurityPolicy/vx-auth vertex-region-mismatch spec.gcpCredentials.region"}},
	{"vertex-region-mismatch/fails on the global host", strings.Replace(vertex, "us-central1-aiplatform.googleapis.com", "aiplatform.googleapis.com", 1), "",
		[]string{"BackendSecurityPolicy/vx-auth vertex-region-mismatch spec.gcpCredentials.region"}},
	{"vertex-region-mismatch/fails with region global on a regional host", strings.Replace(vertex, "region: us-central1", "region: global", 1), "",
		[]string{"BackendSecurityPolicy/vx-auth vertex-region-mismatch spec.gcpCredentials.region"}},
	{"vertex-region-mismatch/passes", vertex, "", nil},
	{"vertex-region-mismatch/passes global", strings.NewReplacer("us-central1-aiplatform.googleapis.com", "aiplatform.googleapis.com", "region: us-central1", "region: global").Replace(vertex), "", nil},

	{"azure-credentials-host/fails on api.openai.com", strings.Replace(azure, "contoso.openai.azure.com", "api.openai.com", 1), "",
		[]string{"BackendSecurityPolicy/az-auth azure-credentials-host spec.type"}},
	{"azure-credentials-host/fails with AzureCredentials on a Bedrock host", strings.NewReplacer("contoso.openai.azure.com", "bedrock-runtime.us-east-1.amazonaws.com", "type: AzureAPIKey\n  azureAPIKey: {secretRef: {name: az-key}}", "type: AzureCredentials\n  azureCredentials: {clientID: a, tenantID: b, clientSecretRef: {name: entra}}").Replace(azure), "",
		[]string{"BackendSecurityPolicy/az-auth azure-credentials-host spec.type"}},
	{"azure-credentials-host/passes", azure, "", nil},
	{"azure-credentials-host/passes on a private link host", strings.Replace(azure, "contoso.openai.azure.com", "contoso.privatelink.openai.azure.com", 1), "", nil},
	{"azure-credentials-host/passes on a cognitiveservices host", strings.Replace(azure, "contoso.openai.azure.com", "contoso.cognitiveservices.azure.com", 1), "", nil},
	{"azure-credentials-host/passes on Azure Government", strings.Replace(azure, "contoso.openai.azure.com", "contoso.openai.azure.us", 1), "", nil},
	{"azure-credentials-host/passes on a custom domain", strings.Replace(azure, "contoso.openai.azure.com", "llm.internal.contoso.example", 1), "", nil},
	{"azure-credentials-host/passes on API Management", strings.Replace(azure, "contoso.openai.azure.com", "contoso-apim.azure-api.net", 1), "", nil},

	{"azure-openai-version-missing/fails", strings.Replace(azure, "{name: AzureOpenAI, version: 2025-01-01-preview}", "{name: AzureOpenAI}", 1), "",
		[]string{"AIServiceBackend/az azure-openai-version-missing spec.schema.version"}},
	{"azure-openai-version-missing/passes", azure, "", nil},

	{"unknown-field/fails on spec.timeouts", strings.Replace(bedrock, "  schema: {name: AWSBedrock}\n", "  schema: {name: AWSBedrock}\n  timeouts: {request: 60s}\n", 1), "",
		[]string{"AIServiceBackend/br unknown-field spec.timeouts"}},
	{"unknown-field/fails on a misspelt field in each kind", strings.NewReplacer("  backendRef: {name: br,", "  backendRef: {nmae: x, name: br,",
		"port: 443}}]", "port: 443, zone2: a}}]", "awsCredentials: {region: us-east-1}", "awsCredentials: {region: us-east-1, roleARN: x}").Replace(bedrock) + "---\n" + strings.Replace(btlsp, "wellKnownCACertificates: System}", "wellKnownCACertificates: System, sni: x}", 1), "",
		[]string{"AIServiceBackend/br unknown-field spec.backendRef.nmae", "Backend/br unknown-field spec.endpoints[0].fqdn.zone2",
			"BackendSecurityPolicy/br-auth unknown-field spec.awsCredentials.roleARN", "BackendTLSPolicy/chat-tls unknown-field spec.validation.sni"}},
	{"unknown-field/fails on credentialOverride in v1alpha1", strings.NewReplacer("v1beta1\nkind: BackendSecurityPolicy", "v1alpha1\nkind: BackendSecurityPolicy", "awsCredentials: {region: us-east-1}", "awsCredentials: {region: us-east-1}\n  credentialOverride: {fromRequestHeaders: {header: x}}").Replace(bedrock), "",
		[]string{"BackendSecurityPolicy/br-auth unknown-field spec.credentialOverride"}},
	{"unknown-field/passes (status, labels, options and free maps are not checked)", strings.Replace(bedrock, "metadata: {name: br, namespace: ai}\nspec:\n  endpoints", "metadata: {name: br, namespace: ai, labels: {x: y}, whatever: 1}\nstatus: {conditions: []}\nspec:\n  endpoints", 1) + "---\n" + strings.Replace(btlsp, "wellKnownCACertificates: System}", "wellKnownCACertificates: System}\n  options: {any: thing}", 1), "", nil},

	{"backend-tls-and-policy/fails", strings.Replace(backend, "  endpoints:", "  tls: {wellKnownCACertificates: System}\n  endpoints:", 1) + btlsp, "",
		[]string{"Backend/chat backend-tls-and-policy spec.tls"}},
	{"backend-tls-and-policy/fails with a generated policy", strings.Replace(backend, "  endpoints:", "  tls: {wellKnownCACertificates: System}\n  endpoints:", 1) + strings.Replace(btlsp, "metadata: {name: chat-tls, namespace: ai}", "metadata: {name: chat-tls, namespace: ai, annotations: {fn.aigw.dev/spec: ai/chat}}", 1), "",
		[]string{"Backend/chat backend-tls-and-policy spec.tls"}},
	{"backend-tls-and-policy/passes with spec.tls alone", strings.Replace(backend, "  endpoints:", "  tls: {wellKnownCACertificates: System}\n  endpoints:", 1), "", nil},
	{"backend-tls-and-policy/passes with the policy alone", backend + btlsp, "", nil},
}

func TestProviderRules(t *testing.T) {
	seen := map[string][2]bool{}
	for _, c := range providerCases {
		t.Run(c.name, func(t *testing.T) {
			objs := objects(t, c.input)
			var got []string
			for _, f := range Check(objs, Options{AIGatewayVersion: c.release}) {
				o := objs[f.Object]
				got = append(got, o.Kind+"/"+o.Name+" "+f.Rule+" "+f.Path)
				assert.NotEmpty(t, f.Message)
				assert.Equal(t, severityOf(f.Rule), f.Severity)
			}
			assert.Equal(t, c.want, got)
		})
		rule, _, _ := strings.Cut(c.name, "/")
		s := seen[rule]
		if c.want == nil {
			s[1] = true
		} else {
			s[0] = true
		}
		seen[rule] = s
	}
	for _, rule := range []string{ruleBedrockRegion, RuleBedrockVPCE, RuleBedrockOpenAI, ruleVertexRegion, RuleAzureHost, RuleAzureVersion, RuleUnknownField, RuleBackendTLSBoth} {
		assert.Equal(t, [2]bool{true, true}, seen[rule], "%s needs a failing and a passing fixture", rule)
	}
}

// TestUnknownFieldMessage: the error names the CRD version and release.
func TestUnknownFieldMessage(t *testing.T) {
	objs := objects(t, strings.Replace(bedrock, "  schema: {name: AWSBedrock}\n", "  schema: {name: AWSBedrock}\n  timeouts: {request: 60s}\n", 1))
	fs := Check(objs, Options{})
	if assert.Len(t, fs, 1) {
		assert.Equal(t, SeverityError, fs[0].Severity)
		assert.Contains(t, fs[0].Message, "AIServiceBackend aigateway.envoyproxy.io/v1beta1 (CRD of AI Gateway v1.1.0)")
		assert.Contains(t, fs[0].Message, "spec.rules[].timeouts.request")
	}
}

func TestParseRelease(t *testing.T) {
	for in, want := range map[string][3]int{"v1.0": {1, 0, 1}, "1.1.0": {1, 1, 1}, "v0.5.2": {0, 5, 1}, "v1": {0, 0, 0}, "latest": {0, 0, 0}, "v1.x": {0, 0, 0}, "": {0, 0, 0}} {
		ma, mi, ok := parseRelease(in)
		b := 0
		if ok {
			b = 1
		}
		assert.Equal(t, want, [3]int{ma, mi, b}, in)
	}
}

// TestEveryCRDTreeParses: the generated trees parse to the end, and each
// of the four kinds' served versions is there.
func TestEveryCRDTreeParses(t *testing.T) {
	trees := parsedFields()
	for _, k := range []string{"aigateway.envoyproxy.io/v1beta1 AIServiceBackend", "aigateway.envoyproxy.io/v1alpha1 AIServiceBackend",
		"aigateway.envoyproxy.io/v1beta1 BackendSecurityPolicy", "aigateway.envoyproxy.io/v1alpha1 BackendSecurityPolicy",
		"gateway.envoyproxy.io/v1alpha1 Backend", "gateway.networking.k8s.io/v1 BackendTLSPolicy", "gateway.networking.k8s.io/v1alpha3 BackendTLSPolicy"} {
		n := trees[k]
		if assert.NotNil(t, n, k) {
			assert.NotNil(t, n.fields["spec"], k)
			assert.True(t, n.fields["metadata"].any, k)
		}
	}
}

// TestPruneUnknownFields: pruning removes exactly what unknownFields
// reports (minus the kept paths), after which nothing unknown is left.
func TestPruneUnknownFields(t *testing.T) {
	objs := objects(t, strings.NewReplacer("  backendRef: {name: br,", "  timeouts: {request: 1s}\n  backendRef: {nmae: x, name: br,",
		"port: 443}}]", "port: 443, zone2: a}}]").Replace(bedrock))
	asb, be := &objs[0], &objs[1]
	assert.Equal(t, []string{"spec.backendRef.nmae", "spec.timeouts"}, unknownFields(asb))
	assert.Equal(t, []string{"spec.backendRef.nmae"}, PruneUnknownFields(asb, "spec.timeouts"))
	assert.Equal(t, []string{"spec.timeouts"}, unknownFields(asb), "a kept path stays")
	assert.Equal(t, "br", Str(Map(asb.Body, "spec", "backendRef"), "name"), "known fields stay")
	assert.Equal(t, []string{"spec.endpoints[0].fqdn.zone2"}, PruneUnknownFields(be))
	assert.Empty(t, unknownFields(be))
	assert.Equal(t, 443, Map(asMap(List(be.Body, "spec", "endpoints")[0]), "fqdn")["port"])
}

// TestNoProviderZoneIsAzure: the Azure-credentials rule relies on no
// catalog zone covering an Azure host (a private link or sovereign cloud
// name must never be flagged).
func TestNoProviderZoneIsAzure(t *testing.T) {
	for _, h := range []string{"contoso.openai.azure.com", "contoso.privatelink.openai.azure.com", "contoso.cognitiveservices.azure.com",
		"contoso.services.ai.azure.com", "contoso.openai.azure.us", "contoso.openai.azure.cn", "contoso-apim.azure-api.net", "llm.corp.example"} {
		assert.Empty(t, otherProviderDomain(h), h)
	}
	for h, zone := range map[string]string{"api.openai.com": "openai.com", "bedrock-runtime.us-east-1.amazonaws.com": "amazonaws.com",
		"us-central1-aiplatform.googleapis.com": "googleapis.com", "api.groq.com": "groq.com", "bedrock-mantle.us-east-1.api.aws": "api.aws"} {
		assert.Equal(t, zone, otherProviderDomain(h), h)
	}
}

// TestCheckTakesTargetRelease: Check (what the function, import and the
// whole-build check call) takes the target release from its options; main
// fills them from the environment (TestTargetReleaseFromEnv in package
// main).
func TestCheckTakesTargetRelease(t *testing.T) {
	vpce := strings.Replace(bedrock, "bedrock-runtime.us-east-1.amazonaws.com", "vpce-0abc-1x2y.bedrock-runtime.us-east-1.vpce.amazonaws.com", 1)
	objs := objects(t, vpce)
	t.Setenv(EnvAIGatewayVersion, "v1.0.0") // never read here: the option decides
	assert.Empty(t, Check(objs, Options{}), "release unknown: quiet")
	if fs := Check(objs, Options{AIGatewayVersion: "v1.0.0"}); assert.Len(t, fs, 1) {
		assert.Equal(t, RuleBedrockVPCE, fs[0].Rule)
	}
	assert.Empty(t, Check(objs, Options{AIGatewayVersion: "v1.1.0"}))
}
