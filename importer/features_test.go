package importer

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/generator"
)

func readTestdata(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return string(b)
}

// TestMergedFeatures: the catalog's azure-openai-v1 entry, credentialOverride
// and multi-region sets, as hand-written objects: what each imports as,
// and what is refused.
func TestMergedFeatures(t *testing.T) {
	azure := readTestdata(t, "testdata/handwritten/azure-openai-v1.yaml")
	override := readTestdata(t, "testdata/handwritten/credential-override.yaml")
	regions := readTestdata(t, "testdata/handwritten/bedrock-multi-region.yaml")
	cases := []struct {
		name   string
		input  string
		failed bool
		lines  []string // substrings, each must be in some stderr line
		specs  int
		check  func(t *testing.T, s *generator.AIBackendSpec)
	}{
		{
			name: "AzureAPIKey on /openai/v1 of an Azure host is azure-openai-v1", input: azure, specs: 1,
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Equal(t, "azure-openai-v1", s.Spec.Provider)
				assert.Equal(t, &generator.Endpoint{Resource: "contoso"}, s.Spec.Endpoint)
				assert.Nil(t, s.Spec.Schema, "the catalog's prefix")
				assert.Equal(t, "azure-key", s.Spec.Auth.SecretRef.Name)
			},
		},
		{
			name: "AzureCredentials on /openai/v1 of an Azure host is azure-openai-v1", specs: 1,
			input: strings.Replace(azure, "type: AzureAPIKey\n  azureAPIKey:\n    secretRef:\n      name: azure-key",
				"type: AzureCredentials\n  azureCredentials:\n    clientID: app\n    tenantID: tenant\n    clientSecretRef:\n      name: entra", 1),
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Equal(t, "azure-openai-v1", s.Spec.Provider)
				require.NotNil(t, s.Spec.Auth.Azure)
				assert.Equal(t, "entra", s.Spec.Auth.Azure.ClientSecretRef.Name)
			},
		},
		{
			name: "APIKey on an Azure host stays openai-compatible (the objects as written)", specs: 1,
			input: strings.Replace(azure, "type: AzureAPIKey\n  azureAPIKey:", "type: APIKey\n  apiKey:", 1),
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Equal(t, "openai-compatible", s.Spec.Provider)
				assert.Equal(t, "contoso.openai.azure.com", s.Spec.Endpoint.Hostname)
				assert.Equal(t, "/openai/v1", *s.Spec.Schema.Prefix)
			},
		},
		{
			name: "AzureAPIKey on another prefix is refused, pointing at azure-openai-v1", specs: 1, failed: true,
			input: strings.Replace(azure, "prefix: /openai/v1", "prefix: /v1", 1),
			lines: []string{"error: in.yaml: BackendSecurityPolicy ai/azure-v1-auth: spec.type: is AzureAPIKey on the OpenAI schema", "provider azure-openai-v1", "/openai/v1"},
		},
		{
			name: "credentialOverride becomes spec.auth.override", input: override, specs: 1,
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				f := false
				assert.Equal(t, &generator.CredentialOverride{FromDynamicMetadata: &generator.OverrideFromDynamicMetadata{
					Namespace: "envoy.filters.http.ext_authz", Key: "tenant-key", FallbackToConfigured: &f}}, s.Spec.Auth.Override)
			},
		},
		{
			name: "credentialOverride from request headers, upstream defaults left unset", specs: 1,
			input: strings.Replace(override, "fromDynamicMetadata:\n      namespace: envoy.filters.http.ext_authz\n      key: tenant-key\n      fallbackToConfigured: false", "fromRequestHeaders: {}", 1),
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Equal(t, &generator.CredentialOverride{FromRequestHeaders: &generator.OverrideFromRequestHeaders{}}, s.Spec.Auth.Override)
			},
		},
		{
			// extra is in no CRD: removed with a note, as the API server would
			name: "credentialOverride fields an AIBackendSpec cannot carry are named", specs: 1, failed: true,
			input: strings.Replace(override, "fallbackToConfigured: false", "fallbackToConfigured: \"no\"\n      extra: 1", 1),
			lines: []string{"error: in.yaml: BackendSecurityPolicy ai/openai-auth: spec.credentialOverride.fromDynamicMetadata.fallbackToConfigured: is not true or false",
				"note: in.yaml: BackendSecurityPolicy ai/openai-auth: spec.credentialOverride.fromDynamicMetadata.extra: removed: is not a field of BackendSecurityPolicy aigateway.envoyproxy.io/v1beta1 (CRD of AI Gateway v1.1.0)"},
		},
		{
			name: "hand-written sets named <name>-<region> fold into one spec with endpoint.regions", input: regions, specs: 1,
			lines: []string{"note: in.yaml: AIServiceBackend ai/bedrock-us-east-1: metadata.name: AIServiceBackends bedrock-us-east-1, bedrock-us-west-2 are one backend in regions us-east-1, us-west-2"},
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Equal(t, "bedrock", s.Metadata.Name)
				assert.Equal(t, "aws-bedrock", s.Spec.Provider)
				assert.Equal(t, &generator.Endpoint{Regions: []string{"us-east-1", "us-west-2"}}, s.Spec.Endpoint)
				assert.Equal(t, "aws-credentials", s.Spec.Auth.AWS.CredentialsSecretRef.Name)
			},
		},
		{
			name: "regional sets that differ in more than their region stay apart", specs: 2,
			input: strings.Replace(regions, "name: aws-credentials", "name: other-credentials", 1),
		},
		{
			name: "one hand-written regional set is just a name", specs: 1,
			input: regions[:strings.Index(regions, "---\napiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIServiceBackend\nmetadata:\n  name: bedrock-us-west-2")],
			check: func(t *testing.T, s *generator.AIBackendSpec) {
				assert.Equal(t, "bedrock-us-east-1", s.Metadata.Name)
				assert.Equal(t, "us-east-1", s.Spec.Endpoint.Region)
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
			require.Len(t, res.Specs, c.specs)
			if c.check != nil {
				c.check(t, res.Specs[0].Spec)
			}
			if !c.failed {
				for _, s := range res.Specs {
					_, errs := generator.Generate(s.Spec)
					assert.Empty(t, errs)
				}
			}
		})
	}
}

// TestCatalogInference: objects generated for every catalog entry, with
// the ownership annotation removed (as if written by hand), import as that
// entry and regenerate the same objects. The local-server presets are the
// exception: their endpoint is the user's own server, so nothing in the
// objects says "vLLM" rather than any OpenAI-compatible server; they come
// back as openai-compatible with the preset's port.
func TestCatalogInference(t *testing.T) {
	n := 0
	for _, p := range generator.Providers() {
		t.Run(p.Key, func(t *testing.T) {
			spec := &generator.AIBackendSpec{APIVersion: generator.APIVersion, Kind: generator.Kind,
				Metadata: generator.ObjectMeta{Name: "llm", Namespace: "ai"}, Spec: generator.Spec{Provider: p.Key}}
			s := &spec.Spec
			want := p.Key
			switch p.HostPatternString() {
			case "bedrock-runtime.{region}.amazonaws.com", "bedrock-mantle.{region}.api.aws":
				s.Endpoint = &generator.Endpoint{Region: "eu-west-1"}
			case "{region}-aiplatform.googleapis.com":
				s.Endpoint = &generator.Endpoint{Region: "europe-west4"}
			case "{resource}.openai.azure.com":
				s.Endpoint = &generator.Endpoint{Resource: "contoso"}
			case "required":
				s.Endpoint = &generator.Endpoint{Hostname: "llm.example.com"}
				want = "openai-compatible"
			}
			if p.VersionRequired {
				v := "2025-01-01-preview"
				s.Schema = &generator.Schema{Version: &v}
			}
			switch {
			case strings.HasPrefix(p.Schema, "AWS"):
				s.Auth = &generator.Auth{AWS: &generator.AWSAuth{}}
			case strings.HasPrefix(p.Schema, "GCP"):
				s.Auth = &generator.Auth{GCP: &generator.GCPAuth{ProjectName: "my-project"}}
			default:
				s.Auth = &generator.Auth{SecretRef: &generator.SecretRef{Name: "llm-key"}}
			}
			gen, errs := generator.Generate(spec)
			require.Empty(t, errs)
			for _, o := range gen.Objects {
				delete(o.Metadata.Annotations, generator.AnnotationSpec)
			}
			res := importFiles([]Input{{File: "in.yaml", Data: objectsYAML(t, gen.Objects)}}, Options{})
			for _, l := range res.Lines {
				assert.Fail(t, "unexpected report line", l.String())
			}
			require.Len(t, res.Specs, 1)
			assert.Equal(t, want, res.Specs[0].Spec.Spec.Provider)
			back, errs := generator.Generate(res.Specs[0].Spec)
			require.Empty(t, errs)
			assert.Equal(t, withoutOwner(t, gen.Objects), withoutOwner(t, back.Objects))
			n++
		})
	}
	for _, key := range []string{"openrouter", "perplexity", "cohere-compat", "fireworks", "cerebras", "nvidia-nim", "huggingface", "azure-openai-v1", "hunyuan", "tencent-lke", "aws-bedrock-openai"} {
		_, ok := generator.LookupProvider(key)
		assert.True(t, ok, "catalog entry %s is gone: update this test and docs/import-and-lint.md", key)
	}
	assert.Equal(t, len(generator.Providers()), n)
}
