package pipeline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/fn/read"
)

// The cases in this file hold the fast path to reading the shapes that once
// sent a whole list to the full parse — a flow-style item, an item with an
// anchor or a tag before its mapping, a list without a final line break, a
// JSON list — and to giving the same output as the full path on them.

// engFlowSpec is engSpecOpenAI as a flow mapping over several lines.
const engFlowSpec = `{apiVersion: fn.aigw.dev/v1alpha1, kind: AIBackendSpec,
  metadata: {name: openai, namespace: ai, annotations: {config.kubernetes.io/local-config: "true",
      internal.config.kubernetes.io/path: spec.yaml, internal.config.kubernetes.io/index: "0"}},
  spec: {provider: openai, auth: {secretRef: {name: openai-key}}}}
`

// engTricky is a ConfigMap whose values YAML would read as other types or
// other strings if a writer dropped their quotes.
const engTricky = `apiVersion: v1
kind: ConfigMap
metadata:
  name: tricky
  namespace: ai
data:
  "yes": "yes"
  "on": "On"
  n: "n"
  f: "1.0"
  i: "012"
  nul: "null"
  tilde: "~"
  spaces: " lead and trail "
  colon: "a: b"
  hash: "a #b"
  merge: "<<"
  empty: ""
  unicode: "é☃😀"
  escaped: "tab\there\nline"
  json: "{\"k\": [1]}"
  date: "2001-12-14"
  lines: "line one\n  two\n\n"
  lead: "\n x\n# not a comment\n- not an item"
  breaks: "\n\n"
  crlf: "a\r\nb"
n: 1.5
b: true
z: null
e: 1e3
list: [1, "1", true, "true", [], {}]
`

func toJSON(t *testing.T, yamlList string, indent bool) string {
	t.Helper()
	j, ok := genJSON(yamlList, indent)
	require.True(t, ok, "no JSON spelling for:\n%s", yamlList)
	return string(j)
}

func TestEngineOddItemsTakeTheFastPath(t *testing.T) {
	same := func(t *testing.T, in []byte, out Output) { engSameValues(t, in, out.ResourceList) }
	for _, c := range []engineCase{
		{name: "flow-item", in: engList(engKeySecret, engSpecOpenAI, engFlow), fast: true, check: same},
		{name: "flow-items-around", in: engList(engFlow, engKeySecret, engFlow, engSpecOpenAI, engFlow), fast: true, check: same},
		{name: "multi-line-flow-spec", in: engList(engKeySecret, engFlowSpec), fast: true, check: same},
		{name: "flow-secret", in: engList(engSpecOpenAI, "{apiVersion: v1, kind: Secret, metadata: {name: openai-key, namespace: ai,\n  annotations: {internal.config.kubernetes.io/path: aigw-openai.yaml}}, stringData: {apiKey: x}}\n"), fast: true, check: same},
		{name: "anchored-spec", in: engList(engKeySecret, "&spec\n"+engSpecOpenAI), fast: true, check: same},
		{name: "tagged-secret", in: engList("!!map\n"+engKeySecret, engSpecOpenAI), fast: true, check: same},
		{name: "anchored-flow-item", in: engList(engSpecOpenAI, "&cm !!map {apiVersion: v1, kind: ConfigMap, metadata: &m {name: a}, data: {k: v}}\n"), fast: true, check: same},
		{name: "odd-tags", in: engList(engSpecOpenAI, engKeySecret, "!!str\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n", "!foo {apiVersion: v1, kind: ConfigMap, metadata: {name: f}}\n", "{}\n"), fast: true, check: same},
		{name: "bad-flow-spec", in: engList(engKeySecret, "{apiVersion: fn.aigw.dev/v1alpha1, kind: AIBackendSpec, metadata: {name: x, namespace: ai}, spec: {provider: bogus}}\n"), fast: true, exit: 1, check: func(t *testing.T, in []byte, out Output) {
			engStderrHas(t, out, "bogus")
			engSameValues(t, in, out.ResourceList)
		}},
		// an escape go-yaml does not know, in an item the function does
		// not read: the full path reports it (the fast path took it once)
		{name: "slash-escape-in-block", in: engList(engSpecOpenAI, engKeySecret, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata:\n  k: \"a\\/b\"\n"), exit: 1},
		// go-yaml hangs these comments by rules the fast path does not model
		{name: "comment-after-flow-item", in: engList(engSpecOpenAI, engFlow+"\n# about it\n", engKeySecret), check: same},
		{name: "flow-sequence-item", in: engList(engSpecOpenAI, "[a, b]\n"), exit: 1},
	} {
		t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
	}
}

func TestEngineNoFinalLineBreakTakesTheFastPath(t *testing.T) {
	same := func(t *testing.T, in []byte, out Output) { engSameValues(t, in, out.ResourceList) }
	var cases []engineCase
	for _, v := range []string{"|\n    text", "|+\n    text", "|-\n    text", ">\n    folded\n    text", ">+\n    text\n  ", "|2\n     more", "plain", "'quoted'", "{a: b}", "|\n    text\n\n  "} {
		last := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: last, namespace: ai}\ndata:\n  k: " + v + "\n"
		cases = append(cases,
			engineCase{name: "unrelated/" + v, in: strings.TrimSuffix(engList(engKeySecret, engSpecOpenAI, last), "\n"), fast: true, check: same},
			engineCase{name: "after-spec/" + v, in: strings.TrimSuffix(engList(engKeySecret, last, engSpecOpenAI), "\n"), fast: true, check: same},
		)
	}
	// the spec with its metadata last, ending in a block scalar
	spec := "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nspec:\n  provider: openai\n  auth: {secretRef: {name: openai-key}}\n" +
		"metadata:\n  name: openai\n  namespace: ai\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n" +
		"    internal.config.kubernetes.io/path: spec.yaml\n    internal.config.kubernetes.io/index: \"0\"\n    note: |\n      the last line\n"
	cases = append(cases,
		engineCase{name: "spec-last", in: strings.TrimSuffix(engList(engKeySecret, spec), "\n"), fast: true, check: same},
		engineCase{name: "functionConfig-last", in: strings.TrimSuffix(engList(engKeySecret)+"functionConfig:\n"+indentBlock(spec, "  "), "\n"), fast: true, check: same},
		// go-yaml hangs a comment that ends the input on the node before it
		engineCase{name: "comment-last", in: engList(engKeySecret, engSpecOpenAI) + "# the end", check: same},
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
	}
}

func TestEngineJSONListTakesTheFastPath(t *testing.T) {
	same := func(t *testing.T, in []byte, out Output) { engSameValues(t, in, out.ResourceList) }
	withFC := engList(engKeySecret, engTricky) + "functionConfig:\n" + indentBlock(engSpecOpenAI, "  ")
	for _, c := range []engineCase{
		{name: "compact", in: toJSON(t, engList(engKeySecret, engSpecOpenAI, engTricky), false), fast: true, check: same},
		{name: "indented", in: toJSON(t, engList(engTricky, engSpecOpenAI, engKeySecret), true), fast: true, check: same},
		{name: "functionConfig-spec", in: toJSON(t, withFC, true), fast: true, check: same},
		{name: "no-items", in: `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": []}`},
		{name: "not-a-list", in: `{"apiVersion": "v1", "kind": "ConfigMap"}`, exit: 1},
		// "\/" is JSON but no escape to go-yaml: the full path reports it
		{name: "slash-escape", in: strings.Replace(toJSON(t, engList(engKeySecret, engSpecOpenAI, engTricky), false), `"colon":"a: b"`, `"colon":"a:\/b"`, 1), exit: 1},
		{name: "yaml-flow-list", in: "{apiVersion: config.kubernetes.io/v1, kind: ResourceList, items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}]}\n"},
	} {
		t.Run(c.name, func(t *testing.T) { runEngines(t, c) })
	}
}

// TestEngineJSONDuplicateKeys: a key written twice in a JSON list is
// handled as in the same list in block style: in an object the function
// reads, the full path reports it (with the input's line numbers); in
// another object, the item comes back as it was, both keys kept.
func TestEngineJSONDuplicateKeys(t *testing.T) {
	for _, c := range []struct {
		name, in, kept string
		fast           bool
	}{
		{"in-spec", strings.Replace(toJSON(t, engList(engKeySecret, engSpecOpenAI), false), `"provider":"openai"`, `"provider":"openai","provider":"openai"`, 1), "", false},
		{"in-other", strings.Replace(toJSON(t, engList(engKeySecret, engSpecOpenAI, engTricky), false), `"n":"n"`, `"n":"n","n":"m"`, 1), `"n": m`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := []byte(c.in)
			full := runFull(in, Options{})
			l, ok := read.List(in)
			require.True(t, ok)
			fast, ok := runFast(l, Options{})
			require.Equal(t, c.fast, ok, "does the fast path take the input?")
			auto := Run(in)
			require.Equal(t, full.ExitCode, auto.ExitCode)
			require.Equal(t, full.Stderr, auto.Stderr)
			if c.fast {
				require.Equal(t, full.ExitCode, fast.ExitCode)
				require.Contains(t, string(fast.ResourceList), c.kept)
				require.Contains(t, string(full.ResourceList), `"n": "m"`, "the full path keeps both keys too")
			}
		})
	}
}
