package upstream

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Negative controls: broken packages the check must reject, each on the
// assertion it targets (by ID), so that no assertion can pass vacuously.
// Each starts from an example's output; mutate breaks the function's
// output, mutatePackage the package built around it (a Secret, a route).
// Controls of assertions on AI Gateway's translation (filter config, the
// written HTTPRoute) stop there (aigwStage), which saves starting Envoy
// Gateway for them.

// openaiSpec is the spec most controls start from.
var openaiSpec = []string{"examples/openai/aibackendspec.yaml"}

// edit applies f to every object of a kind.
func edit(kind string, f func(o obj)) func([]obj) []obj {
	return func(objs []obj) []obj {
		for _, o := range objs {
			if o.kind() == kind {
				f(o)
			}
		}
		return objs
	}
}

// spec returns an object's spec map.
func spec(o obj) map[string]any { return o["spec"].(map[string]any) }

var negativeControls = []testCase{
	{
		name: "backend-port-not-the-contracts", specs: openaiSpec, want: cases[0].want,
		breaks:   "Backend port 8443 instead of 443",
		mutate:   edit("Backend", func(o obj) { get(o, "spec", "endpoints", 0, "fqdn").(map[string]any)["port"] = float64(8443) }),
		wantFail: idContractEndpoint,
	},
	{
		name: "cluster-endpoint-not-the-backends", specs: openaiSpec, want: cases[0].want,
		breaks: "a second Backend endpoint, same host, port 8443",
		mutate: edit("Backend", func(o obj) {
			spec(o)["endpoints"] = append(list(o, "spec", "endpoints"), map[string]any{"fqdn": map[string]any{"hostname": "api.openai.com", "port": float64(8443)}})
		}),
		wantFail: idClusterEndpoint,
	},
	{
		name: "btlsp-left-out", specs: openaiSpec, want: cases[0].want,
		breaks: "no BackendTLSPolicy",
		mutate: func(objs []obj) []obj {
			var out []obj
			for _, o := range objs {
				if o.kind() != "BackendTLSPolicy" {
					out = append(out, o)
				}
			}
			return out
		},
		wantFail: idTLS,
	},
	{
		name: "btlsp-hostname-differs-from-backend", specs: openaiSpec, want: cases[0].want,
		breaks:   "BackendTLSPolicy `validation.hostname: api.example.com`",
		mutate:   edit("BackendTLSPolicy", func(o obj) { spec(o)["validation"].(map[string]any)["hostname"] = "api.example.com" }),
		wantFail: idSNI,
	},
	{
		name: "btlsp-san-differs-from-backend", specs: openaiSpec, want: cases[0].want,
		breaks: "BackendTLSPolicy `validation.subjectAltNames: [{type: Hostname, hostname: san.example.com}]`",
		mutate: edit("BackendTLSPolicy", func(o obj) {
			spec(o)["validation"].(map[string]any)["subjectAltNames"] = []any{map[string]any{"type": "Hostname", "hostname": "san.example.com"}}
		}),
		wantFail: idSAN,
	},
	{
		name: "custom-ca-instead-of-system", specs: openaiSpec, want: cases[0].want,
		breaks: "BackendTLSPolicy trusts a CA ConfigMap instead of the system bundle",
		mutate: edit("BackendTLSPolicy", func(o obj) {
			v := spec(o)["validation"].(map[string]any)
			delete(v, "wellKnownCACertificates")
			v["caCertificateRefs"] = []any{map[string]any{"group": "", "kind": "ConfigMap", "name": "other-ca"}}
		}),
		wantFail: idCASystem,
	},
	{
		name: "system-ca-instead-of-custom", specs: cases[6].specs, want: cases[6].want,
		breaks: "custom-ca: BackendTLSPolicy trusts the system bundle instead of the CA ConfigMap",
		mutate: edit("BackendTLSPolicy", func(o obj) {
			v := spec(o)["validation"].(map[string]any)
			delete(v, "caCertificateRefs")
			v["wellKnownCACertificates"] = "System"
		}),
		wantFail: idCACustom,
	},
	{
		name: "backend-behind-a-plain-httproute", specs: openaiSpec, want: cases[0].want,
		breaks: "an extra plain HTTPRoute to the Backend (a cluster without AI Gateway's filter)",
		mutatePackage: func(pkg []obj) []obj {
			return append(pkg, obj{
				"apiVersion": "gateway.networking.k8s.io/v1",
				"kind":       "HTTPRoute",
				"metadata":   map[string]any{"name": "plain", "namespace": "ai-gateway"},
				"spec": map[string]any{
					"parentRefs": []any{map[string]any{"name": gatewayName}},
					"rules": []any{map[string]any{
						"matches":     []any{map[string]any{"path": map[string]any{"type": "PathPrefix", "value": "/plain"}}},
						"backendRefs": []any{map[string]any{"group": "gateway.envoyproxy.io", "kind": "Backend", "name": "openai"}},
					}},
				},
			})
		},
		wantFail: idExtProcFilter,
	},
	{
		name: "schema-name-not-the-contracts", specs: openaiSpec, want: cases[0].want,
		stage:    aigwStage,
		breaks:   "AIServiceBackend `schema: {name: AzureOpenAI, version: 2024-10-21}`",
		mutate:   edit("AIServiceBackend", func(o obj) { spec(o)["schema"] = map[string]any{"name": "AzureOpenAI", "version": "2024-10-21"} }),
		wantFail: idSchemaName,
	},
	{
		name: "schema-prefix-not-the-contracts", specs: openaiSpec, want: cases[0].want,
		stage:    aigwStage,
		breaks:   "AIServiceBackend `schema.prefix: /v2`",
		mutate:   edit("AIServiceBackend", func(o obj) { spec(o)["schema"].(map[string]any)["prefix"] = "/v2" }),
		wantFail: idSchemaPrefix,
	},
	{
		name: "bsp-type-not-the-contracts", specs: openaiSpec, want: cases[0].want,
		stage:  aigwStage,
		breaks: "BackendSecurityPolicy `type: AnthropicAPIKey` (same Secret)",
		mutate: edit("BackendSecurityPolicy", func(o obj) {
			s := spec(o)
			s["type"] = "AnthropicAPIKey"
			s["anthropicAPIKey"] = s["apiKey"]
			delete(s, "apiKey")
		}),
		wantFail: idAuthType,
	},
	{
		name: "secret-value-not-the-referenced-ones", specs: openaiSpec, want: cases[0].want,
		stage:  aigwStage,
		breaks: "the API key Secret holds another value than the one the check expects upstream to read",
		mutatePackage: func(pkg []obj) []obj {
			for _, o := range pkg {
				if o.kind() == "Secret" {
					for k := range o["stringData"].(map[string]any) {
						o["stringData"].(map[string]any)[k] = "not-the-referenced-value"
					}
				}
			}
			return pkg
		},
		wantFail: idAuthSecret,
	},
	{
		name: "missing-bsp-secret", specs: openaiSpec, want: cases[0].want,
		stage:       aigwStage,
		breaks:      "the API key Secret is left out",
		dropSecrets: true,
		wantFail:    idAuthSecret,
	},
	{
		name: "header-mutation-not-written", specs: cases[7].specs, want: cases[7].want,
		stage:    aigwStage,
		breaks:   "mutations: AIServiceBackend without `headerMutation`",
		mutate:   edit("AIServiceBackend", func(o obj) { delete(spec(o), "headerMutation") }),
		wantFail: idHeaderMutation,
	},
	{
		name: "body-mutation-not-written", specs: cases[7].specs, want: cases[7].want,
		stage:    aigwStage,
		breaks:   "mutations: AIServiceBackend without `bodyMutation`",
		mutate:   edit("AIServiceBackend", func(o obj) { delete(spec(o), "bodyMutation") }),
		wantFail: idBodyMutation,
	},
	{
		name: "backendref-to-a-service", specs: openaiSpec, want: cases[0].want,
		stage:    aigwStage,
		breaks:   "AIServiceBackend `backendRef: {kind: Service}`",
		mutate:   edit("AIServiceBackend", func(o obj) { spec(o)["backendRef"] = map[string]any{"name": "openai", "kind": "Service", "port": 443} }),
		wantFail: idHTTPRouteBackend,
	},
	{
		name: "btlsp-ca-configmap-missing", specs: cases[6].specs, want: cases[6].want,
		breaks: "custom-ca: the CA ConfigMap the BackendTLSPolicy names is left out",
		mutatePackage: func(pkg []obj) []obj {
			var out []obj
			for _, o := range pkg {
				if o.kind() != "ConfigMap" {
					out = append(out, o)
				}
			}
			return out
		},
		wantFail: idBTLSPResolvedRefs,
	},
	{
		name: "btlsp-conflicts-with-another", specs: openaiSpec, want: cases[0].want,
		breaks: "a second BackendTLSPolicy (openai-tls-b) for the same Backend, which Envoy Gateway refuses as conflicting",
		mutate: func(objs []obj) []obj {
			for _, o := range objs {
				if o.kind() == "BackendTLSPolicy" {
					other := obj{}
					for k, v := range o {
						other[k] = v
					}
					md := map[string]any{}
					for k, v := range o["metadata"].(map[string]any) {
						md[k] = v
					}
					md["name"] = str(o, "metadata", "name") + "-b"
					other["metadata"] = md
					// After ours: the check reads the last policy for the Backend.
					return append(objs, other)
				}
			}
			return objs
		},
		wantFail: idBTLSPAccepted,
	},
	{
		name: "route-parent-listener-missing", specs: openaiSpec, want: cases[0].want,
		breaks: "the AIGatewayRoute's parentRef names a listener (sectionName) the Gateway does not have",
		mutatePackage: func(pkg []obj) []obj {
			for _, o := range pkg {
				if o.kind() == "AIGatewayRoute" {
					get(o, "spec", "parentRefs", 0).(map[string]any)["sectionName"] = "no-such-listener"
				}
			}
			return pkg
		},
		wantFail: idRouteAccepted,
	},
	{
		name: "backendref-to-a-missing-backend", specs: openaiSpec, want: cases[0].want,
		breaks: "AIServiceBackend `backendRef` names a Backend that does not exist",
		mutate: edit("AIServiceBackend", func(o obj) {
			spec(o)["backendRef"].(map[string]any)["name"] = "no-such-backend"
		}),
		wantFail: idRouteResolvedRefs,
	},
}

// TestNegativeControls proves the check can fail: each broken package must
// fail it, and the failed assertions must include the one the control
// targets (by ID, not by message).
func TestNegativeControls(t *testing.T) {
	b := loadBins(t)
	for _, tc := range negativeControls {
		t.Run(tc.name, func(t *testing.T) {
			c := runCase(t, b, tc)
			var lines []string
			for _, f := range c.failures {
				lines = append(lines, f.String())
			}
			if len(c.failures) == 0 {
				t.Fatalf("the check passed a broken package (%s; asserted: %s)", tc.breaks, strings.Join(dedupe(c.asserted), "; "))
			}
			if !c.failed()[tc.wantFail] {
				t.Errorf("the check failed, but not on %s (%s):\n%s", tc.wantFail, tc.breaks, strings.Join(lines, "\n"))
			}
			t.Logf("failed as expected on %s:\n%s", tc.wantFail, strings.Join(lines, "\n"))
		})
	}
}

// controlFamilies are the assertion families the check makes, each of which
// needs a control that makes it fail.
var controlFamilies = []assertionID{
	idContractEndpoint, idClusterEndpoint, idTLS, idSNI, idSAN, idCASystem, idCACustom,
	idExtProcFilter, idSchemaName, idSchemaPrefix, idAuthType, idAuthSecret,
	idHeaderMutation, idBodyMutation, idHTTPRouteBackend,
	idBTLSPAccepted, idBTLSPResolvedRefs, idRouteAccepted, idRouteResolvedRefs,
}

// TestEveryFamilyHasAControl needs no binaries: the control list itself.
func TestEveryFamilyHasAControl(t *testing.T) {
	have := map[assertionID]bool{}
	names := map[string]bool{}
	for _, tc := range negativeControls {
		if tc.wantFail == "" || tc.breaks == "" {
			t.Errorf("control %s must name the assertion it fails and say how it breaks the package", tc.name)
		}
		if names[tc.name] {
			t.Errorf("control %s twice", tc.name)
		}
		names[tc.name] = true
		have[tc.wantFail] = true
	}
	for _, id := range controlFamilies {
		if !have[id] {
			t.Errorf("no negative control fails %s", id)
		}
	}
	// cases[i] used by controls must be the cases they mean.
	for i, name := range map[int]string{0: "openai", 6: "custom-ca", 7: "mutations"} {
		if cases[i].name != name {
			t.Errorf("cases[%d] is %s, controls use it as %s", i, cases[i].name, name)
		}
	}
}

// TestControlsTableMatchesDocs keeps docs/upstream.md's table of negative
// controls equal to the list above (name, assertion ID, how it breaks).
func TestControlsTableMatchesDocs(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "upstream.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\| (.+?) \\| `([a-z0-9-]+)` \\|$")
	var got, want []string
	for _, m := range row.FindAllStringSubmatch(string(raw), -1) {
		got = append(got, m[1]+" | "+m[2]+" | "+m[3])
	}
	for _, tc := range negativeControls {
		want = append(want, tc.name+" | "+tc.breaks+" | "+string(tc.wantFail))
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("docs/upstream.md's negative controls table differs from controls_test.go; want rows:\n%s", docsRows())
	}
}

// docsRows is the table body docs/upstream.md should have.
func docsRows() string {
	var b strings.Builder
	for _, tc := range negativeControls {
		b.WriteString("| `" + tc.name + "` | " + tc.breaks + " | `" + string(tc.wantFail) + "` |\n")
	}
	return b.String()
}
