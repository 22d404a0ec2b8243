package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
)

// specYAML wraps a spec body (YAML under `spec:`) into a whole AIBackendSpec.
func specYAML(body string) string {
	var b strings.Builder
	b.WriteString("apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n  name: be\n  namespace: ns\nspec:\n")
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// TestShapeMistakes: each spec has one mistake of shape, type, enum,
// pattern, count or exclusive fields. The function refuses it and the
// schema must too, so editors flag it while it is typed.
func TestShapeMistakes(t *testing.T) {
	s := compiled(t)
	const key = "auth: {secretRef: {name: k}}\n"
	const oidc = "{issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}"
	many := func(n int, f string) string {
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprintf(f, i)
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	cases := []struct{ name, doc string }{
		{"wrong apiVersion", strings.Replace(specYAML("provider: openai\n"+key), "fn.aigw.dev/v1alpha1", "fn.aigw.dev/v1", 1)},
		{"wrong kind", strings.Replace(specYAML("provider: openai\n"+key), "kind: AIBackendSpec", "kind: AIBackend", 1)},
		{"no metadata.name", strings.Replace(specYAML("provider: openai\n"+key), "  name: be\n", "", 1)},
		{"uppercase name", strings.Replace(specYAML("provider: openai\n"+key), "name: be", "name: My_Backend", 1)},
		{"name too long", strings.Replace(specYAML("provider: openai\n"+key), "name: be", "name: "+strings.Repeat("a", 249), 1)},
		{"namespace with dot", strings.Replace(specYAML("provider: openai\n"+key), "namespace: ns", "namespace: a.b", 1)},
		{"unknown top-level field", specYAML("provider: openai\n"+key) + "status: {}\n"},
		{"unknown metadata field", strings.Replace(specYAML("provider: openai\n"+key), "  name: be\n", "  name: be\n  uid: x\n", 1)},
		{"typo in spec", "provider: openai\n" + key + "endpiont: {hostname: a.example.com}"},
		{"typo in auth", "provider: openai\nauth: {secretref: {name: k}}"},
		{"inline api key", "provider: openai\nauth: {apiKey: sk-123}"},
		{"auth as a string", "provider: openai\nauth: sk-123"},
		{"no spec", "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: be}\n"},
		{"no provider nor schema and endpoint", "endpoint: {hostname: a.example.com}"},
		{"schema without endpoint", "schema: {name: OpenAI}"},
		{"unknown provider", "provider: openia\n" + key},
		{"unknown schema", "provider: openai\nschema: {name: openai}\n" + key},
		{"version with a space", "provider: cohere\nschema: {version: 'v 2'}\n" + key},
		{"empty version", "provider: cohere\nschema: {version: ''}\n" + key},
		{"prefix without slash", "provider: openai-compatible\nendpoint: {hostname: a.example.com}\nschema: {prefix: v1}"},
		{"prefix trailing slash", "provider: openai-compatible\nendpoint: {hostname: a.example.com}\nschema: {prefix: /v1/}"},
		{"empty prefix", "provider: openai-compatible\nendpoint: {hostname: a.example.com}\nschema: {prefix: ''}"},
		{"port as string", "provider: openai\nendpoint: {port: '443'}\n" + key},
		{"port zero", "provider: openai\nendpoint: {port: 0}\n" + key},
		{"port too big", "provider: openai\nendpoint: {port: 65536}\n" + key},
		{"hostname IP", "provider: openai-compatible\nendpoint: {hostname: 10.0.0.1}"},
		{"hostname uppercase", "provider: openai-compatible\nendpoint: {hostname: LLM.Example.com}"},
		{"hostname single label", "provider: openai-compatible\nendpoint: {hostname: ollama}"},
		{"hostname with port", "provider: openai-compatible\nendpoint: {hostname: 'a.example.com:8443'}"},
		{"hostname URL", "provider: openai-compatible\nendpoint: {hostname: 'https://a.example.com/v1'}"},
		{"hostname label too long", "provider: openai-compatible\nendpoint: {hostname: " + strings.Repeat("a", 64) + ".example.com}"},
		{"region not a region", "provider: aws-bedrock\nendpoint: {region: US-EAST-1}"},
		{"bad azure resource", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: My_Res}\n" + key},
		{"service and hostname", "provider: openai-compatible\nendpoint: {hostname: a.example.com, service: {name: s}}"},
		{"service and region", "provider: openai-compatible\nendpoint: {region: us-east-1, service: {name: s}}"},
		{"resource and hostname", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r, hostname: r.openai.azure.com}\n" + key},
		{"service without name", "provider: openai-compatible\nendpoint: {service: {port: 80}}"},
		{"service bad name", "provider: openai-compatible\nendpoint: {service: {name: My.Svc}}"},
		{"service port zero", "provider: openai-compatible\nendpoint: {service: {name: s, port: 0}}"},
		{"tls enabled as string", "provider: openai\ntls: {enabled: 'yes'}\n" + key},
		{"tls off with hostname", "provider: openai\ntls: {enabled: false, hostname: api.openai.com}\n" + key},
		{"tls off with CAs", "provider: openai\ntls: {enabled: false, caCertificateRefs: [ca]}\n" + key},
		{"tls hostname trailing dot", "provider: openai\ntls: {hostname: api.openai.com.}\n" + key},
		{"tls too many CAs", "provider: openai\ntls: {caCertificateRefs: [a,b,c,d,e,f,g,h,i]}\n" + key},
		{"tls duplicate CA", "provider: openai\ntls: {caCertificateRefs: [ca, ca]}\n" + key},
		{"tls bad CA name", "provider: openai\ntls: {caCertificateRefs: [Bad_CA]}\n" + key},
		{"two auth blocks", "provider: openai\nauth: {secretRef: {name: k}, gcp: {projectName: my-project}}"},
		{"secretRef without name", "provider: openai\nauth: {secretRef: {namespace: ns}}"},
		{"secretRef bad name", "provider: openai\nauth: {secretRef: {name: Key_1}}"},
		{"aws both secret and oidc", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {credentialsSecretRef: {name: c}, roleArn: 'arn:aws:iam::123456789012:role/r', oidc: " + oidc + "}}"},
		{"aws oidc without roleArn", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {oidc: " + oidc + "}}"},
		{"aws roleArn without oidc", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {roleArn: 'arn:aws:iam::123456789012:role/r'}}"},
		{"aws profile without secret", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {profile: prod}}"},
		{"aws bad roleArn", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {roleArn: bedrock, oidc: " + oidc + "}}"},
		{"aws bad region", "provider: aws-bedrock\nendpoint: {hostname: bedrock.example.com}\nauth: {aws: {region: mars}}"},
		{"azure without clientID", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {tenantID: t, clientSecretRef: {name: s}}}"},
		{"azure neither secret nor oidc", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t}}"},
		{"azure both", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s}, oidc: " + oidc + "}}"},
		{"azure tenant with slash", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: a/b, clientSecretRef: {name: s}}}"},
		{"gcp without project", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\nauth: {gcp: {region: us-east1}}"},
		{"gcp bad project", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\nauth: {gcp: {projectName: P}}"},
		{"gcp bad region", "provider: gcp-vertex-ai\nendpoint: {hostname: vertex.example.com}\nauth: {gcp: {projectName: my-project, region: nowhere}}"},
		{"gcp both", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\nauth: {gcp: {projectName: my-project, credentialsSecretRef: {name: s}, workloadIdentityFederation: {projectID: p, workloadIdentityPoolName: a, workloadIdentityProviderName: b, oidc: " + oidc + "}}}"},
		{"wif incomplete", "provider: gcp-vertex-ai\nendpoint: {region: us-east1}\nauth: {gcp: {projectName: my-project, workloadIdentityFederation: {projectID: p, oidc: " + oidc + "}}}"},
		{"oidc without issuer", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, oidc: {clientID: c, clientSecretRef: {name: s}}}}"},
		{"oidc http issuer", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'http://i.example.com', clientID: c, clientSecretRef: {name: s}}}}"},
		{"oidc both client IDs", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientID: c, clientIDRef: {name: x}, clientSecretRef: {name: s}}}}"},
		{"oidc no client ID", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientSecretRef: {name: s}}}}"},
		{"oidc no client secret", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientID: c}}}"},
		{"oidc scope with space", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}, scopes: ['a b']}}}"},
		{"header name with space", "provider: openai\n" + key + "headerMutation: {set: [{name: 'x a', value: v}]}"},
		{"credential header", "provider: openai\n" + key + "headerMutation: {set: [{name: X-Api-Key, value: k}]}"},
		{"authorization header", "provider: openai\n" + key + "headerMutation: {set: [{name: AUTHORIZATION, value: k}]}"},
		{"empty header value", "provider: openai\n" + key + "headerMutation: {set: [{name: x, value: ''}]}"},
		{"header value line break", "provider: openai\n" + key + "headerMutation: {set: [{name: x, value: \"a\\nb\"}]}"},
		{"header value too long", "provider: openai\n" + key + "headerMutation: {set: [{name: x, value: " + strings.Repeat("v", 4097) + "}]}"},
		{"too many headers", "provider: openai\n" + key + "headerMutation: {set: " + many(17, "{name: h%d, value: v}") + "}"},
		{"too many header removes", "provider: openai\n" + key + "headerMutation: {remove: " + many(17, "h%d") + "}"},
		{"empty header remove", "provider: openai\n" + key + "headerMutation: {remove: ['']}"},
		{"body path empty", "provider: openai\n" + key + "bodyMutation: {set: [{path: '', value: '1'}]}"},
		{"body path with space", "provider: openai\n" + key + "bodyMutation: {set: [{path: 'a b', value: '1'}]}"},
		{"body value not a string", "provider: openai\n" + key + "bodyMutation: {set: [{path: t, value: 0.2}]}"},
		{"body value empty", "provider: openai\n" + key + "bodyMutation: {set: [{path: t, value: ''}]}"},
		{"too many body sets", "provider: openai\n" + key + "bodyMutation: {set: " + many(17, "{path: p%d, value: '1'}") + "}"},
		{"target v1 AI Gateway", "provider: openai\ntarget: {aiGatewayAPIVersion: v1}\n" + key},
		{"target v1beta1 TLS policy", "provider: openai\ntarget: {backendTLSPolicyAPIVersion: v1beta1}\n" + key},
		{"reserved label", "provider: openai\n" + key + "labels: {app.kubernetes.io/managed-by: me}"},
		{"orchestrator annotation", "provider: openai\n" + key + "annotations: {config.kubernetes.io/local-config: 'true'}"},
		{"spec annotation key", "provider: openai\n" + key + "annotations: {fn.aigw.dev/spec: x}"},
		{"bad label key", "provider: openai\n" + key + "labels: {'bad key!': x}"},
		{"bad label value", "provider: openai\n" + key + "labels: {ok: 'bad value!'}"},
		{"label value not a string", "provider: openai\n" + key + "labels: {enabled: true}"},
		{"labels as a list", "provider: openai\n" + key + "labels: [a]"},
		{"label value null (the function refuses it; the schema agrees)", "provider: openai\n" + key + "labels: {team: null}"},
		{"annotation value null", "provider: openai\n" + key + "annotations: {example.com/team: null}"},
		// more from the function's bad-input catalogue (fn/badinput_test.go)
		{"provider as a number", "provider: 42\n" + key},
		{"provider as a list", "provider: [openai]\n" + key},
		{"capitalised field", "Provider: openai\n" + key},
		{"CA reference as a map", "provider: openai\n" + key + "tls: {caCertificateRefs: [{name: ca}]}"},
		{"inline api_key", "provider: openai\nauth: {secretRef: {name: k}, api_key: sk-1}"},
		{"inline token", "provider: openai\nauth: {secretRef: {name: k}, token: abc}"},
		{"inline value in secretRef", "provider: openai\nauth: {secretRef: {name: k, value: sk-1}}"},
		{"name as a number", strings.Replace(specYAML("provider: openai\n"+key), "name: be", "name: 12345", 1)},
		{"hostname IPv6", "provider: openai\n" + key + "endpoint: {hostname: '[::1]'}"},
		{"hostname underscore", "provider: openai\n" + key + "endpoint: {hostname: api_v1.example.com}"},
		{"hostname too long", "provider: openai\n" + key + "endpoint: {hostname: " + strings.Repeat("a.", 127) + "com}"},
		{"tls hostname invalid", "provider: openai\n" + key + "tls: {hostname: 'Bad_Host'}"},
		{"secretRef namespace invalid", "provider: openai\nauth: {secretRef: {name: k, namespace: Secrets}}"},
		{"clientIDRef name invalid", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientIDRef: {name: Bad_Ref}, clientSecretRef: {name: s}}}}"},
		{"pseudo header", "provider: openai\n" + key + "headerMutation: {set: [{name: ':authority', value: v}]}"},
		{"header without value", "provider: openai\n" + key + "headerMutation: {set: [{name: x-team}]}"},
		{"header value CRLF", "provider: openai\n" + key + "headerMutation: {set: [{name: x-team, value: \"a\\r\\nx-injected: 1\"}]}"},
		{"service and resource", "provider: azure-openai\nschema: {version: v1}\nendpoint: {resource: myres, service: {name: vllm}}\n" + key},
		{"azure client ID with a space", "provider: azure-openai\nschema: {version: v}\nendpoint: {resource: r}\nauth: {azure: {clientID: 'a b', tenantID: t, clientSecretRef: {name: s}}}"},
		{"many problems", "provider: opnai\nendpoint: {port: 0, hostnme: x}\nauth: {apiKey: sk-1}\nheaderMutation: {set: [{name: Authorization, value: x}]}\nlabels: {team: 'a b'}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.doc
			if !strings.HasPrefix(doc, "apiVersion:") {
				doc = specYAML(doc)
			}
			node, err := yaml.Parse(doc)
			require.NoError(t, err)
			ok, _ := accepts(node)
			require.False(t, ok, "the function must refuse this case, or it does not belong here")
			v, err := instance(node.YNode())
			require.NoError(t, err)
			assert.Error(t, s.Validate(jsonValue(t, v)), "the schema must refuse it")
		})
	}
}

// TestSchemaNeverRejectsAcceptedSpecs is the soundness property: random
// edits of valid specs (values from a pool of valid, invalid, empty and
// null ones, on every field the schema knows) are run through the
// function; whenever it accepts the result, the schema must accept it too.
// Otherwise an editor would flag a spec that works.
func TestSchemaNeverRejectsAcceptedSpecs(t *testing.T) {
	s := compiled(t)
	paths := leafPaths(generator.JSONSchema(SchemaURL, func(generator.SchemaField) string { return "" }), "")
	bases := []string{
		"provider: openai\nauth: {secretRef: {name: k}}",
		"provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {roleArn: 'arn:aws:iam::123456789012:role/r', oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}}}",
		"provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {credentialsSecretRef: {name: c}, profile: p}}",
		"provider: azure-openai\nschema: {version: '2025-01-01'}\nendpoint: {resource: r1}\nauth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientIDRef: {name: cid}, clientSecretRef: {name: s}, scopes: [a]}}}",
		"provider: gcp-vertex-ai\nendpoint: {region: us-central1}\nauth: {gcp: {projectName: my-project, workloadIdentityFederation: {projectID: p, workloadIdentityPoolName: pool, workloadIdentityProviderName: prov, oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}}}}",
		"provider: openai-compatible\nendpoint: {service: {name: vllm, namespace: models, port: 8000}}",
		"schema: {name: Anthropic, prefix: /anthropic/v1}\nendpoint: {hostname: proxy.example.com}\nauth: {secretRef: {name: k}}",
		"provider: openai\nauth: {secretRef: {name: k}}\ntls: {hostname: api.openai.com, caCertificateRefs: [ca]}\nheaderMutation: {set: [{name: x-a, value: v}], remove: [x-b]}\nbodyMutation: {set: [{path: t, value: '0.2'}], remove: [u]}\nlabels: {team: ai}\nannotations: {example.com/a: b}\ntarget: {aiGatewayAPIVersion: v1alpha1, backendTLSPolicyAPIVersion: v1alpha3}",
	}
	pool := []any{nil, "", "a", "A", "x y", "us-east-1", "us-central1", "global", "eu-west-1", "api.example.com", "api.example.com.",
		"bedrock-runtime.us-east-1.amazonaws.com", "10.0.0.1", "/v1", "/", "v1", "v2", "2025-01-01-preview", "v1beta1", "v1alpha1", "v1alpha3",
		"OpenAI", "Cohere", "AzureOpenAI", "GCPAnthropic", "openai", "cohere", "gemini", "aws-anthropic", "azure-openai", "gcp-anthropic",
		"openai-compatible", "arn:aws:iam::123456789012:role/r", "https://i.example.com", "HTTPS://i.example.com", "http://i.example.com",
		"my-project", "vllm", "ns", "x-custom", "Authorization", "true", "0.2", "{\"a\": 1}", "[1,", 0, 1, 80, 443, 65535, 65536, true, false,
		map[string]any{}, map[string]any{"name": "s"}, []any{}, []any{"ca"}, []any{"a", "a"}}
	// values each field holds in the repository's accepted specs
	seen := map[string][]any{}
	for _, d := range repoSpecs(t) {
		if ok, _ := accepts(d.node); ok {
			v, err := instance(d.node.YNode())
			require.NoError(t, err)
			harvest(seen, jsonValue(t, v), "")
		}
	}
	// AIGW_SCHEMA_RUNS=n runs n edits with a seed from the clock (a longer
	// search); the default is a fixed seed, so a failure reproduces.
	runs, seed := 5000, uint64(2026)
	if n, err := strconv.Atoi(os.Getenv("AIGW_SCHEMA_RUNS")); err == nil && n > 0 {
		runs, seed = n, uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(11, seed))
	accepted, checked := 0, 0
	for i := 0; i < runs; i++ {
		base := bases[rng.IntN(len(bases))]
		var doc map[string]any
		node, err := yaml.Parse(specYAML(base))
		require.NoError(t, err)
		v, err := instance(node.YNode())
		require.NoError(t, err)
		doc = jsonValue(t, v).(map[string]any)
		for range 1 + rng.IntN(2) {
			path := paths[rng.IntN(len(paths))]
			val := pool[rng.IntN(len(pool))]
			if known := seen[path]; len(known) > 0 && rng.IntN(2) == 0 {
				val = known[rng.IntN(len(known))]
			}
			setPath(doc, path, jsonValue(t, val)) // a fresh copy
		}
		raw, err := json.Marshal(doc)
		require.NoError(t, err)
		edited, err := yaml.Parse(string(raw)) // JSON is YAML
		require.NoError(t, err)
		checked++
		if ok, _ := accepts(edited); !ok {
			continue
		}
		accepted++
		if !assert.NoError(t, s.Validate(jsonValue(t, doc)), "the function accepts %s", raw) {
			break
		}
	}
	t.Logf("%d random specs, %d accepted by the function", checked, accepted)
	assert.Greater(t, accepted, checked/20, "too few accepted specs for the property to mean anything")
}

// harvest records the value at every path of v (list items as "[0]").
func harvest(seen map[string][]any, v any, path string) {
	if path != "" {
		seen[path] = append(seen[path], v)
	}
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch c := v.(type) {
	case map[string]any:
		for k, e := range c {
			harvest(seen, e, join(k))
		}
	case []any:
		for _, e := range c {
			harvest(seen, e, join("[0]"))
		}
	}
}

// leafPaths lists the paths of every property in the schema (list items as
// "[0]"), objects included, sorted.
func leafPaths(n *generator.SchemaNode, prefix string) []string {
	var out []string
	for name, p := range n.Properties {
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		out = append(out, path)
		out = append(out, leafPaths(p, path)...)
		if p.Items != nil {
			out = append(out, path+".[0]")
			out = append(out, leafPaths(p.Items, path+".[0]")...)
		}
	}
	sort.Strings(out)
	return out
}

// setPath sets a dotted path in doc, creating maps and one-item lists.
func setPath(doc map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	var cur any = doc
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[p] = v
				return
			}
			next, ok := c[p]
			if _, isMap := next.(map[string]any); !ok || (!isMap && !isList(next)) {
				if parts[i+1] == "[0]" {
					next = []any{map[string]any{}}
				} else {
					next = map[string]any{}
				}
				c[p] = next
			}
			cur = next
		case []any:
			if len(c) == 0 {
				return
			}
			if last {
				c[0] = v
				return
			}
			if _, isMap := c[0].(map[string]any); !isMap {
				c[0] = map[string]any{}
			}
			cur = c[0]
		default:
			return
		}
	}
}

func isList(v any) bool { _, ok := v.([]any); return ok }
