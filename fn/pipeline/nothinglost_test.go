package pipeline

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
	"github.com/aigw-dev/aigw-backend/fn/write"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// The "nothing lost" property: for any input, the output holds every input
// item the function does not own, unchanged — on success and on every
// error path. Inputs are generated across the paths (success, a bad spec,
// an alias bomb in an owned field, a duplicate key in a patched object, an
// item that is not an object, several documents on stdin, a panic) and the
// property is checked on both routes (fast and full) and on Run.
//
// Negative controls, each seen to fail this test: the old echo rule
// (drop an item with the functionConfig's identity and no path) loses the
// spec item; runFull answering an unwritable output with an empty list
// (the old alias-bomb behaviour) loses every item; reading only the first
// document of a stream passes the two-documents path with exit 0; turning
// off the duplicate-key check lets the duplicate-key path succeed. (The
// alias-bomb control first passed: the decoder used for counting items
// gave up on the bomb and counted none on either side; lostItems now
// keeps such an item as text.)

// lostPath is one way a run can end.
type lostPath int

const (
	pathSuccess lostPath = iota
	pathBadSpec
	pathAliasBomb
	pathDuplicateKey
	pathNotAnObject
	pathTwoDocuments
	pathEmptyFirstDocument
	pathSpecAliasBomb
	pathCount
)

func (p lostPath) String() string {
	return [...]string{"success", "bad spec", "alias bomb", "duplicate key", "not an object", "two documents", "empty first document", "alias bomb in the spec"}[p]
}

// lostGen generates ResourceLists.
type lostGen struct{ r *rand.Rand }

func (g *lostGen) word() string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 3+g.r.IntN(8))
	for i := range b {
		b[i] = letters[g.r.IntN(len(letters))]
	}
	return string(b)
}

// unrelated is an item the function never owns: a ConfigMap, a Service, a
// hand-written Backend of another name, or a spec item (kpt package style).
func (g *lostGen) unrelated(i int) string {
	name := fmt.Sprintf("%s-%d", g.word(), i)
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n  namespace: ai\n  annotations:\n    internal.config.kubernetes.io/path: cm.yaml\n    internal.config.kubernetes.io/index: '%d'\ndata:\n  %s: %q # a comment\n", name, i, g.word(), g.word())
	case 1:
		return fmt.Sprintf("apiVersion: v1\nkind: Service\nmetadata: {name: %s, namespace: ai}\nspec:\n  ports:\n  - port: %d\n", name, 1+g.r.IntN(65000))
	case 2:
		return fmt.Sprintf("apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: hand-%s\n  namespace: ai\nspec:\n  endpoints:\n  - fqdn: {hostname: %s.example.com, port: 443}\n", name, g.word())
	default:
		return fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\nspec:\n  replicas: %d\n  template:\n    spec:\n      containers:\n      - name: c\n        image: %s:1\n        args:\n        - --x\n        - |-\n          block\n          text\n", name, g.r.IntN(5), g.word())
	}
}

const lostSpec = `apiVersion: fn.aigw.dev/v1alpha1
kind: AIBackendSpec
metadata:
  name: openai
  namespace: ai
spec:
  provider: openai
  auth: {secretRef: {name: openai-key}}
`

// owned is a Backend the spec patches (same name).
const lostOwnedBackend = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: openai
  namespace: ai
spec:
  endpoints:
  - fqdn: {hostname: old.example.com, port: 443}
`

// input builds one generated input along path p.
func (g *lostGen) input(p lostPath) string {
	var items []string
	for i := 0; i < 1+g.r.IntN(5); i++ {
		items = append(items, g.unrelated(i))
	}
	if g.r.IntN(2) == 0 && p != pathAliasBomb {
		items = append(items, lostOwnedBackend)
	}
	spec := lostSpec
	if g.r.IntN(3) == 0 {
		// the spec is also an item (a ResourceList written by hand, or
		// piped through kpt fn eval -): the function does not own it
		items = append(items, spec)
	}
	switch p {
	case pathBadSpec:
		spec = strings.Replace(spec, "provider: openai", "provider: openai\n  endpoint: {port: 70000}", 1)
	case pathAliasBomb:
		bomb := "  endpoints:\n  - fqdn: {hostname: x.example.com, port: 443}\n    l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
		for l := 1; l <= 5; l++ {
			bomb += fmt.Sprintf("    l%d: &l%d [%s]\n", l, l, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", l-1), 10), ", "))
		}
		bomb += "  x: *l5\n"
		items = append(items, "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: openai\n  namespace: ai\nspec:\n"+bomb)
	case pathDuplicateKey:
		items = append(items, strings.Replace(lostOwnedBackend, "spec:\n", "spec:\n  endpoints: []\n", 1)+"")
	case pathSpecAliasBomb:
		// past the decoder's node budget
		bomb := "\n  l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
		for l := 1; l <= 5; l++ {
			bomb += fmt.Sprintf("  l%d: &l%d [%s]\n", l, l, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", l-1), 10), ", "))
		}
		spec = strings.Replace(strings.Replace(spec, "  provider: openai\n", "  provider: openai\n  labels: *l5\n", 1), "spec:\n", "bombs:"+bomb+"spec:\n", 1)
	case pathNotAnObject:
		items = append(items, "null\n")
	}
	g.r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	list := engList(items...) + "functionConfig:\n" + indentBlock(spec, "  ")
	switch p {
	case pathTwoDocuments:
		return list + "---\n" + engList(g.unrelated(99))
	case pathEmptyFirstDocument:
		return "---\n# nothing here\n---\n" + list
	}
	return list
}

// lostItems decodes a ResourceList's (or a stream's) items, each as a
// value. An item whose aliases expand past the decoder's budget (the alias
// bomb) is kept as its YAML text instead, aliases unexpanded: the decoder
// must never be the reason an item goes uncounted.
func lostItems(t *testing.T, b []byte) []any {
	t.Helper()
	var out []any
	dec := yaml.NewDecoder(bytes.NewReader(b))
	docs := 0
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			break
		}
		docs++
		root := &doc
		if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
			root = root.Content[0]
		}
		var items *yaml.Node
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "items" {
				items = root.Content[i+1]
				break
			}
		}
		if items == nil {
			continue
		}
		for _, n := range items.Content {
			var v any
			if err := n.Decode(&v); err != nil {
				s, err := yaml.String(n)
				require.NoError(t, err)
				v = "undecodable: " + s
			}
			out = append(out, v)
		}
	}
	require.Positive(t, docs, "no YAML document in:\n%s", b)
	return out
}

// ownedByTheSpec reports an item the spec may change or remove: one of its
// generated objects (by kind and name).
func ownedByTheSpec(it any) bool {
	m, _ := it.(map[string]any)
	av, _ := m["apiVersion"].(string)
	k, _ := m["kind"].(string)
	md, _ := m["metadata"].(map[string]any)
	name, _ := md["name"].(string)
	return meta.RoleOf(av, k) == meta.RoleGenerated && (name == "openai" || name == "openai-tls" || name == "openai-auth")
}

// checkNothingLost is the property for one output.
func checkNothingLost(t *testing.T, in []byte, out Output) {
	t.Helper()
	want := lostItems(t, in)
	got := lostItems(t, out.ResourceList)
	if out.ExitCode != 0 {
		// every error path: exactly the input items, in order, unchanged
		require.Equal(t, len(want), len(got), "an error path must return every item:\n%s", out.ResourceList)
		for i := range want {
			assert.True(t, reflect.DeepEqual(want[i], got[i]), "item %d changed on an error path:\nin:  %v\nout: %v", i, want[i], got[i])
		}
		return
	}
	// success: every item the spec does not own is in the output, unchanged
	for i, w := range want {
		if ownedByTheSpec(w) {
			continue
		}
		found := false
		for _, g := range got {
			if reflect.DeepEqual(w, g) {
				found = true
				break
			}
		}
		assert.True(t, found, "input item %d is missing or changed in the output: %v", i, w)
	}
}

func TestPropertyNothingLost(t *testing.T) {
	seed, n := uint64(18), 400
	if testing.Short() {
		n = 70
	}
	g := &lostGen{r: rand.New(rand.NewPCG(seed, 18))}
	perPath := map[lostPath]int{}
	fastRuns := 0
	for i := 0; i < n; i++ {
		p := lostPath(i % int(pathCount))
		in := []byte(g.input(p))
		perPath[p]++
		ok := t.Run(fmt.Sprintf("%d-%s", i, p), func(t *testing.T) {
			out := Run(in)
			if p != pathSuccess && p != pathEmptyFirstDocument {
				require.Equal(t, 1, out.ExitCode, "the %s path must fail: %s\n%s", p, out.Stderr, out.ResourceList)
			} else {
				require.Equal(t, 0, out.ExitCode, "%s", out.Stderr)
			}
			checkNothingLost(t, in, out)
			if p == pathTwoDocuments || p == pathEmptyFirstDocument {
				return // the routes read one document; Run splits the stream first
			}
			checkNothingLost(t, in, runFull(in, Options{}))
			if l, ok := rawlist.Parse(in); ok {
				if fast, ok := runFast(l, Options{}); ok {
					fastRuns++
					checkNothingLost(t, in, fast)
				}
			}
		})
		if !ok {
			t.Logf("input:\n%s", in)
			break
		}
	}
	// the panic path: a bug inside a run
	in := []byte(g.input(pathSuccess))
	out := write.Guard(in, func() Output { panic("a bug") })
	assert.Equal(t, 1, out.ExitCode)
	assert.Contains(t, strings.Join(out.Stderr, "\n"), "internal error")
	checkNothingLost(t, in, out)
	t.Logf("%d inputs per path %v; the fast route took %d", n, perPath, fastRuns)
}
