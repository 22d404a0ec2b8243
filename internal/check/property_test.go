package check

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// genBuild writes a random build of backend objects whose names and
// namespaces come from small pools, so that references resolve, dangle or
// cross namespaces at random. It returns the stream and, computed here
// independently of the check, the references that name no object of the
// build ("Kind ns/name path").
func genBuild(r *rand.Rand) (string, map[string]bool) {
	names := []string{"a", "b", "c"}
	nss := []string{"x", "y"}
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	type obj struct{ kind, ns, name, text string }
	var objs []obj
	have := map[string]bool{}
	for range 1 + r.IntN(12) {
		ns, name := pick(nss), pick(names)
		var o obj
		switch r.IntN(5) {
		case 0:
			o = obj{"Backend", ns, name, fmt.Sprintf("apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: %s, namespace: %s}\nspec: {endpoints: [{fqdn: {hostname: h, port: 443}}]}\n", name, ns)}
		case 1:
			o = obj{"AIServiceBackend", ns, name, fmt.Sprintf("apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIServiceBackend\nmetadata: {name: %s, namespace: %s}\nspec:\n  schema: {name: OpenAI}\n  backendRef: {name: %s, kind: Backend, group: gateway.envoyproxy.io}\n", name, ns, pick(names))}
		case 2:
			o = obj{"BackendSecurityPolicy", ns, name + "-auth", fmt.Sprintf("apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: BackendSecurityPolicy\nmetadata: {name: %s-auth, namespace: %s}\nspec:\n  type: APIKey\n  apiKey: {secretRef: {name: k}}\n  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: %s}]\n", name, ns, pick(names))}
		case 3:
			o = obj{"AIGatewayRoute", ns, name + "-route", fmt.Sprintf("apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIGatewayRoute\nmetadata: {name: %s-route, namespace: %s}\nspec:\n  rules: [{backendRefs: [{name: %s}, {name: %s}]}]\n", name, ns, pick(names), pick(names))}
		default:
			o = obj{"BackendTLSPolicy", ns, name + "-tls", fmt.Sprintf("apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {name: %s-tls, namespace: %s}\nspec:\n  targetRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: %s}]\n  validation: {hostname: h, wellKnownCACertificates: System}\n", name, ns, pick(names))}
		}
		if have[o.kind+" "+o.ns+"/"+o.name] {
			continue // one object per identity, as in a real build
		}
		have[o.kind+" "+o.ns+"/"+o.name] = true
		objs = append(objs, o)
	}
	want := map[string]bool{}
	var docs []string
	for _, o := range objs {
		docs = append(docs, o.text)
		n, err := yaml.Parse(o.text)
		if err != nil {
			panic(err)
		}
		m, _ := n.Map()
		spec, _ := m["spec"].(map[string]any)
		check := func(path, kind, name string) {
			if !have[kind+" "+o.ns+"/"+name] {
				want[o.kind+" "+o.ns+"/"+o.name+" "+path] = true
			}
		}
		switch o.kind {
		case "AIServiceBackend":
			check("spec.backendRef", "Backend", spec["backendRef"].(map[string]any)["name"].(string))
		case "BackendSecurityPolicy", "BackendTLSPolicy":
			kind := map[string]string{"BackendSecurityPolicy": "AIServiceBackend", "BackendTLSPolicy": "Backend"}[o.kind]
			check("spec.targetRefs[0]", kind, spec["targetRefs"].([]any)[0].(map[string]any)["name"].(string))
		case "AIGatewayRoute":
			for j, b := range spec["rules"].([]any)[0].(map[string]any)["backendRefs"].([]any) {
				check(fmt.Sprintf("spec.rules[0].backendRefs[%d]", j), "AIServiceBackend", b.(map[string]any)["name"].(string))
			}
		}
	}
	return strings.Join(docs, "---\n"), want
}

// TestCheckProperty: over generated builds, (1) the check reports exactly
// the references that name no object of the build, each once, as an
// error (compared with the set computed by genBuild); (2) the function
// writes the input back byte for byte; (3) the same input gives the same
// bytes; (4) running on its own output keeps the items.
func TestCheckProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 19))
	compared, dangling := 0, 0
	for i := range 400 {
		stream, want := genBuild(r)
		res := run(t, stream, Options{Secrets: SecretsIgnore})
		got := map[string]bool{}
		for _, x := range res {
			if x.Tags["rule"] != RuleDangling && x.Tags["rule"] != RuleNamespace {
				continue
			}
			require.Equal(t, "error", string(x.Severity))
			k := x.ResourceRef.Kind + " " + x.ResourceRef.Namespace + "/" + x.ResourceRef.Name + " " + x.Field.Path
			require.False(t, got[k], "case %d: %s reported twice", i, k)
			got[k] = true
		}
		require.Equal(t, want, got, "case %d:\n%s", i, stream)
		compared += len(res)
		dangling += len(want)

		in := resourceList(stream, checkConfig)
		out, _, _ := ResourceList([]byte(in), Options{})
		require.True(t, bytes.HasPrefix(out, []byte(in)), "case %d", i)
		again, _, _ := ResourceList([]byte(in), Options{})
		require.Equal(t, out, again, "case %d: not deterministic", i)
		twice, _, _ := ResourceList(out, Options{})
		a, err := yaml.Parse(string(out))
		require.NoError(t, err)
		b, err := yaml.Parse(string(twice))
		require.NoError(t, err)
		require.True(t, sameItems(a, b), "case %d: a second run changed items", i)
	}
	t.Logf("400 generated builds: %d results compared, %d dangling references expected and found", compared, dangling)
	assert.Greater(t, dangling, 100, "the generator must produce dangling references")
}
