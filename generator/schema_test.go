package generator

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// The schema spells a few checks as patterns that the function writes as
// code (checkHostname, checkMetaKey, the OIDC issuer and Entra ID checks,
// the target versions). These tests hold each pattern equal to its code on
// hand-picked and random strings, so a change on one side fails here.

// randomStrings draws n strings over alphabet, up to maxLen long, plus the
// hand-picked ones.
func randomStrings(seed uint64, n, maxLen int, alphabet string, picked ...string) []string {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := slices.Clone(picked)
	for range n {
		b := make([]byte, rng.IntN(maxLen+1))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		out = append(out, string(b))
	}
	return out
}

// matcher applies a string rule as a JSON Schema validator would.
func matcher(r stringRule) func(string) bool {
	var pat, not *regexp.Regexp
	if r.pattern != "" {
		pat = regexp.MustCompile(r.pattern)
	}
	if r.notPattern != "" {
		not = regexp.MustCompile(r.notPattern)
	}
	return func(s string) bool {
		n := len([]rune(s))
		return (pat == nil || pat.MatchString(s)) && (not == nil || !not.MatchString(s)) &&
			(r.maxLen == 0 || n <= r.maxLen) && (r.minLen == 0 || n >= r.minLen)
	}
}

func TestSchemaHostnamesMatchCheckHostname(t *testing.T) {
	m := matchers()
	long := strings.Repeat("a", 63)
	picked := []string{"api.openai.com", "api.openai.com.", "a.b", "ollama", "10.0.0.1", "10.0.0.1.", "256.0.0.1", "01.2.3.4",
		"1.2.3.4.5", "LLM.example.com", "a..b", "-a.b", "a-.b", "a.b:80", "https://a.b", "a.b/v1", "[::1]", "::1", "a_b.c",
		long + ".com", long + "a.com", strings.Repeat(long+".", 3) + strings.Repeat("a", 61), strings.Repeat(long+".", 3) + strings.Repeat("a", 62),
		strings.Repeat(long+".", 3) + strings.Repeat("a", 61) + ".", strings.Repeat(long+".", 3) + strings.Repeat("a", 62) + "."}
	inputs := randomStrings(1, 20000, 14, "ab0.-9.1:/A2.5", picked...)
	for _, h := range inputs {
		endpointOK := checkHostname(h) == ""
		assert.Equal(t, endpointOK, m["Endpoint.hostname"](h), "spec.endpoint.hostname %q", h)
		tlsOK := endpointOK && !strings.HasSuffix(h, ".")
		assert.Equal(t, tlsOK, m["TLS.hostname"](h), "spec.tls.hostname %q", h)
	}
}

func TestSchemaMetaKeysMatchCheckMetaKey(t *testing.T) {
	m := matchers()
	picked := []string{"team", "example.com/team", "app.kubernetes.io/managed-by", "app.kubernetes.io/name", "fn.aigw.dev/spec",
		"fn.aigw.dev/other", "config.kubernetes.io/local-config", "internal.config.kubernetes.io/path", "config.k8s.io/id",
		"kustomize.config.k8s.io/behavior", "a/b/c", "/a", "a/", "_a", "a_", "a.b_c-d", strings.Repeat("a", 63), strings.Repeat("a", 64),
		"Example.com/a", "bad key!"}
	for _, k := range randomStrings(2, 20000, 12, "ab.-_/A9c", picked...) {
		fnOK := checkMetaKey(k) == ""
		assert.Equal(t, fnOK, m["Spec.labels{key}"](k), "label key %q", k)
		assert.Equal(t, fnOK, m["Spec.annotations{key}"](k), "annotation key %q", k)
	}
}

func TestSchemaStringRulesMatchTheChecks(t *testing.T) {
	m := matchers()
	issuerOK := func(s string) bool {
		u, err := url.Parse(s)
		return err == nil && u.Scheme == "https" && u.Host != ""
	}
	for _, s := range randomStrings(3, 20000, 12, "htps:/@?#a.HTPS:1 ", "https://i.example.com", "HTTPS://x", "https://", "https:///x",
		"https://@x", "https://a@", "https://:443", "http://x", "https:x", " https://x", "https://x/p?q#f") {
		// url.Parse refuses some strings the pattern lets through (bad
		// escapes, bad ports): the schema may accept more, never less.
		if issuerOK(s) {
			assert.True(t, m["OIDC.issuer"](s), "issuer %q", s)
		}
		if m["OIDC.issuer"](s) && !issuerOK(s) {
			_, err := url.Parse(s)
			assert.Error(t, err, "issuer %q matches the pattern; only a parse error may refuse it", s)
		}
	}
	for _, s := range randomStrings(4, 5000, 6, "ab /\t\n1-") {
		entraOK := s != "" && !strings.ContainsAny(s, " \t\n/")
		assert.Equal(t, entraOK, m["AzureAuth.clientID"](s), "clientID %q", s)
		noSpace := s != "" && !strings.ContainsAny(s, " \t\n")
		assert.Equal(t, noSpace, m["BodyField.path"](s), "body path %q", s)
		assert.Equal(t, noSpace, m["OIDC.scopes[]"](s), "scope %q", s)
	}
	for _, h := range []string{"authorization", "Authorization", "PROXY-AUTHORIZATION", "x-api-key", "X-Goog-Api-Key", "cookie"} {
		assert.False(t, m["Header.name"](h), "credential header %q", h)
	}
	for h := range secretHeaders {
		assert.False(t, m["Header.name"](h), "credential header %q", h)
	}
	assert.True(t, m["Header.name"]("x-authorization"))
	assert.True(t, m["Header.name"]("OpenAI-Organization"))
}

func matchers() map[string]func(string) bool {
	out := map[string]func(string) bool{}
	for k, r := range fieldRules() {
		out[k] = matcher(r)
	}
	return out
}

// TestSchemaTargetVersions: the enums are exactly the versions Generate accepts.
func TestSchemaTargetVersions(t *testing.T) {
	candidates := []string{"v1", "v2", "v1alpha1", "v1alpha2", "v1alpha3", "v1beta1", "v1beta2", "V1", "v1beta1 "}
	for _, tc := range []struct {
		field string
		enum  []string
	}{{"aiGatewayAPIVersion", aiGatewayAPIVersions}, {"backendTLSPolicyAPIVersion", backendTLSPolicyAPIVersions}} {
		for _, v := range candidates {
			node, err := yaml.Parse(fmt.Sprintf("apiVersion: %s\nkind: %s\nmetadata: {name: be}\nspec:\n  provider: openai\n  auth: {secretRef: {name: k}}\n  target: {%s: %q}\n",
				APIVersion, Kind, tc.field, v))
			require.NoError(t, err)
			spec, errs := Decode(node)
			require.Empty(t, errs)
			_, errs = Generate(spec)
			assert.Equal(t, slices.Contains(tc.enum, v), len(errs) == 0, "%s %q: %v", tc.field, v, errs)
		}
	}
}

// TestSchemaCoversEveryField: every json field of the spec types is a
// schema property with a type (a field of a kind the builder does not know
// would have none), and every object refuses unknown fields, as the
// decoder does.
func TestSchemaCoversEveryField(t *testing.T) {
	var fields func(t reflect.Type) int
	fields = func(t reflect.Type) int {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return 0
		}
		n := 0
		for name, i := range jsonFields(t) {
			_ = name
			n += 1 + fields(t.Field(i).Type)
		}
		return n
	}
	count := 0
	var walk func(n *SchemaNode, path string)
	walk = func(n *SchemaNode, path string) {
		if n.Properties != nil {
			assert.Equal(t, false, n.AdditionalProperties, "%s must refuse unknown fields", path)
		}
		for name, p := range n.Properties {
			count++
			assert.NotNil(t, p.Type, "%s has no type: teach schemaBuilder.node its Go kind", join(path, name))
			walk(p, join(path, name))
			if p.Items != nil {
				walk(p.Items, join(path, name)+"[]")
			}
		}
	}
	walk(JSONSchema("x", func(SchemaField) string { return "" }), "")
	assert.Equal(t, fields(reflect.TypeFor[AIBackendSpec]()), count)
}

// TestSchemaPatternsAreECMAScript: JSON Schema patterns are ECMA-262
// regular expressions, and editors (JavaScript) compile them in unicode
// mode, which refuses identity escapes such as `\-` outside a class. Go
// accepts those, so the validator in the tests would not notice; this
// scan does.
func TestSchemaPatternsAreECMAScript(t *testing.T) {
	var patterns []string
	var walk func(n *SchemaNode)
	walk = func(n *SchemaNode) {
		if n == nil {
			return
		}
		if n.Pattern != "" {
			patterns = append(patterns, n.Pattern)
		}
		for _, c := range append(append(append([]*SchemaNode{n.Items, n.PropertyNames, n.Not, n.If, n.Then}, n.AllOf...), n.AnyOf...), mapValues(n.Properties)...) {
			walk(c)
		}
		if ap, ok := n.AdditionalProperties.(*SchemaNode); ok {
			walk(ap)
		}
	}
	walk(JSONSchema("x", func(SchemaField) string { return "" }))
	require.NotEmpty(t, patterns)
	for _, p := range patterns {
		inClass := false
		for i := 0; i < len(p); i++ {
			switch c := p[i]; {
			case c == '\\' && i+1 < len(p):
				next := p[i+1]
				ok := strings.IndexByte(`^$\.*+?()[]{}|/dDwWsSbBxunrtfv0`, next) >= 0 || (inClass && next == '-')
				assert.True(t, ok, "pattern %q: escape \\%c at %d is not valid in a JavaScript unicode-mode pattern", p, next, i)
				i++
			case c == '[':
				inClass = true
			case c == ']':
				inClass = false
			}
		}
		assert.NotContains(t, p, "(?", "pattern %q: no inline flags or named groups", p)
		_, err := regexp.Compile(p)
		assert.NoError(t, err)
	}
}

func mapValues(m map[string]*SchemaNode) []*SchemaNode {
	out := make([]*SchemaNode, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestSchemaRulesNameRealFields: a rule keyed by a field that was renamed
// or removed would silently stop applying.
func TestSchemaRulesNameRealFields(t *testing.T) {
	keys, types := map[string]bool{}, map[string]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || types[t.Name()] {
			return
		}
		types[t.Name()] = true
		for name, i := range jsonFields(t) {
			k := t.Name() + "." + name
			for _, suffix := range []string{"", "[]", "{key}", "{value}"} {
				keys[k+suffix] = true
			}
			walk(t.Field(i).Type)
		}
	}
	walk(reflect.TypeFor[AIBackendSpec]())
	for k := range fieldRules() {
		assert.True(t, keys[k], "fieldRules: %s is not a field", k)
	}
	for k := range listRules() {
		assert.True(t, keys[k], "listRules: %s is not a field", k)
	}
	for k := range intRules {
		assert.True(t, keys[k], "intRules: %s is not a field", k)
	}
	for typ, rels := range objectRules() {
		for _, r := range rels {
			assert.True(t, keys[typ+"."+r.a] && keys[typ+"."+r.b], "objectRules: %s.%s / %s.%s", typ, r.a, typ, r.b)
		}
	}
	for typ, names := range extraRequired {
		for _, n := range names {
			assert.True(t, keys[typ+"."+n], "extraRequired: %s.%s", typ, n)
		}
	}
}
