package generator

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Sentinels that must never come back in a message or a result value:
// one shaped like a real key, one that is merely invalid (a value under
// spec.auth is not echoed even when it does not look like a key).
const (
	keySentinel   = "sk-proj-Q7wXe9Rt2Yu4Io6Pa8Sd0Fg1Hj3Kl5Zx7Cv9Bn"
	plainSentinel = "Hunter Two/NotShown"
)

// authStringPaths walks the Go types under spec.auth and returns the path
// of every string and []string field: new auth fields are covered by the
// redaction test without touching it.
func authStringPaths(t reflect.Type, prefix []string) [][]string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out [][]string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		p := append(append([]string{}, prefix...), name)
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.String:
			out = append(out, p)
		case reflect.Slice:
			if ft.Elem().Kind() == reflect.String {
				out = append(out, append(p, "[]"))
			}
		case reflect.Struct:
			out = append(out, authStringPaths(ft, p)...)
		}
	}
	return out
}

// setPath puts v at path in a nested map ("[]" makes a one-element list).
func setPath(m map[string]any, path []string, v any) {
	for i, k := range path {
		if i == len(path)-1 {
			m[k] = v
			return
		}
		if path[i+1] == "[]" {
			m[k] = []any{v}
			return
		}
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
}

// specFor is a spec whose provider takes the auth block path starts with.
func specFor(block string) map[string]any {
	switch block {
	case "aws":
		return map[string]any{"provider": "aws-bedrock", "endpoint": map[string]any{"region": "us-east-1"}}
	case "azure":
		return map[string]any{"provider": "azure-openai", "endpoint": map[string]any{"resource": "contoso"}, "schema": map[string]any{"version": "2025-01-01-preview"}}
	case "gcp":
		return map[string]any{"provider": "gcp-vertex-ai", "endpoint": map[string]any{"region": "us-central1"}}
	}
	return map[string]any{"provider": "openai"}
}

// problems decodes and generates a spec given as a map and returns every
// error and warning.
func problems(t *testing.T, spec map[string]any) FieldErrors {
	t.Helper()
	doc := map[string]any{"apiVersion": APIVersion, "kind": Kind, "metadata": map[string]any{"name": "be", "namespace": "ns"}, "spec": spec}
	b, err := yaml.Marshal(doc)
	require.NoError(t, err)
	n, err := yaml.Parse(string(b))
	require.NoError(t, err)
	s, errs := Decode(n)
	out, gerrs := Generate(s)
	errs = mergeErrs(errs, gerrs)
	if out != nil {
		errs = append(errs, out.Warnings...)
	}
	return errs
}

func assertNotEchoed(t *testing.T, errs FieldErrors, secrets ...string) {
	t.Helper()
	for _, e := range errs {
		for _, s := range secrets {
			assert.NotContains(t, e.Message, s, "message at %s echoes a credential", e.Path)
			assert.NotContains(t, strings.ToLower(e.Message), strings.ToLower(s), "message at %s echoes a credential (case-folded)", e.Path)
			assert.NotContains(t, e.Path, s, "field path echoes a credential")
			if v, ok := e.Value.(string); ok {
				assert.NotContains(t, v, s, "result value at %s echoes a credential", e.Path)
			}
		}
	}
}

// TestAuthValuesNeverEchoed is the class test: every string field under
// spec.auth, given a key-shaped or merely invalid value, a list of it, or
// a key-shaped field name next to it, yields errors that never repeat the
// key (a merely invalid value is reported; TestNonSecretAuthValuesQuoted
// checks it is quoted).
func TestAuthValuesNeverEchoed(t *testing.T) {
	paths := authStringPaths(reflect.TypeOf(Auth{}), nil)
	require.Greater(t, len(paths), 20, "the walk must reach the nested OIDC and federation fields")
	for _, p := range paths {
		t.Run(strings.Join(p, "."), func(t *testing.T) {
			reported := 0
			for _, v := range []any{keySentinel, plainSentinel, []any{keySentinel}, map[string]any{"x": keySentinel}} {
				spec := specFor(p[0])
				auth := map[string]any{}
				setPath(auth, p, v)
				spec["auth"] = auth
				errs := problems(t, spec)
				reported += len(errs)
				// a plain invalid value under spec.auth (a region, project,
				// tenant, name) is no credential: it may be quoted, and is
				// where that helps; only key-shaped values are never shown
				assertNotEchoed(t, errs, keySentinel)
			}
			// a key pasted as a field name next to the field
			spec := specFor(p[0])
			auth := map[string]any{}
			parent := p[:len(p)-1]
			if p[len(p)-1] == "[]" {
				parent = p[:len(p)-2]
			}
			setPath(auth, append(append([]string{}, parent...), keySentinel), "x")
			spec["auth"] = auth
			errs := problems(t, spec)
			require.NotEmpty(t, errs)
			assertNotEchoed(t, errs, keySentinel)
			assert.Positive(t, reported, "an invalid value must be reported")
		})
	}
}

// TestCredentialShapedValuesNeverEchoedAnywhere: outside spec.auth a
// key-shaped value is scrubbed from every message too.
func TestCredentialShapedValuesNeverEchoedAnywhere(t *testing.T) {
	cases := map[string]map[string]any{
		"provider":         {"provider": keySentinel},
		"schema name":      {"provider": "openai", "schema": map[string]any{"name": keySentinel}, "auth": map[string]any{"secretRef": map[string]any{"name": "k"}}},
		"schema version":   {"provider": "openai", "schema": map[string]any{"version": keySentinel}, "auth": map[string]any{"secretRef": map[string]any{"name": "k"}}},
		"hostname":         {"provider": "openai-compatible", "endpoint": map[string]any{"hostname": keySentinel}},
		"hostname in URL":  {"provider": "openai-compatible", "endpoint": map[string]any{"hostname": "https://" + keySentinel + "@llm.example.com/v1"}},
		"service name":     {"provider": "openai-compatible", "endpoint": map[string]any{"service": map[string]any{"name": keySentinel}}},
		"tls hostname":     {"provider": "openai-compatible", "endpoint": map[string]any{"hostname": "llm.example.com"}, "tls": map[string]any{"hostname": keySentinel}},
		"ca ref":           {"provider": "openai-compatible", "endpoint": map[string]any{"hostname": "llm.example.com"}, "tls": map[string]any{"caCertificateRefs": []any{keySentinel}}},
		"label value":      {"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "k"}}, "labels": map[string]any{"team": keySentinel}},
		"header value":     {"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "k"}}, "headerMutation": map[string]any{"set": []any{map[string]any{"name": "x-team", "value": keySentinel}}}},
		"header value int": {"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "k"}}, "headerMutation": map[string]any{"set": []any{map[string]any{"name": "x-team", "value": []any{keySentinel}}}}},
		"body value":       {"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "k"}}, "bodyMutation": map[string]any{"set": []any{map[string]any{"path": "user", "value": keySentinel}}}},
		"body JSON value":  {"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "k"}}, "bodyMutation": map[string]any{"set": []any{map[string]any{"path": "metadata", "value": `{"key": "` + keySentinel + `"`}}}},
		"body path":        {"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "k"}}, "bodyMutation": map[string]any{"set": []any{map[string]any{"path": keySentinel, "value": "1"}}}},
		"unknown key":      {"provider": "openai", keySentinel: "x"},
	}
	for name, spec := range cases {
		t.Run(name, func(t *testing.T) {
			errs := problems(t, spec)
			require.NotEmpty(t, errs, "a credential-shaped value here is always an error")
			assertNotEchoed(t, errs, keySentinel, "Q7wXe9Rt2Yu4Io6Pa8Sd0Fg1Hj3Kl5Zx7Cv9Bn")
		})
	}
}

func TestLooksLikeCredential(t *testing.T) {
	for _, s := range []string{
		keySentinel, "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv", "sk-or-v1-0123456789abcdef0123456789abcdef0123456789", "xai-AbCdEfGhIjKlMnOpQrSt",
		"gsk_AbCdEfGhIjKlMnOpQrStUv", "hf_AbCdEfGhIjKlMnOpQrStUv", "nvapi-AbCdEfGhIjKlMnOpQrStUv", "AKIAIOSFODNN7EXAMPLE",
		"AIzaSyA-1234567890abcdefghijklmnopqrstu", "Bearer abcdef123456", "basic dXNlcjpwYXNzd29yZA==",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", `"sk-proj-Q7wXe9Rt2Yu4Io6Pa8Sd0Fg1Hj3"`,
		"-----BEGIN RSA PRIVATE KEY-----\nMIIE...",
	} {
		assert.True(t, looksLikeCredential(s), "%q", s)
	}
	for _, s := range []string{
		"openai-api-key", "sk-cluster-prod-west-1", "task-abcdefghijklmnopqrstuvwxyz", "max_tokens", "0.2", "true",
		"gpt-4o-mini", "us-east-1", "llm.example.com", "hf-router", "Bearer", "arn:aws:iam::123456789012:role/bedrock",
		"2025-01-01-preview", "contoso.onmicrosoft.com",
	} {
		assert.False(t, looksLikeCredential(s), "%q", s)
	}
}

func TestCredentialMutationsRefused(t *testing.T) {
	cases := []struct {
		name, body string
		path, frag string // "" path: must be accepted
	}{
		{"body api_key", "bodyMutation: {set: [{path: api_key, value: x}]}", "spec.bodyMutation.set[0].path", "credential in every request body"},
		{"body apiKey", "bodyMutation: {set: [{path: apiKey, value: x}]}", "spec.bodyMutation.set[0].path", "credential"},
		{"body Authorization", "bodyMutation: {set: [{path: Authorization, value: x}]}", "spec.bodyMutation.set[0].path", "credential"},
		{"body access-token", "bodyMutation: {set: [{path: access-token, value: x}]}", "spec.bodyMutation.set[0].path", "credential"},
		{"body key value", "bodyMutation: {set: [{path: user, value: '\"" + keySentinel + "\"'}]}", "spec.bodyMutation.set[0].value", "looks like an API key"},
		{"body max_tokens ok", "bodyMutation: {set: [{path: max_tokens, value: '512'}]}", "", ""},
		{"body token_budget ok", "bodyMutation: {set: [{path: token_budget, value: '5'}]}", "", ""},
		{"header x-auth-token", "headerMutation: {set: [{name: X-Auth-Token, value: x}]}", "spec.headerMutation.set[0].name", "credential inline"},
		{"header x-goog-api-key", "headerMutation: {set: [{name: x-goog-api-key, value: x}]}", "spec.headerMutation.set[0].name", "credential inline"},
		{"header x-amz-security-token", "headerMutation: {set: [{name: x-amz-security-token, value: x}]}", "spec.headerMutation.set[0].name", "credential inline"},
		{"header bearer value", "headerMutation: {set: [{name: x-forward, value: 'Bearer abcdef0123456789'}]}", "spec.headerMutation.set[0].value", "looks like an API key"},
		{"header ok", "headerMutation: {set: [{name: x-team, value: platform}]}", "", ""},
		{"header remove authorization ok", "headerMutation: {remove: [authorization]}", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := run(t, specYAML("provider: openai\nauth: {secretRef: {name: k}}\n"+tc.body))
			if tc.path == "" {
				require.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1, "%v", errs)
			assert.Equal(t, tc.path, errs[0].Path)
			assert.Contains(t, errs[0].Message, tc.frag)
			assertNotEchoed(t, errs, keySentinel, "abcdef0123456789")
		})
	}
}

// TestYAML11Traps: zero-led integers and yes/no/on/off are refused with
// the reason, once, with no follow-on problem or warning.
func TestYAML11Traps(t *testing.T) {
	cases := []struct {
		name, body, path string
		frags            []string
	}{
		{"port 0443", "provider: openai-compatible\nendpoint: {hostname: a.example.com, port: 0443}", "spec.endpoint.port", []string{"leading zero", "octal number 291, not 443", "write 443"}},
		{"port 0999 not octal", "provider: openai-compatible\nendpoint: {hostname: a.example.com, port: 08080}", "spec.endpoint.port", []string{"leading zero", "write 8080"}},
		{"service port 011434", "provider: ollama\nendpoint: {service: {name: ollama, port: 011434}}", "spec.endpoint.service.port", []string{"octal number 4892", "write 11434"}},
		{"port hex", "provider: openai-compatible\nendpoint: {hostname: a.example.com, port: 0x1bb}", "spec.endpoint.port", []string{"not a plain decimal number"}},
		{"port underscore", "provider: openai-compatible\nendpoint: {hostname: a.example.com, port: 4_43}", "spec.endpoint.port", []string{"not a plain decimal number"}},
		{"port quoted", "provider: openai-compatible\nendpoint: {hostname: a.example.com, port: '443'}", "spec.endpoint.port", []string{"write it without quotes"}},
		{"enabled yes", "provider: openai\ntls: {enabled: yes}\nauth: {secretRef: {name: k}}", "spec.tls.enabled", []string{"YAML 1.2 reads yes as a string", "write true"}},
		{"enabled On", "provider: openai\ntls: {enabled: On}\nauth: {secretRef: {name: k}}", "spec.tls.enabled", []string{"YAML 1.2 reads On as a string", "write true"}},
		{"enabled off", "provider: openai\ntls: {enabled: off}\nauth: {secretRef: {name: k}}", "spec.tls.enabled", []string{"YAML 1.2 reads off as a string", "write false"}},
		{"enabled n", "provider: openai\ntls: {enabled: n}\nauth: {secretRef: {name: k}}", "spec.tls.enabled", []string{"YAML 1.2 reads n as a string", "write false"}},
		{"enabled quoted true", "provider: openai\ntls: {enabled: 'true'}\nauth: {secretRef: {name: k}}", "spec.tls.enabled", []string{"write it without quotes"}},
		{"enabled quoted no", "provider: openai\ntls: {enabled: \"no\"}\nauth: {secretRef: {name: k}}", "spec.tls.enabled", []string{"write false without quotes"}},
		{"enabled words", "provider: openai\ntls: {enabled: yes please}\nauth: {secretRef: {name: k}}", "spec.tls.enabled", []string{"must be true or false"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := problemsBody(t, tc.body)
			require.Len(t, errs, 1, "one problem, one message (no warning either): %v", errs)
			assert.Equal(t, tc.path, errs[0].Path)
			for _, f := range tc.frags {
				assert.Contains(t, errs[0].Message, f)
			}
			assert.NotContains(t, errs[0].Message, "write it without quotes; ", "no quote advice for unquoted text")
		})
	}
	// a plain decimal and a real boolean still decode
	errs := problemsBody(t, "provider: openai-compatible\nendpoint: {hostname: a.example.com, port: 8443}\ntls: {enabled: true}")
	assert.Empty(t, errs)
}

// problemsBody is problems for a spec body written as YAML text, so that
// scalars keep their spelling (re-marshalling a map would turn 0443 into
// 291 or yes into "yes" before the decoder sees them).
func problemsBody(t *testing.T, body string) FieldErrors {
	t.Helper()
	n, err := yaml.Parse(specYAML(body))
	require.NoError(t, err)
	s, errs := Decode(n)
	out, gerrs := Generate(s)
	errs = mergeErrs(errs, gerrs)
	if out != nil {
		errs = append(errs, out.Warnings...)
	}
	return errs
}

func TestProviderSuggestions(t *testing.T) {
	cases := map[string][]string{
		"bedrock":       {`"aws-bedrock"`, "aws-anthropic"},
		"Bedrock":       {`"aws-bedrock"`},
		"aws":           {`"aws-bedrock"`},
		"vertex":        {`"gcp-vertex-ai"`},
		"vertex-ai":     {`"gcp-vertex-ai"`},
		"azure":         {`"azure-openai"`, "azure-openai-v1"},
		"claude":        {`"anthropic"`, "aws-anthropic or gcp-anthropic"},
		"gpt":           {`"openai"`},
		"chatgpt":       {`"openai"`},
		"GPT-4o":        {`"openai"`},
		"google":        {`"gemini"`, "gcp-vertex-ai"},
		"grok":          {`"xai"`},
		"open-ai":       {`"openai"`},
		"openai_compat": {`"openai-compatible"`},
		"llamacpp":      {`"llama-cpp"`},
		"LMStudio":      {`"lm-studio"`},
		"nvidia":        {`"nvidia-nim"`},
		"hugging-face":  {`"huggingface"`},
		"open-router":   {`"openrouter"`},
		"perplexity-ai": {`"perplexity"`},
	}
	for name, frags := range cases {
		t.Run(name, func(t *testing.T) {
			_, errs := run(t, specYAML("provider: "+name+"\nauth: {secretRef: {name: k}}"))
			require.Len(t, errs, 1, "%v", errs)
			assert.Equal(t, "spec.provider", errs[0].Path)
			for _, f := range frags {
				assert.Contains(t, errs[0].Message, f)
			}
		})
	}
	_, errs := run(t, specYAML("provider: zzzzzz"))
	require.Len(t, errs, 1)
	assert.NotContains(t, errs[0].Message, "did you mean")
}

// TestNoCascades: one problem, one error. Each spec has exactly one
// mistake; nothing that follows from it may be reported too.
func TestNoCascades(t *testing.T) {
	cases := []struct{ name, body, path, frag string }{
		{"unknown provider with region and aws auth", "provider: bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {region: us-east-1}}", "spec.provider", `"aws-bedrock"`},
		{"unknown provider with resource", "provider: azure\nendpoint: {resource: contoso}\nauth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s}}}", "spec.provider", `"azure-openai"`},
		{"unknown provider with gcp auth", "provider: vertex\nendpoint: {region: us-central1}\nauth: {gcp: {projectName: my-project}}", "spec.provider", `"gcp-vertex-ai"`},
		{"service as a string", "provider: openai-compatible\nendpoint: {service: ollama}", "spec.endpoint.service", "service: {name: ollama, namespace:"},
		{"endpoint as a string", "provider: openai-compatible\nendpoint: llm.example.com", "spec.endpoint", "endpoint: {hostname: llm.example.com}"},
		{"ca refs as objects", "provider: openai-compatible\nendpoint: {hostname: a.example.com}\ntls: {caCertificateRefs: [{name: internal-ca}]}", "spec.tls.caCertificateRefs[0]", "caCertificateRefs: [internal-ca]"},
		{"ca refs as a string", "provider: openai-compatible\nendpoint: {hostname: a.example.com}\ntls: {caCertificateRefs: internal-ca}", "spec.tls.caCertificateRefs", "caCertificateRefs: [internal-ca]"},
		{"tls as a boolean", "provider: openai\ntls: false\nauth: {secretRef: {name: k}}", "spec.tls", "tls: {enabled: true} or tls: {enabled: false}"},
		{"schema as a string", "provider: openai\nschema: OpenAI\nauth: {secretRef: {name: k}}", "spec.schema", "schema: {name: OpenAI}"},
		{"header set as a map", "provider: openai\nauth: {secretRef: {name: k}}\nheaderMutation: {set: {x-team: a}}", "spec.headerMutation.set", "[{name: <header>, value: <value>}]"},
		{"user-info hostname", "provider: openai-compatible\nendpoint: {hostname: 'user:pw@llm.example.com'}", "spec.endpoint.hostname", "user-info"},
		{"misspelt hostname", "provider: openai-compatible\nendpoint: {hostnme: llm.example.com}", "spec.endpoint.hostnme", `did you mean "hostname"`},
		{"misspelt provider", "provder: openai\nauth: {secretRef: {name: k}}", "spec.provder", `did you mean "provider"`},
		{"region as a list with a hostname", "provider: aws-bedrock\nendpoint: {hostname: bedrock.internal.example.com, region: [us-east-1]}\nauth: {aws: {}}", "spec.endpoint.region", "must be a string, not a list"},
		{"tls enabled yes with port 443", "provider: openai-compatible\nendpoint: {hostname: a.example.com}\ntls: {enabled: no}", "spec.tls.enabled", "write false"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := problemsBody(t, tc.body)
			require.Len(t, errs, 1, "%v", errs)
			assert.Equal(t, tc.path, errs[0].Path)
			assert.Contains(t, errs[0].Message, tc.frag)
		})
	}
}

func TestHostnameUserInfo(t *testing.T) {
	for _, h := range []string{"user:pw@llm.example.com", "user@llm.example.com", "https://user:pw@llm.example.com/v1"} {
		msg := checkHostname(h)
		assert.Contains(t, msg, `"llm.example.com"`, h)
		assert.NotContains(t, msg, "contain a port", h)
		assert.NotContains(t, msg, "pw", h)
		_, errs := run(t, specYAML("provider: openai-compatible\nendpoint: {hostname: '"+h+"'}"))
		require.Len(t, errs, 1)
		assert.Nil(t, errs[0].Value, "a hostname with user-info is not echoed in the result value")
	}
	assert.Contains(t, checkHostname("llm.example.com:8443"), "must not contain a port")
}

// TestCatalogAdditions pins what the newer entries emit: the path that
// reaches the provider, the port, and the credential block.
func TestCatalogAdditions(t *testing.T) {
	cases := []struct {
		name, body       string
		host             string
		port             int
		prefix, policy   string
		tls              bool
		wantPolicyAbsent bool
	}{
		{"openrouter", "provider: openrouter\nauth: {secretRef: {name: k}}", "openrouter.ai", 443, "/api/v1", policyAPIKey, true, false},
		// "/" and not "": upstream turns an empty prefix into v1
		{"perplexity", "provider: perplexity\nauth: {secretRef: {name: k}}", "api.perplexity.ai", 443, "/", policyAPIKey, true, false},
		{"azure v1 api key", "provider: azure-openai-v1\nendpoint: {resource: contoso}\nauth: {secretRef: {name: k}}", "contoso.openai.azure.com", 443, "/openai/v1", policyAzureAPIKey, true, false},
		{"azure v1 entra", "provider: azure-openai-v1\nendpoint: {resource: contoso}\nauth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s}}}", "contoso.openai.azure.com", 443, "/openai/v1", policyAzureCredentials, true, false},
		{"azure v1 foundry hostname", "provider: azure-openai-v1\nendpoint: {hostname: contoso.services.ai.azure.com}\nauth: {secretRef: {name: k}}", "contoso.services.ai.azure.com", 443, "/openai/v1", policyAzureAPIKey, true, false},
		{"cohere compat", "provider: cohere-compat\nauth: {secretRef: {name: k}}", "api.cohere.ai", 443, "/compatibility/v1", policyAPIKey, true, false},
		{"fireworks", "provider: fireworks\nauth: {secretRef: {name: k}}", "api.fireworks.ai", 443, "/inference/v1", policyAPIKey, true, false},
		{"cerebras", "provider: cerebras\nauth: {secretRef: {name: k}}", "api.cerebras.ai", 443, "/v1", policyAPIKey, true, false},
		{"nvidia nim", "provider: nvidia-nim\nauth: {secretRef: {name: k}}", "integrate.api.nvidia.com", 443, "/v1", policyAPIKey, true, false},
		{"huggingface", "provider: huggingface\nauth: {secretRef: {name: k}}", "router.huggingface.co", 443, "/v1", policyAPIKey, true, false},
		{"ollama service", "provider: ollama\nendpoint: {service: {name: ollama, namespace: models}}", "ollama.models.svc.cluster.local", 11434, "/v1", "", false, true},
		{"ollama service port", "provider: ollama\nendpoint: {service: {name: ollama, port: 80}}", "ollama.ns.svc.cluster.local", 80, "/v1", "", false, true},
		{"vllm hostname", "provider: vllm\nendpoint: {hostname: vllm.example.com}", "vllm.example.com", 8000, "/v1", "", false, true},
		{"vllm with key", "provider: vllm\nendpoint: {hostname: vllm.example.com}\nauth: {secretRef: {name: k}}", "vllm.example.com", 8000, "/v1", policyAPIKey, false, false},
		{"llama.cpp", "provider: llama-cpp\nendpoint: {service: {name: llama}}", "llama.ns.svc.cluster.local", 8080, "/v1", "", false, true},
		{"lm studio behind TLS", "provider: lm-studio\nendpoint: {hostname: lms.example.com, port: 443}", "lms.example.com", 443, "/v1", "", true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objs, errs := run(t, specYAML(tc.body))
			require.Empty(t, errs)
			fq := objs[KindBackend].Spec.(backendSpec).Endpoints[0].FQDN
			assert.Equal(t, tc.host, fq.Hostname)
			assert.Equal(t, tc.port, fq.Port)
			asb := objs[KindAIServiceBackend].Spec.(aiServiceBackendSpec)
			assert.Equal(t, SchemaOpenAI, asb.Schema.Name)
			assert.Equal(t, tc.prefix, asb.Schema.Prefix)
			assert.Empty(t, asb.Schema.Version)
			_, hasTLS := objs[KindBackendTLSPolicy]
			assert.Equal(t, tc.tls, hasTLS)
			bsp, hasBSP := objs[KindBackendSecurityPolicy]
			assert.Equal(t, !tc.wantPolicyAbsent, hasBSP)
			if hasBSP {
				assert.Equal(t, tc.policy, bsp.Spec.(backendSecurityPolicySpec).Type)
			}
		})
	}
}

// TestAzureV1Refusals: combinations that cannot reach the v1 API.
func TestAzureV1Refusals(t *testing.T) {
	cases := []struct{ name, body, path, frag string }{
		{"api-version", "provider: azure-openai-v1\nendpoint: {resource: contoso}\nschema: {version: 2025-01-01-preview}\nauth: {secretRef: {name: k}}", "spec.schema.version", "takes no api-version"},
		{"other prefix", "provider: azure-openai-v1\nendpoint: {resource: contoso}\nschema: {prefix: /openai/deployments/gpt-4o}\nauth: {secretRef: {name: k}}", "spec.schema.prefix", `must be "/openai/v1"`},
		{"no resource", "provider: azure-openai-v1\nauth: {secretRef: {name: k}}", "spec.endpoint.resource", "is required for azure-openai-v1"},
		{"no auth", "provider: azure-openai-v1\nendpoint: {resource: contoso}", "spec.auth", "is required for azure-openai-v1"},
		{"aws auth", "provider: azure-openai-v1\nendpoint: {resource: contoso}\nauth: {aws: {}}", "spec.auth.aws", "does not apply to azure-openai-v1"},
		{"api-key header by hand", "provider: azure-openai-v1\nendpoint: {resource: contoso}\nauth: {secretRef: {name: k}}\nheaderMutation: {set: [{name: api-key, value: x}]}", "spec.headerMutation.set[0].name", "credential inline"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := run(t, specYAML(tc.body))
			require.Len(t, errs, 1, "%v", errs)
			assert.Equal(t, tc.path, errs[0].Path)
			assert.Contains(t, errs[0].Message, tc.frag)
		})
	}
	// the prefix written out as the catalog has it is fine
	_, errs := run(t, specYAML("provider: azure-openai-v1\nendpoint: {resource: contoso}\nschema: {prefix: /openai/v1}\nauth: {secretRef: {name: k}}"))
	assert.Empty(t, errs)
}

// mergeErrs adds Generate's problems to Decode's, leaving out the ones
// Generate hands back when all it found followed from them (fn drops
// those the same way, by path).
func mergeErrs(decoded, generated FieldErrors) FieldErrors {
	seen := map[FieldError]bool{}
	for _, e := range decoded {
		seen[FieldError{Path: e.Path, Message: e.Message}] = true
	}
	for _, e := range generated {
		if !seen[FieldError{Path: e.Path, Message: e.Message}] {
			decoded = append(decoded, e)
		}
	}
	return decoded
}

// TestDecodeErrorsNeverGiveObjects: when everything Generate would report
// follows from Decode's problems (misspelt top-level keys: found by
// FuzzDecodeGenerate), it still returns no objects.
func TestDecodeErrorsNeverGiveObjects(t *testing.T) {
	n, err := yaml.Parse("AVersion: \nnd: \netAAtA:\neC:")
	require.NoError(t, err)
	spec, derrs := Decode(n)
	require.NotEmpty(t, derrs)
	out, gerrs := Generate(spec)
	assert.Nil(t, out)
	assert.Equal(t, derrs, gerrs)
}

// TestNonSecretAuthValuesQuoted: regions, projects, tenants, names and
// header names under spec.auth are no secrets, so a wrong one is quoted
// (the old "(values under spec.auth are never repeated in messages)"
// left the user guessing which value was meant).
func TestNonSecretAuthValuesQuoted(t *testing.T) {
	cases := map[string]struct {
		spec map[string]any
		path string
		want string
	}{
		"aws region":      {map[string]any{"provider": "aws-bedrock", "endpoint": map[string]any{"region": "us-east-1"}, "auth": map[string]any{"aws": map[string]any{"region": "US East"}}}, "spec.auth.aws.region", `"US East"`},
		"gcp project":     {map[string]any{"provider": "gcp-vertex-ai", "endpoint": map[string]any{"region": "us-central1"}, "auth": map[string]any{"gcp": map[string]any{"projectName": "My_Project"}}}, "spec.auth.gcp.projectName", `"My_Project"`},
		"gcp region":      {map[string]any{"provider": "gcp-vertex-ai", "endpoint": map[string]any{"region": "us-central1"}, "auth": map[string]any{"gcp": map[string]any{"projectName": "my-project", "region": "Central US"}}}, "spec.auth.gcp.region", `"Central US"`},
		"azure tenant":    {map[string]any{"provider": "azure-openai", "endpoint": map[string]any{"resource": "contoso"}, "schema": map[string]any{"version": "2025-01-01-preview"}, "auth": map[string]any{"azure": map[string]any{"clientID": "c", "tenantID": "contoso tenant", "clientSecretRef": map[string]any{"name": "s"}}}}, "spec.auth.azure.tenantID", `"contoso tenant"`},
		"secret name":     {map[string]any{"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "OpenAI Key"}}}, "spec.auth.secretRef.name", `"OpenAI Key"`},
		"override header": {map[string]any{"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "k"}, "override": map[string]any{"fromRequestHeaders": map[string]any{"header": "x tenant"}}}}, "spec.auth.override.fromRequestHeaders.header", `"x tenant"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			errs := problems(t, c.spec)
			var msgs []string
			for _, e := range errs {
				if e.Path == c.path {
					msgs = append(msgs, e.Message)
					assert.Contains(t, e.Message, c.want)
					assert.NotContains(t, e.Message, "never repeated")
				}
			}
			assert.Len(t, msgs, 1, "one error at %s: %v", c.path, errs)
		})
	}
}

// TestOverrideRefusesKeyShapedNames: the override names a header or a
// metadata key; a pasted key there is refused like anywhere else, and the
// message says so without printing it.
func TestOverrideRefusesKeyShapedNames(t *testing.T) {
	for _, o := range []map[string]any{
		{"fromDynamicMetadata": map[string]any{"namespace": "envoy.filters.http.ext_authz", "key": keySentinel}},
		{"fromDynamicMetadata": map[string]any{"namespace": keySentinel, "key": "x"}},
		{"fromRequestHeaders": map[string]any{"header": keySentinel}},
	} {
		errs := problems(t, map[string]any{"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "k"}, "override": o}})
		require.NotEmpty(t, errs, "%v", o)
		assert.Contains(t, errs.Error(), "looks like a credential")
		assertNotEchoed(t, errs, keySentinel)
	}
}

// TestShapeErrorsGiveTheRightForm: a block written as a single value gets
// one error whose advice matches what was written (a region is advised as
// a region, a header name as the override's header, a Secret name as a
// reference) and nothing that merely follows from it.
func TestShapeErrorsGiveTheRightForm(t *testing.T) {
	cases := map[string]struct {
		spec map[string]any
		path string
		want string
	}{
		"regions as a string":            {map[string]any{"provider": "aws-bedrock", "endpoint": map[string]any{"regions": "us-east-1"}}, "spec.endpoint.regions", "write regions: [us-east-1]"},
		"gcp regions as a string":        {map[string]any{"provider": "gcp-vertex-ai", "endpoint": map[string]any{"regions": "us-central1"}, "auth": map[string]any{"gcp": map[string]any{"projectName": "my-project"}}}, "spec.endpoint.regions", "write regions: [us-central1]"},
		"bedrock endpoint as a region":   {map[string]any{"provider": "aws-bedrock", "endpoint": "us-east-1"}, "spec.endpoint", "write endpoint: {region: us-east-1}"},
		"endpoint as a hostname":         {map[string]any{"provider": "openai-compatible", "endpoint": "llm.example.com"}, "spec.endpoint", "write endpoint: {hostname: llm.example.com}"},
		"override as a header":           {map[string]any{"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "k"}, "override": "x-tenant-key"}}, "spec.auth.override", "override: {fromRequestHeaders: {header: x-tenant-key}}"},
		"fromRequestHeaders as a header": {map[string]any{"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "k"}, "override": map[string]any{"fromRequestHeaders": "x-tenant-key"}}}, "spec.auth.override.fromRequestHeaders", "fromRequestHeaders: {header: x-tenant-key}"},
		"secretRef as a name":            {map[string]any{"provider": "openai", "auth": map[string]any{"secretRef": "openai-key"}}, "spec.auth.secretRef", "secretRef: {name: openai-key}"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			errs := problems(t, c.spec)
			require.Len(t, errs, 1, "one error: %v", errs)
			assert.Equal(t, c.path, errs[0].Path)
			assert.Contains(t, errs[0].Message, c.want)
			assert.NotContains(t, errs[0].Message, "inline secret")
			assert.NotContains(t, errs[0].Message, "hostname: us-east-1")
		})
	}
	// a key written where a block belongs is still refused without echo
	errs := problems(t, map[string]any{"provider": "openai", "auth": map[string]any{"override": keySentinel}})
	assertNotEchoed(t, errs, keySentinel)
	assert.Contains(t, errs.Error(), "inline secret values are refused")
}
