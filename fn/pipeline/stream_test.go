package pipeline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
)

// TestStdinWithSeveralDocuments: two ResourceLists (or a ResourceList and
// an object) on stdin are refused with every item of every document in the
// output; empty documents before the list are ignored.
func TestStdinWithSeveralDocuments(t *testing.T) {
	a := engList("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
	b := engList("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n")
	for name, in := range map[string]string{
		"two lists":             a + "---\n" + b,
		"a list and an object":  a + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n",
		"document end markers":  a + "...\n---\n" + b,
		"a list, then two more": a + "---\n" + b + "---\n" + b,
	} {
		t.Run(name, func(t *testing.T) {
			out := Run([]byte(in))
			require.Equal(t, 1, out.ExitCode)
			items := engItems(t, out.ResourceList)
			assert.NotEmpty(t, engFind(items, "v1", "ConfigMap", "a"))
			assert.NotEmpty(t, engFind(items, "v1", "ConfigMap", "b"))
			assert.Contains(t, strings.Join(out.Stderr, "\n"), "the function reads exactly one ResourceList per run")
		})
	}
	out := Run([]byte("---\n# nothing\n---\n" + a))
	require.Equal(t, 0, out.ExitCode, "%s", out.Stderr)
	assert.NotEmpty(t, engFind(engItems(t, out.ResourceList), "v1", "ConfigMap", "a"))
}

// TestAliasBombInAnOwnedField: an anchor inside a field the spec replaces,
// aliased elsewhere past the expansion budget, fails the run with every
// item — the unrelated ConfigMap included — given back unchanged.
func TestAliasBombInAnOwnedField(t *testing.T) {
	bomb := "  endpoints:\n  - fqdn: {hostname: x.example.com, port: 443}\n    l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
	for l := 1; l <= 5; l++ {
		bomb += "    l" + string(rune('0'+l)) + ": &l" + string(rune('0'+l)) + " [" + strings.TrimSuffix(strings.Repeat("*l"+string(rune('0'+l-1))+", ", 10), ", ") + "]\n"
	}
	bomb += "  x: *l5\n"
	in := engList("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keep}\ndata: {a: '1'}\n",
		"apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: openai\n  namespace: ai\nspec:\n"+bomb) +
		"functionConfig:\n" + indentBlock(lostSpec, "  ")
	out := Run([]byte(in))
	require.Equal(t, 1, out.ExitCode)
	assert.Contains(t, strings.Join(out.Stderr, "\n"), "100000 nodes")
	checkNothingLost(t, []byte(in), out)
	checkNothingLost(t, []byte(in), runFull([]byte(in), Options{}))
}

// TestDuplicateKeysInPatchedObjects: a key written twice in an object the
// spec would patch (endpoints in a Backend, metadata.name, spec.type in a
// policy) is a located error with both lines, on both routes, and nothing
// changes.
func TestDuplicateKeysInPatchedObjects(t *testing.T) {
	for name, c := range map[string]struct{ item, field, key string }{
		"endpoints twice": {"apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: openai\n  namespace: ai\nspec:\n  endpoints: []\n  endpoints:\n  - fqdn: {hostname: old.example.com, port: 443}\n", "spec.endpoints", "endpoints"},
		"name twice":      {"apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: openai\n  namespace: ai\n  name: other\nspec:\n  endpoints: []\n", "metadata.name", "name"},
		"type twice":      {"apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: BackendSecurityPolicy\nmetadata:\n  name: openai-auth\n  namespace: ai\nspec:\n  type: APIKey\n  type: AWSCredentials\n", "spec.type", "type"},
	} {
		t.Run(name, func(t *testing.T) {
			in := engList(c.item) + "functionConfig:\n" + indentBlock(lostSpec, "  ")
			// (the engines' helper decodes the output as a value, which a
			// duplicate key makes impossible: the routes are run here)
			l, ok := rawlist.Parse([]byte(in))
			require.True(t, ok)
			_, fastOK := runFast(l, Options{})
			assert.False(t, fastOK, "the fast route hands duplicate keys to the full route")
			full, out := runFull([]byte(in), Options{}), Run([]byte(in))
			for _, o := range []Output{full, out} {
				require.Equal(t, 1, o.ExitCode)
				engStderrHas(t, o, c.field+": key \""+c.key+"\" is written twice (line ")
				checkNothingLost(t, []byte(in), o)
			}
			assert.Equal(t, full.Stderr, out.Stderr)
		})
	}
}
