package buildmeta_test

import (
	"strings"
	"testing"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/pipeline"
	"github.com/aigw-dev/aigw-backend/internal/buildmeta"
	"github.com/aigw-dev/aigw-backend/internal/check"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// The function and the whole-build check answer the same two questions
// about an item; these tests ask both, through their public entry points,
// and hold them to each other and to buildmeta. Each case list holds
// inputs on which the two used to answer differently (the negative
// controls: put either side back on its old rule and its case fails).

// localValues are written into the annotation as YAML text.
var localValues = []struct{ name, yaml string }{
	{"absent", ""},
	{"true", `"true"`},
	{"false", `"false"`},
	{"empty", `""`},
	{"TRUE", `"TRUE"`},
	{"yes", `"yes"`},
	{"anything", `"anything"`},
	// a YAML 1.2 bool to a decoder, the word False to kustomize
	{"unquoted False", `False`},
}

func withLocal(value string) string {
	if value == "" {
		return ""
	}
	return "    config.kubernetes.io/local-config: " + value + "\n"
}

// fnSeesLocal: an in-package spec not marked local config gets a warning.
// refused: the function rejects the spec (a non-string annotation value),
// so it gives no answer on local config.
func fnSeesLocal(t *testing.T, value string) (local, refused bool) {
	in := "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" +
		"- apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendSpec\n  metadata:\n    name: openai\n    namespace: ai\n" +
		"    annotations:\n      internal.config.kubernetes.io/path: spec.yaml\n" + indent(withLocal(value), "  ") +
		"  spec:\n    provider: openai\n    auth: {secretRef: {name: k}}\n"
	out := runBothRoutes(t, in)
	stderr := strings.Join(out.Stderr, "\n")
	if out.ExitCode != 0 {
		require.Contains(t, stderr, "must be a string", "the only refusal expected")
		return false, true
	}
	return !strings.Contains(stderr, "not marked config.kubernetes.io/local-config"), false
}

// checkSeesLocal: a local object is not part of what is deployed, so its
// dangling reference is not reported.
func checkSeesLocal(t *testing.T, value string) bool {
	in := "apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIServiceBackend\nmetadata:\n  name: openai\n  namespace: ai\n" +
		"  annotations:\n    x: y\n" + withLocal(value) +
		"spec:\n  schema: {name: OpenAI}\n  backendRef: {name: missing, kind: Backend, group: gateway.envoyproxy.io}\n"
	res, err := check.Stream([]check.Input{{Label: "build", Data: []byte(in)}}, check.Options{})
	require.NoError(t, err)
	return !hasRule(res, check.RuleDangling)
}

func TestLocalConfigOneRule(t *testing.T) {
	for _, v := range localValues {
		t.Run(v.name, func(t *testing.T) {
			n, err := yaml.Parse("metadata:\n  annotations:\n    x: y\n" + withLocal(v.yaml))
			require.NoError(t, err)
			want := buildmeta.IsLocalConfig(meta.Annotations(n))
			if local, refused := fnSeesLocal(t, v.yaml); !refused {
				assert.Equal(t, want, local, "function")
			}
			assert.Equal(t, want, checkSeesLocal(t, v.yaml), "whole-build check")
		})
	}
}

// previousCases are annotation blocks on a Backend kustomize renamed from
// openai to team-openai in namespace ai.
var previousCases = []struct{ name, anns string }{
	{"internal", "internal.config.kubernetes.io/previousNames: openai\ninternal.config.kubernetes.io/previousNamespaces: ai\ninternal.config.kubernetes.io/previousKinds: Backend\n"},
	{"legacy", "config.kubernetes.io/previousNames: openai\nconfig.kubernetes.io/previousNamespaces: ai\nconfig.kubernetes.io/previousKinds: Backend\n"},
	{"none", ""},
	{"other kind", "internal.config.kubernetes.io/previousNames: openai\ninternal.config.kubernetes.io/previousNamespaces: ai\ninternal.config.kubernetes.io/previousKinds: Service\n"},
	// the old check mixed the spellings: names from one set, namespaces from the other
	{"spellings not mixed", "internal.config.kubernetes.io/previousNames: openai\nconfig.kubernetes.io/previousNamespaces: elsewhere\nconfig.kubernetes.io/previousKinds: Backend\n"},
	// the old function trimmed the entries, kustomize does not
	{"not trimmed", "internal.config.kubernetes.io/previousNames: 'openai '\ninternal.config.kubernetes.io/previousNamespaces: ai\ninternal.config.kubernetes.io/previousKinds: Backend\n"},
	// the old function read the first entry of lists kustomize refuses
	{"lengths differ", "internal.config.kubernetes.io/previousNames: openai,x\ninternal.config.kubernetes.io/previousNamespaces: ai\ninternal.config.kubernetes.io/previousKinds: Backend\n"},
}

func renamedBackend(anns string) string {
	a := ""
	if anns != "" {
		a = "  annotations:\n" + indent(anns, "    ")
	}
	return "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: team-openai\n  namespace: ai\n" + a +
		"spec:\n  endpoints:\n  - fqdn: {hostname: old.example.com, port: 443}\n"
}

// fnAdopts: the spec openai patches team-openai instead of adding a
// second Backend named openai.
func fnAdopts(t *testing.T, anns string) bool {
	item := "- " + strings.ReplaceAll(strings.TrimSuffix(renamedBackend(anns), "\n"), "\n", "\n  ") + "\n"
	in := "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + item +
		"functionConfig:\n  apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendSpec\n  metadata: {name: openai, namespace: ai}\n" +
		"  spec:\n    provider: openai\n    auth: {secretRef: {name: k}}\n"
	out := runBothRoutes(t, in)
	require.Zero(t, out.ExitCode, "%s", out.Stderr)
	items, err := yaml.Parse(string(out.ResourceList))
	require.NoError(t, err)
	list, err := items.Pipe(yaml.Lookup("items"))
	require.NoError(t, err)
	els, err := list.Elements()
	require.NoError(t, err)
	for _, it := range els {
		if it.GetKind() == "Backend" && it.GetName() == "openai" {
			return false
		}
	}
	return true
}

// checkResolves: a reference written to Backend openai finds team-openai.
func checkResolves(t *testing.T, anns string) bool {
	in := renamedBackend(anns) + "---\napiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIServiceBackend\nmetadata: {name: openai, namespace: ai}\n" +
		"spec:\n  schema: {name: OpenAI}\n  backendRef: {name: openai, kind: Backend, group: gateway.envoyproxy.io}\n"
	res, err := check.Stream([]check.Input{{Label: "build", Data: []byte(in)}}, check.Options{})
	require.NoError(t, err)
	return !hasRule(res, check.RuleDangling)
}

func TestPreviousNamesOneReader(t *testing.T) {
	for _, c := range previousCases {
		t.Run(c.name, func(t *testing.T) {
			n, err := yaml.Parse(renamedBackend(c.anns))
			require.NoError(t, err)
			ids := buildmeta.PreviousIDs(meta.Annotations(n), "ai", "Backend")
			want := len(ids) > 0 && ids[0] == buildmeta.ID{Name: "openai", Namespace: "ai", Kind: "Backend"}
			assert.Equal(t, want, fnAdopts(t, c.anns), "function")
			assert.Equal(t, want, checkResolves(t, c.anns), "whole-build check")
		})
	}
}

// runBothRoutes runs the function on the fast route (when it takes the
// input) and on the kyaml route, which must answer alike.
func runBothRoutes(t *testing.T, in string) pipeline.Output {
	t.Helper()
	full, err := pipeline.ParseEngine("full")
	require.NoError(t, err)
	out := pipeline.RunWith([]byte(in), pipeline.Options{})
	ref := pipeline.RunWith([]byte(in), pipeline.Options{Engine: full})
	require.Equal(t, string(ref.ResourceList), string(out.ResourceList), "the two routes differ")
	return out
}

func hasRule(res sdk.Results, rule string) bool {
	for _, r := range res {
		if r.Tags["rule"] == rule {
			return true
		}
	}
	return false
}

func indent(s, pad string) string {
	if s == "" {
		return ""
	}
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(pad + l)
		}
	}
	return b.String()
}
