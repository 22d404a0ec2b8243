package pipeline

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// The tests in this file hold both engines — the fast path (rawlist +
// runFast) and the full path (runFull) — to the same outcome on inputs
// that once made them disagree, lose or corrupt a user's object.

// engineCase is one input and what any engine must make of it.
type engineCase struct {
	name string
	in   string
	// fast says whether the fast path must accept the input (true), must
	// refuse it (false); the full path always runs.
	fast bool
	// exit is the exit code both engines must give.
	exit int
	// check inspects one engine's output.
	check func(t *testing.T, in []byte, out Output)
}

// runEngines runs c through both engines, checks each, and checks that
// they agree. It returns the full path's output.
func runEngines(t *testing.T, c engineCase) Output {
	t.Helper()
	in := []byte(c.in)
	full := runFull(in, Options{})
	t.Run("full", func(t *testing.T) { checkEngine(t, c, in, full) })
	var fast Output
	fastOK := false
	if l, ok := read.List(in); ok {
		fast, fastOK = runFast(l, Options{})
	}
	require.Equal(t, c.fast, fastOK, "does the fast path take the input?")
	if fastOK {
		t.Run("fast", func(t *testing.T) { checkEngine(t, c, in, fast) })
		assert.Equal(t, full.ExitCode, fast.ExitCode)
		assert.Equal(t, full.Stderr, fast.Stderr)
		assertSameResourceList(t, full.ResourceList, fast.ResourceList)
	}
	// Run picks one of them.
	assert.Equal(t, full.ExitCode, Run(in).ExitCode)
	return full
}

func checkEngine(t *testing.T, c engineCase, in []byte, out Output) {
	t.Helper()
	require.Equal(t, c.exit, out.ExitCode, "stderr: %s\noutput:\n%s", strings.Join(out.Stderr, "\n"), out.ResourceList)
	var v any
	require.NoError(t, yaml.Unmarshal(out.ResourceList, &v), "the output must parse:\n%s", out.ResourceList)
	if c.exit == 0 {
		again := Run(out.ResourceList)
		assert.Equal(t, 0, again.ExitCode, "second run: %s", again.Stderr)
		assert.Equal(t, string(out.ResourceList), string(again.ResourceList), "a second run must change nothing")
	}
	if c.check != nil {
		c.check(t, in, out)
	}
}

// engItems decodes the items of a ResourceList.
func engItems(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var rl struct {
		Items []map[string]any `yaml:"items"`
	}
	require.NoError(t, yaml.Unmarshal(b, &rl), "%s", b)
	return rl.Items
}

func engAnnotations(it map[string]any) map[string]any {
	m, _ := it["metadata"].(map[string]any)
	a, _ := m["annotations"].(map[string]any)
	return a
}

// engFind returns the decoded items of the given kind and name.
func engFind(items []map[string]any, apiVersion, kind, name string) []map[string]any {
	var out []map[string]any
	for _, it := range items {
		m, _ := it["metadata"].(map[string]any)
		if it["apiVersion"] == apiVersion && it["kind"] == kind && m["name"] == name {
			out = append(out, it)
		}
	}
	return out
}

// engUniqueFiles checks that no two items share a (path, index) pair, as
// kpt requires.
func engUniqueFiles(t *testing.T, out []byte) {
	t.Helper()
	seen := map[string]int{}
	for i, it := range engItems(t, out) {
		a := engAnnotations(it)
		p, _ := a["internal.config.kubernetes.io/path"].(string)
		if p == "" {
			p, _ = a["config.kubernetes.io/path"].(string)
		}
		idx, _ := a["internal.config.kubernetes.io/index"].(string)
		if idx == "" {
			idx, _ = a["config.kubernetes.io/index"].(string)
		}
		if p == "" {
			continue
		}
		key := filepath.Clean(p) + "#" + orDefault(idx, "0")
		if j, dup := seen[key]; dup {
			t.Errorf("items %d and %d both at path %s index %s:\n%s", j, i, p, idx, out)
		}
		seen[key] = i
	}
}

// engSameValues checks that every input item of a kind the function does
// not generate decodes to the same value from the output, in order.
func engSameValues(t *testing.T, in, out []byte) {
	t.Helper()
	var a, b []map[string]any
	for _, it := range engItems(t, in) {
		av, _ := it["apiVersion"].(string)
		k, _ := it["kind"].(string)
		if meta.RoleOf(av, k) != meta.RoleGenerated {
			a = append(a, it)
		}
	}
	for _, it := range engItems(t, out) {
		av, _ := it["apiVersion"].(string)
		k, _ := it["kind"].(string)
		if meta.RoleOf(av, k) != meta.RoleGenerated {
			b = append(b, it)
		}
	}
	require.Equal(t, len(a), len(b), "items the function does not generate: in vs out")
	for i := range a {
		assert.True(t, reflect.DeepEqual(a[i], b[i]), "item %d changed:\nin:  %#v\nout: %#v", i, a[i], b[i])
	}
}

func engStderrHas(t *testing.T, out Output, frags ...string) {
	t.Helper()
	all := strings.Join(out.Stderr, "\n")
	for _, f := range frags {
		assert.Contains(t, all, f)
	}
}

const engSpecOpenAI = `apiVersion: fn.aigw.dev/v1alpha1
kind: AIBackendSpec
metadata:
  name: openai
  namespace: ai
  annotations:
    config.kubernetes.io/local-config: "true"
    internal.config.kubernetes.io/path: spec.yaml
    internal.config.kubernetes.io/index: "0"
spec:
  provider: openai
  auth: {secretRef: {name: openai-key}}
`

// engKeySecret is the API-key Secret a user keeps in the file the function
// writes to, at index 0 (the kpt render defect).
const engKeySecret = `apiVersion: v1
kind: Secret
metadata:
  name: openai-key
  namespace: ai
  annotations:
    internal.config.kubernetes.io/path: aigw-openai.yaml
    internal.config.kubernetes.io/index: "0"
stringData:
  apiKey: sk-placeholder
`

func engList(items ...string) string {
	var b strings.Builder
	b.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n")
	for _, it := range items {
		b.WriteString(indentItem(it, ""))
	}
	return b.String()
}

// engFlow is an unrelated flow-style item. The fast path once refused any
// list holding one; now it parses the item on its own (its header is not
// certain), so the cases that add it hold both paths to the same output
// on a list with a flow-style item.
const engFlow = "{apiVersion: v1, kind: ConfigMap, metadata: {name: flow, namespace: ai}, data: {k: v}}"

func TestEngineClass1IndexesUniqueOverAllItems(t *testing.T) {
	check := func(t *testing.T, in []byte, out Output) {
		engUniqueFiles(t, out.ResourceList)
		items := engItems(t, out.ResourceList)
		b := engFind(items, "gateway.envoyproxy.io/v1alpha1", "Backend", "openai")
		require.Len(t, b, 1)
		assert.Equal(t, "aigw-openai.yaml", engAnnotations(b[0])["internal.config.kubernetes.io/path"])
		assert.Equal(t, "1", engAnnotations(b[0])["internal.config.kubernetes.io/index"], "index 0 is the Secret's")
	}
	for _, c := range []engineCase{
		{name: "secret-first", in: engList(engKeySecret, engSpecOpenAI), fast: true, check: check},
		{name: "secret-last", in: engList(engSpecOpenAI, engKeySecret), fast: true, check: check},
		{name: "full-path", fast: true, in: engList(engKeySecret, engSpecOpenAI, engFlow), check: check},
		{name: "legacy-annotations", in: engList(strings.ReplaceAll(engKeySecret, "internal.config", "config"), engSpecOpenAI), fast: true, check: check},
		{name: "dot-slash-path", in: engList(strings.ReplaceAll(engKeySecret, "path: aigw-", "path: ./aigw-"), engSpecOpenAI), fast: true, check: check},
		{name: "no-index-annotation", in: engList(strings.Replace(engKeySecret, "    internal.config.kubernetes.io/index: \"0\"\n", "", 1), engSpecOpenAI), fast: true, check: check},
		{name: "escaped-path", in: engList(strings.ReplaceAll(engKeySecret, "path: aigw-openai.yaml", `path: "\x61igw-openai.yaml"`), engSpecOpenAI), fast: true, check: check},
		{name: "quoted-path", in: engList(strings.ReplaceAll(engKeySecret, "path: aigw-openai.yaml", `path: "aigw-openai.yaml"`), engSpecOpenAI), fast: true, check: check},
		// Any kind the fast path copies as bytes, not only a Secret.
		{name: "configmap-in-the-file", in: engList("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ai\n  annotations:\n    internal.config.kubernetes.io/path: aigw-openai.yaml\n    internal.config.kubernetes.io/index: '0'\ndata: {k: v}\n", engSpecOpenAI), fast: true, check: check},
	} {
		t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
	}
}

func TestEngineClass2OnlyGeneratedKindsArePruned(t *testing.T) {
	owned := func(apiVersion, kind, name string) string {
		return fmt.Sprintf("apiVersion: %s\nkind: %s\nmetadata:\n  name: %s\n  namespace: ai\n  annotations:\n    fn.aigw.dev/spec: ai/openai\n    internal.config.kubernetes.io/path: other.yaml\n", apiVersion, kind, name)
	}
	// With TLS off the spec no longer produces openai-tls: the real one is
	// pruned, look-alikes of other groups or kinds stay.
	spec := strings.Replace(engSpecOpenAI, "  auth:", "  tls: {enabled: false}\n  auth:", 1)
	items := []string{
		owned("v1", "Secret", "openai-tls"),
		owned("example.com/v1", "Backend", "openai-old"),
		owned("example.com/v1", "BackendTLSPolicy", "openai-tls"),
		owned("gateway.networking.k8s.io/v1", "BackendTLSPolicy", "openai-tls"),
		spec,
	}
	check := func(t *testing.T, in []byte, out Output) {
		got := engItems(t, out.ResourceList)
		assert.Len(t, engFind(got, "v1", "Secret", "openai-tls"), 1, "a Secret is never pruned")
		assert.Len(t, engFind(got, "example.com/v1", "Backend", "openai-old"), 1, "another group's Backend is never pruned")
		assert.Len(t, engFind(got, "example.com/v1", "BackendTLSPolicy", "openai-tls"), 1)
		assert.Empty(t, engFind(got, "gateway.networking.k8s.io/v1", "BackendTLSPolicy", "openai-tls"), "the generated kind is pruned")
		engSameValues(t, in, out.ResourceList)
	}
	flowSecret := "{apiVersion: v1, kind: Secret, metadata: {name: openai-tls, namespace: ai, annotations: {fn.aigw.dev/spec: ai/openai}}}"
	for _, c := range []engineCase{
		{name: "block", in: engList(items...), fast: true, check: check},
		{name: "full-path", fast: true, in: engList(append(items, engFlow)...), check: check},
		{name: "flow-style-secret", fast: true, in: engList(append([]string{flowSecret}, items[1:]...)...), check: check},
		// In-package mode with the spec gone: owned objects of the four
		// kinds go, the rest stays.
		{name: "spec-gone", in: engList(items[:4]...), fast: true, check: func(t *testing.T, in []byte, out Output) {
			got := engItems(t, out.ResourceList)
			assert.Len(t, got, 3)
			assert.Len(t, engFind(got, "v1", "Secret", "openai-tls"), 1)
		}},
	} {
		t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
	}
}

func TestEngineClass3AliasesIntoReplacedFields(t *testing.T) {
	backend := `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: openai
  namespace: ai
  annotations:
    fn.aigw.dev/spec: ai/openai
    internal.config.kubernetes.io/path: aigw-openai.yaml
    internal.config.kubernetes.io/index: "0"
spec:
  endpoints: &eps
  - fqdn: {hostname: old.example.com, port: 8443}
  x-copy: *eps
`
	wantOld := []any{map[string]any{"fqdn": map[string]any{"hostname": "old.example.com", "port": 8443}}}
	check := func(t *testing.T, in []byte, out Output) {
		got := engItems(t, out.ResourceList)
		b := engFind(got, "gateway.envoyproxy.io/v1alpha1", "Backend", "openai")
		require.Len(t, b, 1)
		spec := b[0]["spec"].(map[string]any)
		assert.Equal(t, wantOld, spec["x-copy"], "the alias keeps the value it had")
		assert.NotEqual(t, wantOld, spec["endpoints"], "the owned field is patched")
	}
	cm := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ai}\ndata:\n  copy: *eps\n"
	for _, c := range []engineCase{
		{name: "same-item", in: engList(backend, engSpecOpenAI), fast: true, check: check},
		{name: "same-item-full-path", fast: true, in: engList(backend, engSpecOpenAI, engFlow), check: check},
		{name: "other-item", in: engList(strings.Replace(backend, "  x-copy: *eps\n", "", 1), cm, engSpecOpenAI), check: func(t *testing.T, in []byte, out Output) {
			got := engItems(t, out.ResourceList)
			c := engFind(got, "v1", "ConfigMap", "c")
			require.Len(t, c, 1)
			assert.Equal(t, wantOld, c[0]["data"].(map[string]any)["copy"])
		}},
		{name: "pruned-item", in: engList(strings.Replace(strings.Replace(backend, "  x-copy: *eps\n", "", 1), "name: openai\n", "name: gone\n", 1), cm, engSpecOpenAI), check: func(t *testing.T, in []byte, out Output) {
			got := engItems(t, out.ResourceList)
			assert.Empty(t, engFind(got, "gateway.envoyproxy.io/v1alpha1", "Backend", "gone"))
			c := engFind(got, "v1", "ConfigMap", "c")
			require.Len(t, c, 1)
			assert.Equal(t, wantOld, c[0]["data"].(map[string]any)["copy"])
		}},
	} {
		t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
	}
}

func TestEngineClass4UntouchedValuesStay(t *testing.T) {
	odd := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\n  namespace: ai\ndata:\n" +
		"  folded: >\n    a\n      more indented\n    b\n" +
		"  keep: >+\n    text\n\n\n" +
		"  lit: |+\n    x\n\n" +
		"  lead: >2\n      leading spaces\n    next\n"
	check := func(t *testing.T, in []byte, out Output) { engSameValues(t, in, out.ResourceList) }
	// A functionConfig anchor sends the input to the full path.
	fc := "functionConfig:\n  apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendSpec\n  metadata: {name: openai, namespace: ai}\n  spec:\n    provider: &p openai\n    auth: {secretRef: {name: openai-key}}\n"
	patched := `apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata:
  name: openai
  namespace: ai
  annotations:
    fn.aigw.dev/spec: ai/openai
    note: >
      keep
        this
      exactly
spec:
  schema: {name: AzureOpenAI}
`
	for _, c := range []engineCase{
		{name: "folded-fast", in: engList(odd, engSpecOpenAI), fast: true, check: check},
		{name: "folded-full-fc-anchor", in: engList(odd) + fc, check: check},
		{name: "unowned-annotation-on-patched-object", in: engList(patched, engSpecOpenAI), fast: true, check: func(t *testing.T, in []byte, out Output) {
			got := engItems(t, out.ResourceList)
			a := engFind(got, "aigateway.envoyproxy.io/v1beta1", "AIServiceBackend", "openai")
			require.Len(t, a, 1)
			assert.Equal(t, "keep\n  this\nexactly\n", engAnnotations(a[0])["note"])
		}},
		{name: "unowned-annotation-full-path", fast: true, in: engList(patched, engSpecOpenAI, engFlow), check: func(t *testing.T, in []byte, out Output) {
			a := engFind(engItems(t, out.ResourceList), "aigateway.envoyproxy.io/v1beta1", "AIServiceBackend", "openai")
			require.Len(t, a, 1)
			assert.Equal(t, "keep\n  this\nexactly\n", engAnnotations(a[0])["note"])
		}},
		// kyaml reads "# note" as the foot comment of the ConfigMap's first
		// key and writes it after that key; the fast path keeps it before
		// the item. The comment stays in either case.
		{name: "comment-before-a-head-comment", in: engList(engSpecOpenAI) + "# note\n- # head\n  apiVersion: v1 # core\n  kind: ConfigMap\n  metadata: {name: c, namespace: ai}\n", fast: true, check: func(t *testing.T, in []byte, out Output) {
			assert.Contains(t, string(out.ResourceList), "# note\n")
			assert.Contains(t, string(out.ResourceList), "# head\n")
			engSameValues(t, in, out.ResourceList)
		}},
		// Clip at the end of input without a final line break: the value
		// has no trailing newline, and must not gain one.
		{name: "clip-at-eof", fast: true, in: strings.TrimSuffix(engList(engSpecOpenAI, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: last, namespace: ai}\ndata:\n  k: |\n    no newline at the end\n"), "\n"), check: check},
	} {
		t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
	}
}

func TestEngineClass5MalformedItems(t *testing.T) {
	check := func(t *testing.T, in []byte, out Output) {
		engStderrHas(t, out, "error: item 1: this item is null")
		var rl struct {
			Items []any `yaml:"items"`
		}
		require.NoError(t, yaml.Unmarshal(out.ResourceList, &rl))
		assert.Len(t, rl.Items, 3, "every item comes back")
		assert.Nil(t, rl.Items[1])
	}
	for _, c := range []engineCase{
		{name: "null", in: engList(engKeySecret, "null", engSpecOpenAI), exit: 1, check: check},
		{name: "empty-entry", in: strings.Replace(engList(engKeySecret, "null", engSpecOpenAI), "- null\n", "-\n", 1), exit: 1, check: check},
	} {
		t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
	}
}

func TestEngineClass6InvalidYAMLInUnrelatedItem(t *testing.T) {
	long := strings.Repeat("k", 1100)
	for _, c := range []engineCase{
		{name: "long-implicit-key", in: engList("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ai}\ndata:\n  "+long+": v\n", engSpecOpenAI), exit: 1},
		{name: "long-flow-key", in: engList("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ai}\ndata: {"+long+": v}\n", engSpecOpenAI), exit: 1},
		// Just under the limit is valid YAML; the fast path still takes it.
		{name: "key-under-limit", in: engList("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ai}\ndata:\n  "+long[:900]+": v\n", engSpecOpenAI), fast: true},
	} {
		t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
	}
}

func TestEngineClass7AmbiguousTargets(t *testing.T) {
	backend := func(ns, file string) string {
		s := "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: openai\n"
		if ns != "" {
			s += "  namespace: " + ns + "\n"
		}
		return s + "  annotations:\n    internal.config.kubernetes.io/path: " + file + "\n    internal.config.kubernetes.io/index: \"0\"\nspec: {}\n"
	}
	spec := strings.Replace(engSpecOpenAI, "namespace: ai", "namespace: default", 1)
	check := func(t *testing.T, in []byte, out Output) {
		engStderrHas(t, out, "Backend default/openai is in the package 2 times (a.yaml (index 0) and b.yaml (index 0)")
		engSameValues(t, in, out.ResourceList)
		assert.Len(t, engItems(t, out.ResourceList), 3)
	}
	for _, c := range []engineCase{
		{name: "no-namespace-and-default", in: engList(backend("", "a.yaml"), backend("default", "b.yaml"), spec), fast: true, exit: 1, check: check},
		{name: "same-namespace", in: engList(backend("default", "a.yaml"), backend("default", "b.yaml"), spec), fast: true, exit: 1, check: check},
		{name: "full-path", fast: true, in: engList(backend("", "a.yaml"), backend("default", "b.yaml"), spec, engFlow), exit: 1, check: func(t *testing.T, in []byte, out Output) {
			engStderrHas(t, out, "a.yaml (index 0) and b.yaml (index 0)")
		}},
		// Another group's Backend of the same name is no target at all.
		{name: "other-group-is-not-a-target", in: engList(strings.Replace(backend("default", "a.yaml"), "gateway.envoyproxy.io", "example.com", 1), backend("default", "b.yaml"), spec), fast: true},
	} {
		t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
	}
}

func TestEngineClass9PathsOutsideThePackage(t *testing.T) {
	// "a/../spec.yaml" stays inside, but kpt and kustomize never send such
	// a path: a hand-made list gets the same error.
	for _, p := range []string{"../elsewhere/spec.yaml", "/etc/spec.yaml", "a/../../spec.yaml", "a/../spec.yaml"} {
		spec := strings.Replace(engSpecOpenAI, "path: spec.yaml", "path: "+p, 1)
		check := func(t *testing.T, in []byte, out Output) {
			engStderrHas(t, out, "error: "+p+": metadata.annotations: path \""+p+"\"")
			engSameValues(t, in, out.ResourceList)
		}
		for _, c := range []engineCase{
			{name: p + "/in-package", in: engList(engKeySecret, spec), fast: true, exit: 1, check: check},
			{name: p + "/full-path", fast: true, in: engList(engKeySecret, spec, engFlow), exit: 1, check: check},
		} {
			t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
		}
	}
}

// TestEngineKptPackagesAgree runs the examples as kpt sends them through
// both engines: the fast path must take each, agree with the full path
// (outputDiff) and, like it, give every item its own path and index (the
// broader differential tests are in differential_test.go and
// enginefuzz_test.go).
func TestEngineKptPackagesAgree(t *testing.T) {
	examples, err := filepath.Glob("../../examples/*/kpt")
	require.NoError(t, err)
	require.NotEmpty(t, examples)
	for _, dir := range examples {
		in := packageResourceList(t, dir)
		t.Run(dir, func(t *testing.T) {
			l, ok := rawlist.Parse(in)
			require.True(t, ok, "the fast path must read a kpt package")
			fast, ok := runFast(l, Options{})
			require.True(t, ok, "the fast path must take a kpt package")
			full := runFull(in, Options{})
			assert.Empty(t, outputDiff(fast, full))
			engUniqueFiles(t, full.ResourceList)
			engUniqueFiles(t, fast.ResourceList)
		})
	}
}
