package check

import (
	"bytes"
	"strings"
	"testing"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// A complete, consistent backend set: every reference resolves.
const good = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: openai, namespace: ai}
spec:
  endpoints: [{fqdn: {hostname: api.openai.com, port: 443}}]
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: openai, namespace: ai}
spec:
  schema: {name: OpenAI}
  backendRef: {name: openai, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: openai-tls, namespace: ai}
spec:
  targetRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: openai}]
  validation:
    hostname: api.openai.com
    caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ca, namespace: ai}
data: {ca.crt: x}
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata: {name: openai-auth, namespace: ai}
spec:
  type: APIKey
  apiKey: {secretRef: {name: key}}
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: openai}]
---
apiVersion: v1
kind: Secret
metadata: {name: key, namespace: ai}
stringData: {apiKey: k}
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIGatewayRoute
metadata: {name: route, namespace: ai}
spec:
  rules:
  - backendRefs:
    - name: openai
    - {name: pool, group: inference.networking.k8s.io, kind: InferencePool}
`

func run(t *testing.T, stream string, opt Options) sdk.Results {
	t.Helper()
	res, err := Stream([]Input{{Label: "build.yaml", Data: []byte(stream)}}, opt)
	require.NoError(t, err)
	return res
}

// brief is "severity rule field (Kind name)" per result.
func brief(res sdk.Results) []string {
	var out []string
	for _, r := range res {
		out = append(out, string(r.Severity)+" "+r.Tags["rule"]+" "+r.Field.Path+" ("+r.ResourceRef.Kind+" "+r.ResourceRef.Name+")")
	}
	return out
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(string) string
		opt  Options
		want []string
	}{
		{name: "consistent build", edit: func(s string) string { return s }},
		{name: "AIServiceBackend names a missing Backend",
			edit: func(s string) string {
				return strings.Replace(s, "backendRef: {name: openai,", "backendRef: {name: openai-x,", 1)
			},
			want: []string{"error dangling-reference spec.backendRef (AIServiceBackend openai)"}},
		{name: "route names a renamed AIServiceBackend",
			edit: func(s string) string { return strings.Replace(s, "    - name: openai\n", "    - name: gpt\n", 1) },
			want: []string{"error dangling-reference spec.rules[0].backendRefs[0] (AIGatewayRoute route)"}},
		{name: "route in another namespace",
			edit: func(s string) string {
				return strings.Replace(s, "metadata: {name: route, namespace: ai}", "metadata: {name: route, namespace: web}", 1)
			},
			want: []string{"error namespace-mismatch spec.rules[0].backendRefs[0] (AIGatewayRoute route)"}},
		{name: "route with an explicit namespace resolves",
			edit: func(s string) string {
				s = strings.Replace(s, "metadata: {name: route, namespace: ai}", "metadata: {name: route, namespace: web}", 1)
				return strings.Replace(s, "    - name: openai\n", "    - {name: openai, namespace: ai}\n", 1)
			}},
		{name: "TLS policy and CA bundle",
			edit: func(s string) string {
				s = strings.Replace(s, "kind: Backend, name: openai}", "kind: Backend, name: gone}", 1)
				return strings.Replace(s, "data: {ca.crt: x}", "data: {tls.crt: x}", 1)
			},
			want: []string{"error dangling-reference spec.targetRefs[0] (BackendTLSPolicy openai-tls)",
				"warning ca-bundle-missing-key spec.validation.caCertificateRefs[0] (BackendTLSPolicy openai-tls)"}},
		{name: "missing CA ConfigMap",
			edit: func(s string) string {
				return strings.Replace(s, "kind: ConfigMap, name: ca}", "kind: ConfigMap, name: ca2}", 1)
			},
			want: []string{"error dangling-reference spec.validation.caCertificateRefs[0] (BackendTLSPolicy openai-tls)"}},
		{name: "policy targets a missing AIServiceBackend",
			edit: func(s string) string {
				return strings.Replace(s, "kind: AIServiceBackend, name: openai}", "kind: AIServiceBackend, name: oai}", 1)
			},
			want: []string{"error dangling-reference spec.targetRefs[0] (BackendSecurityPolicy openai-auth)"}},
		{name: "other policy kinds' targetRefs (QuotaPolicy)",
			edit: func(s string) string {
				return s + "---\napiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: QuotaPolicy\nmetadata: {name: q, namespace: ai}\nspec:\n  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: nope}]\n"
			},
			want: []string{"error dangling-reference spec.targetRefs[0] (QuotaPolicy q)"}},
		{name: "missing Secret is a warning by default",
			edit: func(s string) string {
				return strings.Replace(s, "secretRef: {name: key}", "secretRef: {name: key2}", 1)
			},
			want: []string{"warning secret-not-in-build spec.apiKey.secretRef (BackendSecurityPolicy openai-auth)"}},
		{name: "Secret renamed by a generator hash is a dangling reference",
			edit: func(s string) string {
				return strings.Replace(s, "metadata: {name: key, namespace: ai}", "metadata: {name: key-5f8h2k9m7t, namespace: ai}", 1)
			},
			opt:  Options{Secrets: SecretsIgnore},
			want: []string{"error dangling-reference spec.apiKey.secretRef (BackendSecurityPolicy openai-auth)"}},
		{name: "Secret renamed by a prefix is a dangling reference",
			edit: func(s string) string {
				return strings.Replace(s, "metadata: {name: key, namespace: ai}", "metadata: {name: team-key-5f8h2k9m7t, namespace: ai}", 1)
			},
			want: []string{"error dangling-reference spec.apiKey.secretRef (BackendSecurityPolicy openai-auth)"}},
		{name: "a Secret whose name only contains the reference is no rename",
			edit: func(s string) string {
				return strings.Replace(s, "metadata: {name: key, namespace: ai}", "metadata: {name: monkeys, namespace: ai}", 1)
			},
			want: []string{"warning secret-not-in-build spec.apiKey.secretRef (BackendSecurityPolicy openai-auth)"}},
		{name: "missing Secret as an error",
			edit: func(s string) string {
				return strings.Replace(s, "secretRef: {name: key}", "secretRef: {name: key2}", 1)
			},
			opt:  Options{Secrets: SecretsError},
			want: []string{"error secret-not-in-build spec.apiKey.secretRef (BackendSecurityPolicy openai-auth)"}},
		{name: "missing Secret ignored",
			edit: func(s string) string {
				return strings.Replace(s, "secretRef: {name: key}", "secretRef: {name: key2}", 1)
			},
			opt: Options{Secrets: SecretsIgnore}},
		{name: "Secret without the key follows spec.secrets",
			edit: func(s string) string {
				return strings.Replace(s, "stringData: {apiKey: k}", "stringData: {api-key: k}", 1)
			},
			opt:  Options{Secrets: SecretsError},
			want: []string{"error secret-missing-key data (Secret key)"}},
		{name: "ExternalSecret delivers the Secret (default target name)",
			edit: func(s string) string {
				s = strings.Replace(s, "kind: Secret\nmetadata: {name: key, namespace: ai}", "kind: Secret\nmetadata: {name: other, namespace: ai}", 1)
				return s + "---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: key, namespace: ai}\nspec:\n  dataFrom: [{extract: {key: openai}}]\n"
			}},
		{name: "ExternalSecret target name",
			edit: func(s string) string {
				s = strings.Replace(s, "kind: Secret\nmetadata: {name: key, namespace: ai}", "kind: Secret\nmetadata: {name: other, namespace: ai}", 1)
				return s + "---\napiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: es, namespace: ai}\nspec:\n  target: {name: key}\n  data: [{secretKey: token, remoteRef: {key: k}}]\n"
			},
			want: []string{"warning secret-not-in-build spec.apiKey.secretRef (BackendSecurityPolicy openai-auth)"}},
		{name: "SealedSecret delivers the Secret",
			edit: func(s string) string {
				s = strings.Replace(s, "kind: Secret\nmetadata: {name: key, namespace: ai}", "kind: Secret\nmetadata: {name: other, namespace: ai}", 1)
				return s + "---\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: key, namespace: ai}\nspec:\n  encryptedData: {apiKey: AgB}\n"
			}},
		{name: "lint rules run over hand-written objects",
			edit: func(s string) string {
				return strings.Replace(s, "hostname: api.openai.com\n", "hostname: openai.com\n", 1)
			},
			want: []string{"warning tls-hostname-mismatch spec.validation.hostname (BackendTLSPolicy openai-tls)"}},
		{name: "a lint error stays an error (unknown field)",
			edit: func(s string) string {
				return strings.Replace(s, "  schema: {name: OpenAI}\n", "  schema: {name: OpenAI}\n  timeouts: {request: 60s}\n", 1)
			},
			want: []string{"error unknown-field spec.timeouts (AIServiceBackend openai)"}},
		{name: "local-config objects are not part of the build",
			edit: func(s string) string {
				return s + "---\napiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIServiceBackend\nmetadata:\n  name: x\n  namespace: ai\n  annotations: {config.kubernetes.io/local-config: \"true\"}\nspec:\n  backendRef: {name: nope, kind: Backend, group: gateway.envoyproxy.io}\n"
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.edit(good)
			assert.Equal(t, tc.want, brief(run(t, in, tc.opt)))
		})
	}
}

// TestCheckPreviousNames: inside a kustomize build, objects are renamed
// before references are fixed; a reference to an earlier name resolves.
// The negative control drops the annotation.
func TestCheckPreviousNames(t *testing.T) {
	renamed := strings.Replace(good, "kind: AIServiceBackend\nmetadata: {name: openai, namespace: ai}",
		"kind: AIServiceBackend\nmetadata:\n  name: prod-openai\n  namespace: prod\n  annotations:\n    internal.config.kubernetes.io/previousNames: openai,openai\n    internal.config.kubernetes.io/previousNamespaces: ai,ai\n    internal.config.kubernetes.io/previousKinds: AIServiceBackend,AIServiceBackend\n", 1)
	require.NotEqual(t, good, renamed)
	// the AIServiceBackend's own backendRef was written in namespace ai,
	// where the Backend is
	assert.Empty(t, brief(run(t, renamed, Options{})))
	legacy := strings.ReplaceAll(renamed, "internal.config.kubernetes.io/", "config.kubernetes.io/")
	assert.Empty(t, brief(run(t, legacy, Options{})))

	control := strings.Replace(renamed, "previousNames: openai,openai", "previousNames: other,other", 1)
	assert.Equal(t, []string{
		"error dangling-reference spec.targetRefs[0] (BackendSecurityPolicy openai-auth)",
		"error dangling-reference spec.rules[0].backendRefs[0] (AIGatewayRoute route)",
	}, brief(run(t, control, Options{})))
}

func resourceList(items, fnConfig string) string {
	var b strings.Builder
	b.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n")
	for _, doc := range strings.Split(items, "---\n") {
		n, err := yaml.Parse(doc)
		if err != nil {
			panic(err)
		}
		s, _ := n.String()
		lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		for i, l := range lines {
			if i == 0 {
				b.WriteString("- " + l + "\n")
			} else {
				b.WriteString("  " + l + "\n")
			}
		}
	}
	b.WriteString("functionConfig:\n" + fnConfig)
	return b.String()
}

const checkConfig = "  apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendCheck\n  metadata: {name: check}\n"

// TestResourceListUnchanged: the function writes the input back byte for
// byte and only appends results; exit status follows error results.
func TestResourceListUnchanged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		items  string
		config string
		failed bool
		nres   int
	}{
		{name: "clean", items: good, config: checkConfig},
		{name: "dangling", items: strings.Replace(good, "    - name: openai\n", "    - name: gpt\n", 1), config: checkConfig, failed: true, nres: 1},
		{name: "secrets error", items: strings.Replace(good, "secretRef: {name: key}", "secretRef: {name: k2}", 1),
			config: checkConfig + "  spec: {secrets: error}\n", failed: true, nres: 1},
		{name: "bad config", items: good, config: checkConfig + "  spec: {secrets: loud, extra: 1}\n", failed: true, nres: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := resourceList(tc.items, tc.config)
			require.True(t, IsConfig([]byte(in)))
			out, res, failed := ResourceList([]byte(in), Options{})
			assert.Equal(t, tc.failed, failed)
			assert.Len(t, res, tc.nres, "%v", brief(res))
			require.True(t, bytes.HasPrefix(out, []byte(in)), "items must come back byte for byte")
			rest := string(out[len(in):])
			if tc.nres == 0 {
				assert.Empty(t, rest)
			} else {
				assert.True(t, strings.HasPrefix(rest, "results:\n"), rest)
			}
		})
	}
	assert.False(t, IsConfig([]byte(resourceList(good, "  apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendSpec\n  metadata: {name: x}\n"))))
}

// TestResourceListFlowStyle: input that cannot take an appended field
// keeps its items' values.
func TestResourceListExistingResults(t *testing.T) {
	in := resourceList(strings.Replace(good, "    - name: openai\n", "    - name: gpt\n", 1), checkConfig) + "results:\n- message: earlier\n  severity: info\n"
	out, res, failed := ResourceList([]byte(in), Options{})
	require.True(t, failed)
	require.Len(t, res, 1)
	a, err := yaml.Parse(in)
	require.NoError(t, err)
	b, err := yaml.Parse(string(out))
	require.NoError(t, err)
	assert.True(t, sameItems(a, b))
	assert.NotContains(t, string(out), "earlier")
}

// TestResourceListKeepsBytes: hand-formatted input (comments, flow maps,
// quoting, indentation kyaml would change, kustomize's annotations) comes
// back byte for byte, with results appended; re-encoding would not.
func TestResourceListKeepsBytes(t *testing.T) {
	in := `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
    # a comment kyaml keeps but re-indents
    -   apiVersion: aigateway.envoyproxy.io/v1beta1
        kind: AIGatewayRoute
        metadata: {name: "route", namespace: 'ai', annotations: {internal.config.kubernetes.io/path: route.yaml, config.kubernetes.io/index: '0'}}
        spec:
          rules: [ {backendRefs: [ {name: gone} ]} ]
functionConfig: {apiVersion: fn.aigw.dev/v1alpha1, kind: AIBackendCheck, metadata: {name: check}}
`
	out, res, failed := ResourceList([]byte(in), Options{})
	require.True(t, failed)
	require.Len(t, res, 1)
	assert.Equal(t, "route.yaml", res[0].File.Path)
	require.True(t, bytes.HasPrefix(out, []byte(in)), "output:\n%s", out)
	root, err := yaml.Parse(in)
	require.NoError(t, err)
	s, err := root.String()
	require.NoError(t, err)
	assert.NotEqual(t, in, s, "control: kyaml would have rewritten this input")
}

// TestRenameHint: a reference whose target exists under a prefixed name
// says so (the build lacks the name-reference configuration).
func TestRenameHint(t *testing.T) {
	in := strings.Replace(good, "kind: AIServiceBackend\nmetadata: {name: openai, namespace: ai}", "kind: AIServiceBackend\nmetadata: {name: prod-openai, namespace: ai}", 1)
	res := run(t, in, Options{})
	require.Equal(t, []string{"error dangling-reference spec.targetRefs[0] (BackendSecurityPolicy openai-auth)",
		"error dangling-reference spec.rules[0].backendRefs[0] (AIGatewayRoute route)"}, brief(res))
	for _, r := range res {
		assert.Contains(t, r.Message, "but AIServiceBackend prod-openai is: a namePrefix, nameSuffix or generator hash renamed it")
	}
	control := run(t, strings.Replace(in, "name: prod-openai,", "name: other,", 1), Options{})
	for _, r := range control {
		assert.NotContains(t, r.Message, "renamed it")
	}
}
