package pipeline

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// TestFastPathAgreesWithFullPath proves the byte-level fast path and the
// plain kyaml path produce the same objects, fields, order, results and
// exit code on every golden case, every example input and randomized
// packages of odd YAML; and that the fast path passes untouched items
// through byte for byte.
func TestFastPathAgreesWithFullPath(t *testing.T) {
	inputs := map[string][]byte{}
	goldens, err := filepath.Glob("testdata/golden/*/input.yaml")
	require.NoError(t, err)
	for _, p := range goldens {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		inputs[p] = b
	}
	// Example packages as kpt would send them.
	examples, _ := filepath.Glob("../../examples/*/kpt")
	for _, dir := range examples {
		inputs[dir] = packageResourceList(t, dir)
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		inputs[fmt.Sprintf("random-%03d", i)] = randomPackage(rng)
	}
	fastTaken := 0
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			full := runFull(in, Options{})
			l, ok := rawlist.Parse(in)
			if !ok {
				return // only the full path runs: nothing to compare
			}
			fast, ok := runFast(l, Options{})
			if !ok {
				return
			}
			fastTaken++
			assert.Equal(t, full.ExitCode, fast.ExitCode)
			assert.Equal(t, full.Stderr, fast.Stderr)
			assertSameResourceList(t, full.ResourceList, fast.ResourceList)
			// untouched items keep their bytes
			for _, it := range l.Items {
				if it.Header.Meta().Role == meta.RoleOther || fast.ExitCode != 0 {
					assert.True(t, bytes.Contains(fast.ResourceList, it.Raw), "item %s/%s must pass through byte for byte", it.Header.Kind, it.Header.Name)
				}
			}
		})
	}
	assert.Greater(t, fastTaken, len(inputs)/3, "the fast path must be exercised by a good share of the inputs (it silently falling back would hide bugs)")
}

// assertSameResourceList compares two ResourceLists item by item by value.
func assertSameResourceList(t *testing.T, want, got []byte) {
	t.Helper()
	a, b := decodeAny(t, want), decodeAny(t, got)
	assert.True(t, reflect.DeepEqual(a, b), "fast and full paths differ:\nfull:\n%s\nfast:\n%s", want, got)
}

func decodeAny(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(b, &v))
	return v
}

// packageResourceList reads a kpt package directory into the ResourceList
// kpt would send (path and index annotations on every item).
func packageResourceList(t *testing.T, dir string) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n")
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	kptfile := filepath.Join(dir, "Kptfile")
	if _, err := os.Stat(kptfile); err == nil {
		files = append(files, kptfile)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		rel, _ := filepath.Rel(dir, f)
		for i, doc := range strings.Split(string(raw), "\n---\n") {
			n, err := yaml.Parse(doc)
			if err != nil || n.IsNilOrEmpty() {
				continue
			}
			_ = n.PipeE(yaml.SetAnnotation("internal.config.kubernetes.io/path", rel))
			_ = n.PipeE(yaml.SetAnnotation("internal.config.kubernetes.io/index", fmt.Sprint(i)))
			s, err := n.String()
			require.NoError(t, err)
			b.WriteString(indentItem(s, "  "))
		}
	}
	return []byte(b.String())
}

func indentItem(doc, pad string) string {
	lines := strings.Split(strings.TrimRight(doc, "\n"), "\n")
	for i, l := range lines {
		if i == 0 {
			lines[i] = pad + "- " + l
		} else if l != "" {
			lines[i] = pad + "  " + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// randomPackage builds a ResourceList mixing odd YAML shapes with specs and
// objects the function patches or prunes. Seeded: the same every run.
func randomPackage(r *rand.Rand) []byte {
	pad := []string{"", "  ", "    "}[r.Intn(3)]
	nl := "\n"
	if r.Intn(8) == 0 {
		nl = "\r\n"
	}
	var items []string
	n := 1 + r.Intn(8)
	for i := 0; i < n; i++ {
		items = append(items, oddItems[r.Intn(len(oddItems))](i))
	}
	specName := []string{"openai", "ollama", "bedrock"}[r.Intn(3)]
	var fc string
	switch r.Intn(4) {
	case 0: // in-package spec
		items = append(items, fmt.Sprintf("apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n  name: %s\n  namespace: ai\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n    internal.config.kubernetes.io/path: specs/%s.yaml\nspec:\n%s", specName, specName, specBodies[specName]))
	case 1: // a broken spec: everything must come back unchanged
		fc = "functionConfig:\n  apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendSpec\n  metadata: {name: bad, namespace: ai}\n  spec: {provider: nope, endpoint: {port: 0}}\n"
	default:
		fc = "functionConfig:\n  apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendSpec\n  metadata:\n    name: " + specName + "\n    namespace: ai\n  spec:\n" + indentBlock(specBodies[specName], "  ")
	}
	if r.Intn(2) == 0 { // an existing object to patch
		items = append(items, fmt.Sprintf("apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata:\n  name: %s # hand-written\n  namespace: ai\nspec:\n  schema: {name: OpenAI}\n  backendRef: {name: svc, port: 80}\n  extra: kept\n", specName))
	}
	if r.Intn(2) == 0 { // an owned object to prune
		items = append(items, fmt.Sprintf("apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: %s-old\n  namespace: ai\n  annotations:\n    fn.aigw.dev/spec: ai/%s\nspec: {}\n", specName, specName))
	}
	r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	var b strings.Builder
	if r.Intn(2) == 0 {
		b.WriteString(fc)
		fc = ""
	}
	b.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n")
	for _, it := range items {
		b.WriteString(indentItem(it, pad))
	}
	b.WriteString(fc)
	return []byte(strings.ReplaceAll(b.String(), "\n", nl))
}

func indentBlock(s, pad string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = pad + lines[i]
	}
	return strings.Join(lines, "\n") + "\n"
}

var specBodies = map[string]string{
	"openai":  "  provider: openai\n  auth: {secretRef: {name: k}}\n",
	"ollama":  "  provider: openai-compatible\n  endpoint:\n    service: {name: ollama, port: 11434}\n",
	"bedrock": "  provider: aws-bedrock\n  endpoint: {region: us-east-1}\n",
}

// oddItems are unrelated objects in the YAML shapes real packages contain.
var oddItems = []func(i int) string{
	func(i int) string { // comments everywhere
		return fmt.Sprintf("# head comment\napiVersion: v1 # trailing\nkind: ConfigMap\nmetadata:\n  name: cm-%d\n  # inner comment\n  annotations:\n    config.kubernetes.io/path: cm.yaml\ndata:\n  key: value # c\n", i)
	},
	func(i int) string { // block scalars containing list markers and document markers
		return fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: script-%d\ndata:\n  run.sh: |\n    - apiVersion: v1\n    ---\n    kind: Backend\n  folded: >-\n    text\n    more\n", i)
	},
	func(i int) string { // flow style
		return fmt.Sprintf("{apiVersion: v1, kind: Service, metadata: {name: flow-%d}, spec: {ports: [{port: 80}]}}", i)
	},
	func(i int) string { // anchors and aliases inside one item
		return fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: anchors-%d\n  labels: &l {app: a}\nspec:\n  selector:\n    matchLabels: *l\n", i)
	},
	func(i int) string { // quoted keys and values, unicode
		return fmt.Sprintf("\"apiVersion\": 'v1'\n\"kind\": \"ConfigMap\"\nmetadata:\n  name: \"quoted-%d\"\ndata:\n  greeting: \"héllo\\nwörld\"\n", i)
	},
	func(i int) string { // a nested kind key that is not the top-level one
		return fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nested-%d\ndata:\n  inner: |\n    kind: Backend\nspec:\n  kind: Backend\n", i)
	},
	func(i int) string { // multi-line plain and quoted scalars
		return fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: multi-%d\ndata:\n  plain: this is\n    continued\n  quoted: \"a\n    b\"\n", i)
	},
	func(i int) string { // a generated kind the function does not own (no annotation)
		return fmt.Sprintf("apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: unrelated-%d\n  namespace: ai\nspec:\n  endpoints:\n  - fqdn: {hostname: x.example.com, port: 443}\n", i)
	},
	func(i int) string { // 4-space indentation
		return fmt.Sprintf("apiVersion: v1\nkind: Secret\nmetadata:\n    name: wide-%d\n    namespace: ai\nstringData:\n    k: v\n", i)
	},
}

// FuzzFastVsFull is the differential fuzz target of the two engines:
// whenever the fast path accepts an input (as Run would use it), its output
// must equal the full path's — the decoded ResourceList (items, results,
// functionConfig), the stderr lines and the exit code. Run it with
//
//	go test -run '^$' -fuzz '^FuzzFastVsFull$' -fuzztime 30s ./fn
//
// (make fuzz-smoke runs it briefly). Seeds: the golden inputs, the
// regression cases of engines_test.go and seeded random packages.
func FuzzFastVsFull(f *testing.F) {
	goldens, _ := filepath.Glob("testdata/golden/*/input.yaml")
	for _, p := range goldens {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, in := range engineSeeds() {
		f.Add([]byte(in))
	}
	rng := rand.New(rand.NewSource(2))
	for i := 0; i < 40; i++ {
		f.Add(randomPackage(rng))
	}
	stats := newFuzzStats("FuzzFastVsFull")
	f.Fuzz(func(t *testing.T, in []byte) {
		compared := false
		defer func() { stats.record(compared) }()
		if len(in) > 64<<10 || !bytes.HasSuffix(in, []byte("\n")) {
			return // Run never gives such input to the fast path
		}
		l, ok := rawlist.Parse(in)
		if !ok {
			return
		}
		fast, ok := runFast(l, Options{})
		if !ok {
			return
		}
		compared = true
		full := runFull(in, Options{})
		if diff := outputDiff(fast, full); diff != "" {
			t.Fatal(diff)
		}
	})
}

// fuzzDecode returns the values of a ResourceList's items, results and
// functionConfig, by value (styles ignored), and the comment lines of the
// items in order (itemComments). Mappings become lists of key/value pairs,
// so a key written twice (which kyaml, and so both engines, accept in an
// item they pass through) compares too.
func fuzzDecode(b []byte) ([4]any, error) {
	var out [4]any
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return out, err
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return out, fmt.Errorf("not a mapping")
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		slot := map[string]int{"items": 0, "results": 1, "functionConfig": 2}
		k, ok := slot[m.Content[i].Value]
		if !ok {
			continue
		}
		v, err := nodeValue(m.Content[i+1])
		if err != nil {
			return out, err
		}
		if l, ok := v.([]any); k == 0 && (ok && len(l) == 0 || v == nil) {
			v = nil // items: [] and no items
		}
		if k == 0 {
			if c := itemComments(m.Content[i+1]); len(c) > 0 {
				out[3] = c
			}
		}
		out[k] = v
	}
	return out, nil
}

func nodeValue(n *yaml.Node) (any, error) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := nodeValue(c)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		if n.Kind == yaml.MappingNode {
			return map[string]any{"pairs": l}, nil
		}
		return l, nil
	}
	var v any
	err := n.Decode(&v)
	return v, err
}

// engineSeeds are the inputs of the engine regression tests.
func engineSeeds() []string {
	spec := engSpecOpenAI
	return []string{
		engList(engKeySecret, spec),
		engList(spec, engKeySecret),
		engList(strings.ReplaceAll(engKeySecret, "internal.config", "config"), spec),
		engList("apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai-tls\n  namespace: ai\n  annotations:\n    fn.aigw.dev/spec: ai/openai\n",
			"apiVersion: example.com/v1\nkind: Backend\nmetadata:\n  name: x\n  namespace: ai\n  annotations:\n    fn.aigw.dev/spec: ai/openai\n",
			strings.Replace(spec, "  auth:", "  tls: {enabled: false}\n  auth:", 1)),
		engList("apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: openai\n  namespace: ai\nspec:\n  endpoints: &e\n  - fqdn: {hostname: h, port: 1}\n  x: *e\n", spec),
		engList("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\ndata:\n  f: >\n    a\n      b\n    c\n  k: >+\n    t\n\n", spec),
		engList("apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: openai\nspec: {}\n",
			"apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: openai\n  namespace: default\nspec: {}\n",
			strings.Replace(spec, "namespace: ai", "namespace: default", 1)),
		engList(engKeySecret, strings.Replace(spec, "path: spec.yaml", "path: ../spec.yaml", 1)),
	}
}
