package pipeline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/decide"
	"github.com/aigw-dev/aigw-backend/fn/rawlist"
	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/fn/write"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// steadySpecs is a kpt package before its first render: one in-package
// spec of each provider of the usual mix.
const steadySpecs = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: fn.aigw.dev/v1alpha1
  kind: AIBackendSpec
  metadata:
    name: openai-0
    namespace: ai-gateway
    annotations:
      config.kubernetes.io/local-config: "true"
      config.kubernetes.io/path: 'backends/openai-0.yaml'
  spec:
    provider: openai
    auth:
      secretRef:
        name: openai-0-key
- apiVersion: fn.aigw.dev/v1alpha1
  kind: AIBackendSpec
  metadata:
    name: anthropic-1
    namespace: ai-gateway
    annotations:
      config.kubernetes.io/local-config: "true"
      config.kubernetes.io/path: 'backends/anthropic-1.yaml'
  spec:
    provider: anthropic
    auth:
      secretRef:
        name: anthropic-1-key
- apiVersion: fn.aigw.dev/v1alpha1
  kind: AIBackendSpec
  metadata:
    name: bedrock-2
    namespace: ai-gateway
    annotations:
      config.kubernetes.io/local-config: "true"
      config.kubernetes.io/path: 'backends/bedrock-2.yaml'
  spec:
    provider: aws-bedrock
    endpoint:
      region: us-east-1
    auth:
      aws:
        credentialsSecretRef: {name: bedrock-2-credentials}
- apiVersion: fn.aigw.dev/v1alpha1
  kind: AIBackendSpec
  metadata:
    name: ollama-3
    namespace: ai-gateway
    annotations:
      config.kubernetes.io/local-config: "true"
      config.kubernetes.io/path: 'backends/ollama-3.yaml'
  spec:
    provider: openai-compatible
    endpoint:
      service:
        name: ollama-3
        namespace: ollama
        port: 11434
`

// countWrittenAsIs is how many items of a ResourceList the fast route
// would copy without serializing their tree before apply.
func countWrittenAsIs(t *testing.T, in []byte) int {
	t.Helper()
	l, ok := rawlist.Parse(in)
	require.True(t, ok)
	n := 0
	for i := range l.Items {
		doc := l.Items[i].Document()
		node, err := yaml.Parse(string(doc))
		require.NoError(t, err)
		if meta.Of(node).Role == meta.RoleGenerated {
			if write.Echo(node, doc) {
				n++
			}
		}
	}
	return n
}

// TestSteadyStateReRender: a package that holds the specs and the objects
// the function wrote for them renders to the same bytes on both routes,
// and the fast route takes its writer's shortcut (writtenAsIs) for every
// generated object. The negative control edits one byte of an owned field
// of one object: both routes must still patch it back.
func TestSteadyStateReRender(t *testing.T) {
	first := Run([]byte(steadySpecs))
	require.Equal(t, 0, first.ExitCode, "%s", first.Stderr)
	rendered := first.ResourceList
	generated := strings.Count(string(rendered), "fn.aigw.dev/spec: ")
	require.Greater(t, generated, 4, "the first render generates objects")
	assert.Equal(t, generated, countWrittenAsIs(t, rendered),
		"every object the function wrote is what the writer makes of its tree")

	out := runEngines(t, engineCase{name: "unchanged", in: string(rendered), fast: true,
		check: func(t *testing.T, in []byte, out Output) {
			assert.Equal(t, string(in), string(out.ResourceList), "re-rendering an unchanged package changes nothing")
		}})
	assert.Equal(t, string(rendered), string(out.ResourceList))

	// negative control: one byte of an owned field (the hostname of the first object that has one)
	const owned, edited = "hostname: api.openai.com", "hostname: api.openai.con"
	require.Contains(t, string(rendered), owned)
	in := strings.Replace(string(rendered), owned, edited, 1)
	// the edited object's bytes are still what the writer makes of its
	// (edited) tree: the shortcut is taken, and apply must still patch it
	assert.Equal(t, generated, countWrittenAsIs(t, []byte(in)))
	out = runEngines(t, engineCase{name: "one byte edited", in: in, fast: true,
		check: func(t *testing.T, _ []byte, out Output) {
			assert.Equal(t, string(rendered), string(out.ResourceList), "the owned field is patched back")
		}})
	assert.NotContains(t, string(out.ResourceList), edited)
}

// unparsedOwned runs decide on the fast route's table of in and returns
// how many owned objects it left unparsed (kept as their bytes).
func unparsedOwned(t *testing.T, in string) (owned, unparsed int) {
	t.Helper()
	tab, ok := read.Fast([]byte(in), write.Echo)
	require.True(t, ok)
	_, err := decide.Decide(tab, decide.Options{})
	require.NoError(t, err)
	for _, r := range tab.Rows {
		if r.Meta.Role == meta.RoleGenerated && r.Meta.Owner != "" {
			owned++
			if r.Node == nil {
				unparsed++
			}
		}
	}
	return owned, unparsed
}

// TestSteadyStateNeedsNoTrees: re-rendering an unchanged package parses
// none of the objects the function wrote (decide sees that each one's bytes
// are what its spec produces); an object edited by one byte, a spec whose
// output changed and an object with a comment are parsed and patched as
// usual, and the others still are not.
func TestSteadyStateNeedsNoTrees(t *testing.T) {
	rendered := string(Run([]byte(steadySpecs)).ResourceList)
	owned, unparsed := unparsedOwned(t, rendered)
	require.Greater(t, owned, 4)
	assert.Equal(t, owned, unparsed, "no owned object of an unchanged package is parsed")

	for _, c := range []struct{ name, from, to string }{
		{"owned field edited", "hostname: api.openai.com", "hostname: api.openai.con"},
		{"comment added", "hostname: api.openai.com", "hostname: api.openai.com # mine"},
		{"user field added", "  spec:\n    endpoints:", "  spec:\n    mine: 1\n    endpoints:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Contains(t, rendered, c.from)
			in := strings.Replace(rendered, c.from, c.to, 1)
			_, n := unparsedOwned(t, in)
			assert.Equal(t, unparsed-1, n, "control: exactly the edited object is parsed")
			full := RunWith([]byte(in), Options{Engine: engineFull})
			fast := Run([]byte(in))
			assert.Equal(t, full.ExitCode, fast.ExitCode)
			assertSameResourceList(t, full.ResourceList, fast.ResourceList)
		})
	}
}

// TestLintErrorGivesItemsBackInPlace: when lint fails a run that apply
// completed (a field the API server drops, in a hand-written Backend placed
// before the generated objects), both routes give every input item back
// unchanged and in place. The fast route once read the copies apply keeps
// for that case as new objects and moved them to the end.
func TestLintErrorGivesItemsBackInPlace(t *testing.T) {
	first := Run([]byte(steadySpecs))
	require.Equal(t, 0, first.ExitCode, "%s", first.Stderr)
	const hand = `- apiVersion: gateway.envoyproxy.io/v1alpha1
  kind: Backend
  metadata:
    name: hand
    namespace: ai-gateway
  spec:
    bogus: 1
    endpoints:
    - fqdn:
        hostname: x.example.com
        port: 443
`
	in := strings.Replace(string(first.ResourceList), "items:\n", "items:\n"+hand, 1)
	runEngines(t, engineCase{name: "lint error", in: in, fast: true, exit: 1,
		check: func(t *testing.T, in []byte, out Output) {
			items := func(b []byte) string {
				s := string(b)
				s = s[strings.Index(s, "items:\n"):]
				if i := strings.Index(s, "\nresults:"); i >= 0 {
					s = s[:i+1]
				}
				return s
			}
			assert.Equal(t, items(in), items(out.ResourceList), "every item back as it came, in place")
		}})
}
