package generator

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// specYAML wraps a spec body in a complete AIBackendSpec.
func specYAML(body string) string {
	return "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n  name: be\n  namespace: ns\nspec:\n" + indent(body, "  ")
}

func indent(s, pre string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = pre + l
	}
	return strings.Join(lines, "\n") + "\n"
}

// run decodes and generates, returning objects by kind and all errors.
func run(t *testing.T, doc string) (map[string]*Object, FieldErrors) {
	t.Helper()
	n, err := yaml.Parse(doc)
	require.NoError(t, err)
	spec, errs := Decode(n)
	out, gerrs := Generate(spec)
	errs = mergeErrs(errs, gerrs)
	if out == nil {
		return nil, errs
	}
	objs := map[string]*Object{}
	for _, o := range out.Objects {
		objs[o.Kind] = o
	}
	return objs, errs
}

func TestDefaults(t *testing.T) {
	type want struct {
		host      string
		port      int
		schema    versionedAPISchema
		tlsHost   string // "" = no BackendTLSPolicy
		policy    string // "" = no BackendSecurityPolicy
		aigwAPI   string
		btlspAPI  string
		namespace string
	}
	cases := []struct {
		name string
		body string
		want want
	}{
		{"openai minimal", "provider: openai\nauth: {secretRef: {name: k}}",
			want{"api.openai.com", 443, versionedAPISchema{Name: "OpenAI"}, "api.openai.com", policyAPIKey, "v1beta1", "v1", "ns"}},
		{"anthropic key type", "provider: anthropic\nauth: {secretRef: {name: k}}",
			want{"api.anthropic.com", 443, versionedAPISchema{Name: "Anthropic"}, "api.anthropic.com", policyAnthropicAPIKey, "v1beta1", "v1", "ns"}},
		{"azure api key", "provider: azure-openai\nschema: {version: '2025-01-01-preview'}\nendpoint: {resource: contoso}\nauth: {secretRef: {name: k}}",
			want{"contoso.openai.azure.com", 443, versionedAPISchema{Name: "AzureOpenAI", Version: "2025-01-01-preview"}, "contoso.openai.azure.com", policyAzureAPIKey, "v1beta1", "v1", "ns"}},
		{"cohere default version", "provider: cohere\nauth: {secretRef: {name: k}}",
			want{"api.cohere.com", 443, versionedAPISchema{Name: "Cohere", Version: "v2"}, "api.cohere.com", policyAPIKey, "v1beta1", "v1", "ns"}},
		{"gcp anthropic default version", "provider: gcp-anthropic\nendpoint: {region: us-east5}\nauth: {gcp: {projectName: my-project}}",
			want{"us-east5-aiplatform.googleapis.com", 443, versionedAPISchema{Name: "GCPAnthropic", Version: "vertex-2023-10-16"}, "us-east5-aiplatform.googleapis.com", policyGCPCredentials, "v1beta1", "v1", "ns"}},
		{"vertex global host", "provider: gcp-vertex-ai\nendpoint: {region: global}\nauth: {gcp: {projectName: my-project}}",
			want{"aiplatform.googleapis.com", 443, versionedAPISchema{Name: "GCPVertexAI"}, "aiplatform.googleapis.com", policyGCPCredentials, "v1beta1", "v1", "ns"}},
		{"bedrock default chain", "provider: aws-bedrock\nendpoint: {region: ap-southeast-2}",
			want{"bedrock-runtime.ap-southeast-2.amazonaws.com", 443, versionedAPISchema{Name: "AWSBedrock"}, "bedrock-runtime.ap-southeast-2.amazonaws.com", policyAWSCredentials, "v1beta1", "v1", "ns"}},
		{"gemini prefix", "provider: gemini\nauth: {secretRef: {name: k}}",
			want{"generativelanguage.googleapis.com", 443, versionedAPISchema{Name: "OpenAI", Prefix: "/v1beta/openai"}, "generativelanguage.googleapis.com", policyAPIKey, "v1beta1", "v1", "ns"}},
		{"compatible: prefix /v1, no auth, TLS by port", "provider: openai-compatible\nendpoint: {hostname: llm.example.com}",
			want{"llm.example.com", 443, versionedAPISchema{Name: "OpenAI", Prefix: "/v1"}, "llm.example.com", "", "v1beta1", "v1", "ns"}},
		{"compatible on 8080: no TLS", "provider: openai-compatible\nendpoint: {hostname: llm.example.com, port: 8080}",
			want{"llm.example.com", 8080, versionedAPISchema{Name: "OpenAI", Prefix: "/v1"}, "", "", "v1beta1", "v1", "ns"}},
		{"service: FQDN, port 80, no TLS", "provider: openai-compatible\nendpoint: {service: {name: vllm}}",
			want{"vllm.ns.svc.cluster.local", 80, versionedAPISchema{Name: "OpenAI", Prefix: "/v1"}, "", "", "v1beta1", "v1", "ns"}},
		{"service port from endpoint.port", "provider: openai-compatible\nendpoint: {port: 8000, service: {name: vllm, namespace: models}}",
			want{"vllm.models.svc.cluster.local", 8000, versionedAPISchema{Name: "OpenAI", Prefix: "/v1"}, "", "", "v1beta1", "v1", "ns"}},
		{"service with TLS on", "provider: openai-compatible\nendpoint: {service: {name: vllm, port: 8443}}\ntls: {enabled: true}",
			want{"vllm.ns.svc.cluster.local", 8443, versionedAPISchema{Name: "OpenAI", Prefix: "/v1"}, "vllm.ns.svc.cluster.local", "", "v1beta1", "v1", "ns"}},
		{"trailing dot kept in Backend, stripped for TLS", "provider: openai-compatible\nendpoint: {hostname: llm.example.com.}",
			want{"llm.example.com.", 443, versionedAPISchema{Name: "OpenAI", Prefix: "/v1"}, "llm.example.com", "", "v1beta1", "v1", "ns"}},
		{"no provider", "schema: {name: Anthropic, prefix: /anthropic/v1}\nendpoint: {hostname: proxy.example.com}\nauth: {secretRef: {name: k}}",
			want{"proxy.example.com", 443, versionedAPISchema{Name: "Anthropic", Prefix: "/anthropic/v1"}, "proxy.example.com", policyAnthropicAPIKey, "v1beta1", "v1", "ns"}},
		{"schema override drops provider prefix", "provider: gemini\nschema: {name: OpenAI}\nauth: {secretRef: {name: k}}",
			want{"generativelanguage.googleapis.com", 443, versionedAPISchema{Name: "OpenAI", Prefix: "/v1beta/openai"}, "generativelanguage.googleapis.com", policyAPIKey, "v1beta1", "v1", "ns"}},
		{"cohere via OpenAI schema", "provider: cohere\nschema: {name: OpenAI, prefix: /compatibility/v1}\nauth: {secretRef: {name: k}}",
			want{"api.cohere.com", 443, versionedAPISchema{Name: "OpenAI", Prefix: "/compatibility/v1"}, "api.cohere.com", policyAPIKey, "v1beta1", "v1", "ns"}},
		{"prefix slash means none", "provider: openai-compatible\nendpoint: {hostname: api.perplexity.ai}\nschema: {prefix: /}",
			want{"api.perplexity.ai", 443, versionedAPISchema{Name: "OpenAI", Prefix: "/"}, "api.perplexity.ai", "", "v1beta1", "v1", "ns"}},
		{"old targets", "provider: openai\ntarget: {aiGatewayAPIVersion: v1alpha1, backendTLSPolicyAPIVersion: v1alpha3}\nauth: {secretRef: {name: k}}",
			want{"api.openai.com", 443, versionedAPISchema{Name: "OpenAI"}, "api.openai.com", policyAPIKey, "v1alpha1", "v1alpha3", "ns"}},
		{"tls explicitly off", "provider: openai\ntls: {enabled: false}\nauth: {secretRef: {name: k}}",
			want{"api.openai.com", 443, versionedAPISchema{Name: "OpenAI"}, "", policyAPIKey, "v1beta1", "v1", "ns"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objs, errs := run(t, specYAML(tc.body))
			require.Empty(t, errs)
			be := objs[KindBackend].Spec.(backendSpec)
			assert.Equal(t, tc.want.host, be.Endpoints[0].FQDN.Hostname)
			assert.Equal(t, tc.want.port, be.Endpoints[0].FQDN.Port)
			asb := objs[KindAIServiceBackend]
			assert.Equal(t, tc.want.schema, asb.Spec.(aiServiceBackendSpec).Schema)
			assert.Equal(t, backendRef{Name: "be", Kind: "Backend", Group: "gateway.envoyproxy.io"}, asb.Spec.(aiServiceBackendSpec).BackendRef)
			assert.Equal(t, "aigateway.envoyproxy.io/"+tc.want.aigwAPI, asb.APIVersion)
			assert.Equal(t, tc.want.namespace, asb.Metadata.Namespace)
			if tc.want.tlsHost == "" {
				assert.NotContains(t, objs, KindBackendTLSPolicy)
			} else {
				tls := objs[KindBackendTLSPolicy]
				require.NotNil(t, tls)
				assert.Equal(t, "gateway.networking.k8s.io/"+tc.want.btlspAPI, tls.APIVersion)
				assert.Equal(t, "be-tls", tls.Metadata.Name)
				assert.Equal(t, tc.want.tlsHost, tls.Spec.(backendTLSPolicySpec).Validation.Hostname)
			}
			if tc.want.policy == "" {
				assert.NotContains(t, objs, KindBackendSecurityPolicy)
			} else {
				bsp := objs[KindBackendSecurityPolicy]
				require.NotNil(t, bsp)
				assert.Equal(t, "be-auth", bsp.Metadata.Name)
				assert.Equal(t, tc.want.policy, bsp.Spec.(backendSecurityPolicySpec).Type)
			}
		})
	}
}

// validSpecFor returns the smallest valid spec body for a catalog provider.
func validSpecFor(p Provider) string {
	body := "provider: " + p.Key + "\n"
	switch p.HostPattern {
	case hostAWS, hostBedrockOpenAI:
		body += "endpoint: {region: us-east-1}\n"
	case hostGCP:
		body += "endpoint: {region: us-central1}\n"
	case hostAzure:
		body += "endpoint: {resource: contoso}\n"
	case hostRequired:
		body += "endpoint: {hostname: llm.example.com}\n"
	}
	if p.VersionRequired {
		body += "schema: {version: '2025-01-01-preview'}\n"
	}
	switch p.Auth {
	case authGCP:
		body += "auth: {gcp: {projectName: my-project}}\n"
	case authAWS:
	default:
		body += "auth: {secretRef: {name: key}}\n"
	}
	return body
}

// TestEveryProvider generates every catalog entry and checks the objects
// agree with each other: the Backend, the backendRef, the TLS hostname and
// the policy target all name the same things.
func TestEveryProvider(t *testing.T) {
	providers := Providers()
	require.GreaterOrEqual(t, len(providers), 10)
	wantPolicy := map[authKind][]string{
		authAPIKey: {policyAPIKey, policyAnthropicAPIKey},
		authAzure:  {policyAzureAPIKey},
		authAWS:    {policyAWSCredentials},
		authGCP:    {policyGCPCredentials},
	}
	for _, p := range providers {
		t.Run(p.Key, func(t *testing.T) {
			objs, errs := run(t, specYAML(validSpecFor(p)))
			require.Empty(t, errs)
			be := objs[KindBackend].Spec.(backendSpec)
			host := be.Endpoints[0].FQDN.Hostname
			if p.Port != 0 {
				// local-server presets: their own port, plaintext by default
				assert.Equal(t, p.Port, be.Endpoints[0].FQDN.Port)
				assert.False(t, p.Public, "a preset is not a public service")
				require.Len(t, objs, 3, "no BackendTLSPolicy for a plaintext preset port")
				assert.Equal(t, "/v1", objs[KindAIServiceBackend].Spec.(aiServiceBackendSpec).Schema.Prefix)
				return
			}
			require.Len(t, objs, 4, "public providers and TLS endpoints get all four objects")
			assert.Equal(t, 443, be.Endpoints[0].FQDN.Port)
			assert.NotEmpty(t, p.Source, "every catalog entry says where its hostname and prefix are documented")
			if p.Hostname != "" {
				assert.Equal(t, p.Hostname, host)
			}
			assert.Empty(t, checkHostname(host), "generated hostname %q must be valid", host)
			asb := objs[KindAIServiceBackend].Spec.(aiServiceBackendSpec)
			assert.Equal(t, p.Schema, asb.Schema.Name)
			assert.Equal(t, p.Prefix, asb.Schema.Prefix)
			tls := objs[KindBackendTLSPolicy].Spec.(backendTLSPolicySpec)
			assert.Equal(t, host, tls.Validation.Hostname)
			assert.Equal(t, "System", tls.Validation.WellKnownCACertificates)
			assert.Equal(t, []policyTargetRef{{Group: GroupEnvoyGateway, Kind: KindBackend, Name: "be"}}, tls.TargetRefs)
			bsp := objs[KindBackendSecurityPolicy].Spec.(backendSecurityPolicySpec)
			assert.Contains(t, wantPolicy[p.Auth], bsp.Type)
			assert.Equal(t, []policyTargetRef{{Group: GroupAIGateway, Kind: KindAIServiceBackend, Name: "be"}}, bsp.TargetRefs)
			assert.Equal(t, 1, credentialBlocks(bsp), "exactly one credential block")
			for _, o := range objs {
				assert.Equal(t, ManagedByValue, o.Metadata.Labels[LabelManagedBy])
				assert.Equal(t, "ns/be", o.Metadata.Annotations[AnnotationSpec])
			}
		})
	}
}

func credentialBlocks(s backendSecurityPolicySpec) int {
	n := 0
	for _, set := range []bool{s.APIKey != nil, s.AnthropicAPIKey != nil, s.AzureAPIKey != nil, s.AWSCredentials != nil, s.AzureCredentials != nil, s.GCPCredentials != nil} {
		if set {
			n++
		}
	}
	return n
}

func TestAuthForms(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		check func(t *testing.T, s backendSecurityPolicySpec)
	}{
		{"aws credentials file + profile", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {credentialsSecretRef: {name: creds}, profile: prod}}", func(t *testing.T, s backendSecurityPolicySpec) {
			assert.Equal(t, &awsCredentialsSpec{Region: "us-east-1", CredentialsFile: &awsCredentialsFile{SecretRef: secretObjectRef{Name: "creds"}, Profile: "prod"}}, s.AWSCredentials)
		}},
		{"aws region from auth when hostname given", "provider: aws-bedrock\nendpoint: {hostname: vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com}\nauth: {aws: {region: eu-west-1}}", func(t *testing.T, s backendSecurityPolicySpec) {
			assert.Equal(t, "eu-west-1", s.AWSCredentials.Region)
		}},
		{"aws oidc", "provider: aws-anthropic\nendpoint: {region: us-east-1}\nauth: {aws: {roleArn: 'arn:aws:iam::123456789012:role/r', oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}, grantType: g, aud: a}}}", func(t *testing.T, s backendSecurityPolicySpec) {
			tok := s.AWSCredentials.OIDCExchangeToken
			require.NotNil(t, tok)
			assert.Equal(t, "arn:aws:iam::123456789012:role/r", tok.AWSRoleArn)
			assert.Equal(t, egOIDC{Provider: oidcProvider{Issuer: "https://i.example.com"}, ClientID: "c", ClientSecret: secretObjectRef{Name: "s"}}, tok.OIDC)
			assert.Equal(t, "g", tok.GrantType)
			assert.Equal(t, "a", tok.Aud)
		}},
		{"azure client secret", "provider: azure-openai\nschema: {version: v1}\nendpoint: {resource: r1}\nauth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s, namespace: sec}}}", func(t *testing.T, s backendSecurityPolicySpec) {
			assert.Equal(t, policyAzureCredentials, s.Type)
			assert.Equal(t, &azureCredentialsSpec{ClientID: "c", TenantID: "t", ClientSecretRef: &secretObjectRef{Name: "s", Namespace: "sec"}}, s.AzureCredentials)
		}},
		{"azure oidc with clientIDRef", "provider: azure-openai\nschema: {version: v1}\nendpoint: {resource: r1}\nauth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientIDRef: {name: cid}, clientSecretRef: {name: s}, scopes: [a, b]}}}", func(t *testing.T, s backendSecurityPolicySpec) {
			o := s.AzureCredentials.OIDCExchangeToken.OIDC
			assert.Equal(t, &secretObjectRef{Name: "cid"}, o.ClientIDRef)
			assert.Empty(t, o.ClientID)
			assert.Equal(t, []string{"a", "b"}, o.Scopes)
		}},
		{"gcp credentials file, region from endpoint", "provider: gcp-vertex-ai\nendpoint: {region: europe-west4}\nauth: {gcp: {projectName: my-project, credentialsSecretRef: {name: sa}}}", func(t *testing.T, s backendSecurityPolicySpec) {
			assert.Equal(t, &gcpCredentialsSpec{ProjectName: "my-project", Region: "europe-west4", CredentialsFile: &gcpCredentialsFile{SecretRef: secretObjectRef{Name: "sa"}}}, s.GCPCredentials)
		}},
		{"gcp workload identity federation", "provider: gcp-vertex-ai\nendpoint: {region: us-central1}\nauth: {gcp: {projectName: my-project, workloadIdentityFederation: {projectID: p, workloadIdentityPoolName: pool, workloadIdentityProviderName: prov, oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}}}}", func(t *testing.T, s backendSecurityPolicySpec) {
			w := s.GCPCredentials.WorkloadIdentityFederationConfig
			require.NotNil(t, w)
			assert.Equal(t, "pool", w.WorkloadIdentityPoolName)
			assert.Nil(t, w.ServiceAccountImpersonation)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objs, errs := run(t, specYAML(tc.body))
			require.Empty(t, errs)
			tc.check(t, objs[KindBackendSecurityPolicy].Spec.(backendSecurityPolicySpec))
		})
	}
}

// TestValidation checks each rule: the exact set of field paths reported
// and a fragment of each message (which must say what to write instead).
func TestValidation(t *testing.T) {
	cases := []struct {
		name string
		body string
		want map[string]string // field path -> message fragment
	}{
		{"missing provider", "endpoint: {hostname: a.example.com}", map[string]string{"spec.provider": "is required unless"}},
		{"unknown provider", "provider: openia\nauth: {secretRef: {name: k}}", map[string]string{"spec.provider": `did you mean "openai"`}},
		{"unknown schema", "provider: openai\nschema: {name: openai}\nauth: {secretRef: {name: k}}", map[string]string{"spec.schema.name": `did you mean "OpenAI"`}},
		{"version on OpenAI", "provider: openai\nschema: {version: v1}\nauth: {secretRef: {name: k}}", map[string]string{"spec.schema.version": "spec.schema.prefix"}},
		{"version on Bedrock", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nschema: {version: x}", map[string]string{"spec.schema.version": "remove it"}},
		{"bad version", "provider: cohere\nschema: {version: 'v 2'}\nauth: {secretRef: {name: k}}", map[string]string{"spec.schema.version": "must be a version string"}},
		{"azure version required", "provider: azure-openai\nendpoint: {resource: r}\nauth: {secretRef: {name: k}}", map[string]string{"spec.schema.version": "is required for Azure OpenAI"}},
		{"prefix without slash", "provider: openai-compatible\nendpoint: {hostname: a.example.com}\nschema: {prefix: v1}", map[string]string{"spec.schema.prefix": `write "/v1"`}},
		{"prefix trailing slash", "provider: openai-compatible\nendpoint: {hostname: a.example.com}\nschema: {prefix: /v1/}", map[string]string{"spec.schema.prefix": "no trailing slash"}},
		{"prefix empty", "provider: openai-compatible\nendpoint: {hostname: a.example.com}\nschema: {prefix: ''}", map[string]string{"spec.schema.prefix": "must start with"}},
		{"prefix on Cohere", "provider: cohere\nschema: {prefix: /v2}\nauth: {secretRef: {name: k}}", map[string]string{"spec.schema.prefix": "only OpenAI and Anthropic"}},
		{"port zero", "provider: openai\nendpoint: {port: 0}\nauth: {secretRef: {name: k}}", map[string]string{"spec.endpoint.port": "between 1 and 65535"}},
		{"port huge", "provider: openai\nendpoint: {port: 99999999999}\nauth: {secretRef: {name: k}}", map[string]string{"spec.endpoint.port": "between 1 and 65535"}},
		{"hostname IP", "provider: openai-compatible\nendpoint: {hostname: 10.0.0.1}", map[string]string{"spec.endpoint.hostname": "not an IP"}},
		{"hostname uppercase", "provider: openai-compatible\nendpoint: {hostname: LLM.Example.com}", map[string]string{"spec.endpoint.hostname": `write "llm.example.com"`}},
		{"hostname single label", "provider: openai-compatible\nendpoint: {hostname: ollama}", map[string]string{"spec.endpoint.hostname": "spec.endpoint.service"}},
		{"hostname with port", "provider: openai-compatible\nendpoint: {hostname: 'a.example.com:8443'}", map[string]string{"spec.endpoint.hostname": "spec.endpoint.port"}},
		{"hostname with path", "provider: openai-compatible\nendpoint: {hostname: 'a.example.com/v1'}", map[string]string{"spec.endpoint.hostname": "spec.schema.prefix"}},
		{"hostname required", "provider: openai-compatible", map[string]string{"spec.endpoint.hostname": "is required for provider openai-compatible"}},
		{"region on openai", "provider: openai\nendpoint: {region: us-east-1}\nauth: {secretRef: {name: k}}", map[string]string{"spec.endpoint.region": "only used by AWS and GCP"}},
		{"bad aws region", "provider: aws-bedrock\nendpoint: {region: useast1}", map[string]string{"spec.endpoint.region": "AWS region"}},
		{"bad gcp region", "provider: gcp-vertex-ai\nendpoint: {region: US-CENTRAL1}\nauth: {gcp: {projectName: my-project}}", map[string]string{"spec.endpoint.region": "GCP region"}},
		{"gcp region required", "provider: gcp-vertex-ai\nauth: {gcp: {projectName: my-project}}", map[string]string{"spec.endpoint.region": "is required"}},
		{"resource on openai", "provider: openai\nendpoint: {resource: r}\nauth: {secretRef: {name: k}}", map[string]string{"spec.endpoint.resource": "only used by the azure-openai"}},
		{"resource and hostname", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r, hostname: r.openai.azure.com}\nauth: {secretRef: {name: k}}", map[string]string{"spec.endpoint.resource": "conflicts with spec.endpoint.hostname"}},
		{"bad resource", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: My_Res}\nauth: {secretRef: {name: k}}", map[string]string{"spec.endpoint.resource": "Azure resource name"}},
		{"azure resource required", "provider: azure-openai\nschema: {version: v}\nauth: {secretRef: {name: k}}", map[string]string{"spec.endpoint.resource": "is required for azure-openai"}},
		{"service and hostname", "provider: openai-compatible\nendpoint: {hostname: a.example.com, service: {name: s}}", map[string]string{"spec.endpoint.service": "conflicts with spec.endpoint.hostname"}},
		{"service ports disagree", "provider: openai-compatible\nendpoint: {port: 80, service: {name: s, port: 8080}}", map[string]string{"spec.endpoint.service.port": "conflicts with spec.endpoint.port"}},
		{"service bad names", "provider: openai-compatible\nendpoint: {service: {name: My.Svc, namespace: NS}}", map[string]string{"spec.endpoint.service.name": "Service name", "spec.endpoint.service.namespace": "DNS label"}},
		{"service name missing", "provider: openai-compatible\nendpoint: {service: {port: 80}}", map[string]string{"spec.endpoint.service.name": "is required"}},
		{"tls off with hostname", "provider: openai\ntls: {enabled: false, hostname: api.openai.com}\nauth: {secretRef: {name: k}}", map[string]string{"spec.tls.enabled": "set enabled: true"}},
		{"tls hostname trailing dot", "provider: openai\ntls: {hostname: api.openai.com.}\nauth: {secretRef: {name: k}}", map[string]string{"spec.tls.hostname": "must not end with a dot"}},
		{"tls too many CAs", "provider: openai\ntls: {caCertificateRefs: [a,b,c,d,e,f,g,h,i]}\nauth: {secretRef: {name: k}}", map[string]string{"spec.tls.caCertificateRefs": "at most 8"}},
		{"tls duplicate and bad CA", "provider: openai\ntls: {caCertificateRefs: [ca, ca, Bad_CA]}\nauth: {secretRef: {name: k}}", map[string]string{"spec.tls.caCertificateRefs[1]": "twice", "spec.tls.caCertificateRefs[2]": "ConfigMap"}},
		{"auth missing", "provider: anthropic", map[string]string{"spec.auth": "is required for anthropic"}},
		{"azure auth missing", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}", map[string]string{"spec.auth": "azure: {clientID"}},
		{"gcp auth missing", "provider: gcp-anthropic\nendpoint: {region: us-east5}", map[string]string{"spec.auth.gcp": "is required for gcp-anthropic"}},
		{"two auth blocks", "provider: openai\nauth: {secretRef: {name: k}, gcp: {projectName: my-project}}", map[string]string{"spec.auth": "set exactly one"}},
		{"secretRef on bedrock", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {secretRef: {name: k}}", map[string]string{"spec.auth.secretRef": "spec.auth.aws"}},
		{"secretRef on vertex", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\nauth: {secretRef: {name: k}}", map[string]string{"spec.auth.secretRef": "spec.auth.gcp"}},
		{"aws on openai", "provider: openai\nauth: {aws: {region: us-east-1}}", map[string]string{"spec.auth.aws": "does not apply to openai"}},
		{"azure on openai", "provider: openai\nauth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s}}}", map[string]string{"spec.auth.azure": "spec.auth.secretRef"}},
		{"gcp on anthropic", "provider: anthropic\nauth: {gcp: {projectName: my-project}}", map[string]string{"spec.auth.gcp": "does not apply"}},
		{"secret name missing and bad ns", "provider: openai\nauth: {secretRef: {namespace: Bad_NS}}", map[string]string{"spec.auth.secretRef.name": "is required", "spec.auth.secretRef.namespace": "DNS label"}},
		{"aws both secret and oidc", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {credentialsSecretRef: {name: c}, roleArn: 'arn:aws:iam::123456789012:role/r', oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}}}", map[string]string{"spec.auth.aws": "set one of them"}},
		{"aws profile without secret", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {profile: p}}", map[string]string{"spec.auth.aws.profile": "only used with credentialsSecretRef"}},
		{"aws roleArn without oidc", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {roleArn: 'arn:aws:iam::123456789012:role/r'}}", map[string]string{"spec.auth.aws.roleArn": "only used with oidc"}},
		{"aws oidc without roleArn", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}}}", map[string]string{"spec.auth.aws.roleArn": "is required with oidc"}},
		{"aws bad roleArn", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {roleArn: bedrock, oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}}}", map[string]string{"spec.auth.aws.roleArn": "IAM role ARN"}},
		{"aws bad auth region", "provider: aws-bedrock\nendpoint: {hostname: bedrock.example.com}\nauth: {aws: {region: mars}}", map[string]string{"spec.auth.aws.region": "AWS region"}},
		{"aws region mismatch", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {region: us-west-2}}", map[string]string{"spec.auth.aws.region": "use the same region"}},
		{"aws region missing with hostname", "provider: aws-bedrock\nendpoint: {hostname: bedrock.example.com}", map[string]string{"spec.auth.aws.region": "is required"}},
		{"azure creds incomplete", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: 'c d'}}", map[string]string{"spec.auth.azure.clientID": "Entra ID identifier", "spec.auth.azure.tenantID": "is required", "spec.auth.azure": "exactly one of clientSecretRef"}},
		{"azure both", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s}, oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}}}", map[string]string{"spec.auth.azure": "set exactly one"}},
		{"gcp bad project", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\nauth: {gcp: {projectName: P}}", map[string]string{"spec.auth.gcp.projectName": "GCP project ID"}},
		{"gcp project missing", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\nauth: {gcp: {}}", map[string]string{"spec.auth.gcp.projectName": "is required"}},
		{"gcp region mismatch", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\nauth: {gcp: {projectName: my-project, region: europe-west1}}", map[string]string{"spec.auth.gcp.region": "use the same region"}},
		{"gcp bad auth region", "provider: gcp-vertex-ai\nendpoint: {hostname: vertex.example.com}\nauth: {gcp: {projectName: my-project, region: nowhere}}", map[string]string{"spec.auth.gcp.region": "GCP region"}},
		{"gcp both", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\nauth: {gcp: {projectName: my-project, credentialsSecretRef: {name: s}, workloadIdentityFederation: {projectID: p, workloadIdentityPoolName: a, workloadIdentityProviderName: b, oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}}}}", map[string]string{"spec.auth.gcp": "at most one"}},
		{"gcp v1alpha1 needs credentials", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\ntarget: {aiGatewayAPIVersion: v1alpha1}\nauth: {gcp: {projectName: my-project}}", map[string]string{"spec.auth.gcp": "target v1alpha1"}},
		{"wif incomplete", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\nauth: {gcp: {projectName: my-project, workloadIdentityFederation: {oidc: {issuer: 'http://i.example.com', clientID: c, clientIDRef: {name: x}}}}}", map[string]string{
			"spec.auth.gcp.workloadIdentityFederation.projectID": "is required", "spec.auth.gcp.workloadIdentityFederation.workloadIdentityPoolName": "is required",
			"spec.auth.gcp.workloadIdentityFederation.workloadIdentityProviderName": "is required", "spec.auth.gcp.workloadIdentityFederation.oidc.issuer": "https://",
			"spec.auth.gcp.workloadIdentityFederation.oidc": "clientID and clientIDRef", "spec.auth.gcp.workloadIdentityFederation.oidc.clientSecretRef": "is required"}},
		{"oidc missing issuer and client", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, oidc: {clientSecretRef: {name: s}, scopes: ['a b']}}}", map[string]string{
			"spec.auth.azure.oidc.issuer": "is required", "spec.auth.azure.oidc.clientID": "is required", "spec.auth.azure.oidc.scopes[0]": "single scope"}},
		{"bad target versions", "provider: openai\ntarget: {aiGatewayAPIVersion: v1, backendTLSPolicyAPIVersion: v1beta1}\nauth: {secretRef: {name: k}}", map[string]string{"spec.target.aiGatewayAPIVersion": "v1beta1", "spec.target.backendTLSPolicyAPIVersion": "v1alpha3"}},
		{"reserved label and annotation", "provider: openai\nauth: {secretRef: {name: k}}\nlabels: {app.kubernetes.io/managed-by: me, 'bad key!': x, ok: 'bad value!'}\nannotations: {config.kubernetes.io/local-config: 'true', fn.aigw.dev/spec: x}", map[string]string{
			"spec.labels.app.kubernetes.io/managed-by": "set by the function", "spec.labels.bad key!": "qualified name", "spec.labels.ok": "label value",
			"spec.annotations.config.kubernetes.io/local-config": "belongs to kpt/kustomize", "spec.annotations.fn.aigw.dev/spec": "set by the function"}},
		{"header mutation rules", "provider: openai\nauth: {secretRef: {name: k}}\nheaderMutation: {set: [{name: 'x a', value: v}, {name: X-A, value: ''}, {name: x-a, value: \"a\\nb\"}, {name: '', value: v}, {name: x-api-key, value: k}], remove: [x-a, '', x-r, X-R]}", map[string]string{
			"spec.headerMutation.set[0].name": "HTTP header name", "spec.headerMutation.set[1].value": "is required", "spec.headerMutation.set[2].name": "twice",
			"spec.headerMutation.set[2].value": "line breaks", "spec.headerMutation.set[3].name": "is required", "spec.headerMutation.set[4].name": "inline secret",
			"spec.headerMutation.remove[0]": "also sets", "spec.headerMutation.remove[1]": "HTTP header name", "spec.headerMutation.remove[3]": "twice"}},
		{"header value too long", "provider: openai\nauth: {secretRef: {name: k}}\nheaderMutation: {set: [{name: x, value: " + strings.Repeat("v", 4097) + "}]}", map[string]string{"spec.headerMutation.set[0].value": "at most 4096"}},
		{"too many removes", "provider: openai\nauth: {secretRef: {name: k}}\nheaderMutation: {remove: [" + seq("h", 17) + "]}\nbodyMutation: {remove: [" + seq("f", 17) + "], set: [" + strings.Repeat("{path: p, value: v},", 0) + "]}", map[string]string{"spec.headerMutation.remove": "at most 16", "spec.bodyMutation.remove": "at most 16"}},
		{"body mutation rules", "provider: openai\nauth: {secretRef: {name: k}}\nbodyMutation: {set: [{path: '', value: '1'}, {path: t, value: ''}, {path: t, value: '[1,'}, {path: 'a b', value: 'true'}, {path: n, value: '-x'}], remove: [t, 'x y', r, r]}", map[string]string{
			"spec.bodyMutation.set[0].path": "is required", "spec.bodyMutation.set[1].value": "is required", "spec.bodyMutation.set[2].path": "twice",
			"spec.bodyMutation.set[2].value": "does not parse", "spec.bodyMutation.set[3].path": "without spaces", "spec.bodyMutation.set[4].value": "does not parse",
			"spec.bodyMutation.remove[0]": "also sets", "spec.bodyMutation.remove[1]": "JSON field name", "spec.bodyMutation.remove[3]": "twice"}},
		{"too many body sets", "provider: openai\nauth: {secretRef: {name: k}}\nbodyMutation: {set: [" + bodySets(17) + "]}", map[string]string{"spec.bodyMutation.set": "at most 16"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := run(t, specYAML(tc.body))
			got := map[string]string{}
			for _, e := range errs {
				got[e.Path] += e.Message + " | "
			}
			assert.Equal(t, slices.Sorted(maps.Keys(tc.want)), slices.Sorted(maps.Keys(got)), "reported paths")
			for p, frag := range tc.want {
				assert.Contains(t, got[p], frag, "message for %s", p)
			}
		})
	}
}

func seq(prefix string, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return strings.Join(parts, ", ")
}

func bodySets(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("{path: p%d, value: v}", i)
	}
	return strings.Join(parts, ", ")
}

func TestMetadataRules(t *testing.T) {
	long := strings.Repeat("a", 249)
	cases := []struct {
		doc  string
		path string
		frag string
	}{
		{"apiVersion: fn.aigw.dev/v1beta1\nkind: AIBackendSpec\nmetadata: {name: a}\nspec: {provider: openai, auth: {secretRef: {name: k}}}", "apiVersion", `must be "fn.aigw.dev/v1alpha1"`},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackend\nmetadata: {name: a}\nspec: {provider: openai, auth: {secretRef: {name: k}}}", "kind", `must be "AIBackendSpec"`},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {}\nspec: {provider: openai, auth: {secretRef: {name: k}}}", "metadata.name", "is required"},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: " + long + "}\nspec: {provider: openai, auth: {secretRef: {name: k}}}", "metadata.name", "at most 248"},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: My_Backend}\nspec: {provider: openai, auth: {secretRef: {name: k}}}", "metadata.name", `try "my-backend"`},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a, namespace: ai.gateway}\nspec: {provider: openai, auth: {secretRef: {name: k}}}", "metadata.namespace", `try "ai-gateway"`},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a, uid: x}\nspec: {provider: openai, auth: {secretRef: {name: k}}}", "metadata.uid", "unknown field"},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a}\ndata: {}\nspec: {provider: openai, auth: {secretRef: {name: k}}}", "data", "unknown field"},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a}\nspec: [provider]", "spec", "must be a map of fields"},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a}\nspec:\n  provider: openai\n  provider: anthropic\n  auth: {secretRef: {name: k}}", "spec.provider", "is set twice"},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a}\nspec: {provider: openai, auth: {secretRef: {name: k, value: sk-1}}}", "spec.auth.secretRef.value", "inline secret values are refused"},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a}\nspec: {provider: openai, auth: {secretRef: {name: k}}, labels: [a]}", "spec.labels", "must be a map of strings"},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a}\nspec: {provider: openai, auth: {secretRef: {name: k}}, tls: {caCertificateRefs: ca}}", "spec.tls.caCertificateRefs", "must be a list"},
		{"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a}\nspec: {provider: [openai], auth: {secretRef: {name: k}}}", "spec.provider", "must be a string, not a list"},
	}
	for _, tc := range cases {
		t.Run(tc.path+" "+tc.frag, func(t *testing.T) {
			_, errs := run(t, tc.doc)
			var hit bool
			for _, e := range errs {
				if e.Path == tc.path && strings.Contains(e.Message, tc.frag) {
					hit = true
				}
			}
			assert.True(t, hit, "want %s: %q in %v", tc.path, tc.frag, errs)
		})
	}
}

func TestWarnings(t *testing.T) {
	n, err := yaml.Parse(specYAML("provider: openai-compatible\nendpoint: {hostname: a.example.com}\ntls: {hostname: b.example.com}"))
	require.NoError(t, err)
	spec, errs := Decode(n)
	require.Empty(t, errs)
	out, errs := Generate(spec)
	require.Empty(t, errs)
	require.Len(t, out.Warnings, 1)
	assert.Equal(t, "spec.tls.hostname", out.Warnings[0].Path)

	n, _ = yaml.Parse(specYAML("provider: openai\ntls: {enabled: false}\nauth: {secretRef: {name: k}}"))
	spec, _ = Decode(n)
	out, errs = Generate(spec)
	require.Empty(t, errs)
	require.Len(t, out.Warnings, 1)
	assert.Contains(t, out.Warnings[0].Message, "plaintext")
}

func TestDecodeAcceptsDatesAndNulls(t *testing.T) {
	n, err := yaml.Parse(specYAML("provider: azure-openai\nschema: {version: 2024-10-21, prefix: null}\nendpoint: {resource: r}\nauth: {secretRef: {name: k}}\nlabels:"))
	require.NoError(t, err)
	spec, errs := Decode(n)
	require.Empty(t, errs)
	assert.Equal(t, "2024-10-21", *spec.Spec.Schema.Version)
	assert.Nil(t, spec.Spec.Schema.Prefix)
}

func TestDecodeBoundsAliasFanOut(t *testing.T) {
	// Each level references the previous one ten times: 10^9 nodes if expanded.
	var b strings.Builder
	b.WriteString("apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a}\nspec:\n  labels: &l0 {a: b}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "  x%d: &l%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	n, err := yaml.Parse(b.String())
	require.NoError(t, err)
	_, errs := Decode(n)
	require.NotEmpty(t, errs)
	assert.Contains(t, errs.Error(), "unknown field")
}
