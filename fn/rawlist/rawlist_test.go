package rawlist

import (
	"bytes"
	"fmt"
	"github.com/aigw-dev/aigw-backend/internal/meta"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// rl wraps items text in a minimal ResourceList.
func rl(items string) string {
	return "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + items
}

// writeAll re-emits l with every item as Orig and the given results.
func writeAll(t testing.TB, l *List, results []byte) string {
	t.Helper()
	entries := make([]Entry, len(l.Items))
	for i := range l.Items {
		entries[i] = Entry{Orig: &l.Items[i]}
	}
	var buf bytes.Buffer
	require.NoError(t, l.Write(&buf, entries, results))
	return buf.String()
}

// kyamlItems is the reference split: kyaml's parse of the whole list.
func kyamlItems(in string) ([]*yaml.RNode, error) {
	rn, err := yaml.Parse(in)
	if err != nil {
		return nil, err
	}
	f := rn.Field("items")
	if f == nil || f.Value.YNode().Kind == yaml.ScalarNode && f.Value.YNode().Tag == yaml.NodeTagNull {
		return nil, nil
	}
	return f.Value.Elements()
}

// stripComments renders a node without comments: go-yaml attaches comments
// between items to different nodes depending on the surrounding document, so
// items are compared by content; comment survival is checked separately.
func stripComments(n *yaml.Node) string {
	var clear func(*yaml.Node)
	clear = func(n *yaml.Node) {
		n.HeadComment, n.LineComment, n.FootComment = "", "", ""
		for _, c := range n.Content {
			clear(c)
		}
	}
	clear(n)
	s, err := yaml.String(n)
	if err != nil {
		return "error: " + err.Error()
	}
	return s
}

// allComments returns every comment of a tree.
func allComments(n *yaml.Node) string {
	s := n.HeadComment + "\n" + n.LineComment + "\n" + n.FootComment + "\n"
	for _, c := range n.Content {
		s += allComments(c)
	}
	return s
}

// commentLost checks that kyaml keeps the comment lines of doc (parsed as
// got) that it keeps in the whole list (listComments). A line that looks like
// a comment is one if deleting it leaves the content unchanged (it is not
// inside a scalar). go-yaml drops some comments wherever they are, like one
// before a null sequence entry.
func commentLost(doc string, got *yaml.RNode, listComments string) string {
	comments := allComments(got.Document())
	content := ""
	lines := strings.SplitAfter(doc, "\n")
	for i, line := range lines {
		c := strings.TrimSpace(line)
		if !strings.HasPrefix(c, "#") || strings.Contains(comments, c) || !strings.Contains(listComments, c) {
			continue
		}
		if content == "" {
			content = stripComments(got.Document())
		}
		without, err := yaml.Parse(strings.Join(lines[:i], "") + strings.Join(lines[i+1:], ""))
		if err == nil && stripComments(without.Document()) == content {
			return fmt.Sprintf("comment %q lost", c)
		}
	}
	return ""
}

// check compares a successful Parse with kyaml and the round trip. It returns
// a description of the first difference, or "".
func check(in string, l *List) string {
	// Round trip: without results in the input the output is the input.
	entries := make([]Entry, len(l.Items))
	for i := range l.Items {
		entries[i] = Entry{Orig: &l.Items[i]}
	}
	var buf bytes.Buffer
	if err := l.Write(&buf, entries, nil); err != nil {
		return "write: " + err.Error()
	}
	if !l.results.present && buf.String() != in {
		return fmt.Sprintf("round trip differs:\n%q\n%q", in, buf.String())
	}
	var raw []byte
	for _, it := range l.Items {
		raw = append(raw, it.Raw...)
	}
	if l.hasItems && !bytes.Equal(raw, []byte(in[l.itemsKey.end:l.itemsEnd])) {
		return "item bytes do not tile the items region"
	}
	want, wantErr := kyamlItems(in)
	var listComments string
	if rn, err := yaml.Parse(in); err == nil {
		listComments = allComments(rn.Document())
	}
	if wantErr == nil && len(want) != len(l.Items) {
		return fmt.Sprintf("kyaml has %d items, Parse %d", len(want), len(l.Items))
	}
	for i, it := range l.Items {
		doc := string(it.Document())
		got, err := yaml.Parse(doc)
		if err != nil {
			if wantErr == nil {
				return fmt.Sprintf("item %d: document does not parse: %v\n%s", i, err, doc)
			}
			continue
		}
		if msg := commentLost(doc, got, listComments); msg != "" {
			return fmt.Sprintf("item %d: %s", i, msg)
		}
		h := it.Header
		if wantErr == nil {
			w := want[i]
			if g, k := stripComments(got.YNode()), stripComments(w.YNode()); g != k {
				return fmt.Sprintf("item %d differs from kyaml:\n%s\nvs kyaml:\n%s", i, g, k)
			}
			if h.Certain && (h.Kind != w.GetKind() || h.APIVersion != w.GetApiVersion() ||
				h.Name != w.GetName() || h.Namespace != w.GetNamespace()) {
				return fmt.Sprintf("item %d: header %+v, kyaml %q %q %q %q", i, h,
					w.GetApiVersion(), w.GetKind(), w.GetName(), w.GetNamespace())
			}
			if h.Certain && h.Meta() != meta.Of(w) {
				return fmt.Sprintf("item %d: header meta %+v, the node reader's %+v", i, h.Meta(), meta.Of(w))
			}
		}
		if h.Certain && (h.Kind != got.GetKind() || h.APIVersion != got.GetApiVersion() ||
			h.Name != got.GetName() || h.Namespace != got.GetNamespace()) {
			return fmt.Sprintf("item %d: header %+v, kyaml on document %q %q %q %q", i, h,
				got.GetApiVersion(), got.GetKind(), got.GetName(), got.GetNamespace())
		}
	}
	return ""
}

// mustParse parses in, requires ok, and compares with kyaml.
func mustParse(t *testing.T, in string) *List {
	t.Helper()
	l, ok := Parse([]byte(in))
	require.True(t, ok, "Parse fell back on:\n%s", in)
	_, err := kyamlItems(in)
	require.NoError(t, err, "kyaml rejects the test input")
	require.Empty(t, check(in, l))
	return l
}

func TestRoundTrip(t *testing.T) {
	fc := "functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data: {a: b}\n"
	item := "- apiVersion: v1\n  kind: Service\n  metadata:\n    name: s\n"
	for name, in := range map[string]string{
		"plain":                 rl(item),
		"no trailing newline":   strings.TrimSuffix(rl(item+item), "\n"),
		"fc after":              rl(item) + fc,
		"fc before":             "apiVersion: v1\nkind: ResourceList\n" + fc + "items:\n" + item,
		"doc start and end":     "--- # start\n" + rl(item) + "...\n# after end\n",
		"empty flow items":      "apiVersion: v1\nkind: ResourceList\nitems: []\n" + fc,
		"null items":            "apiVersion: v1\nkind: ResourceList\nitems:\n" + fc,
		"no items":              "apiVersion: v1\nkind: ResourceList\n" + fc,
		"comments around":       "# top\napiVersion: v1 # av\nkind: ResourceList\n\n# before items\nitems: # items\n\n# c0\n" + item + "\n  # indented\n# c1\n" + item + "# tail\n",
		"indented items":        rl("  - a: 1\n    kind: X\n\n  # c\n  - a: 2\n") + fc,
		"four-space items":      rl("    -   a: 1\n        b:\n            c: 2\n"),
		"crlf":                  strings.ReplaceAll(rl(item+item)+fc, "\n", "\r\n"),
		"other top-level keys":  "apiVersion: v1\nkind: ResourceList\nfoo:\n- 1\n- 2\nitems:\n" + item + "bar: |\n  text\n",
		"kind quoted":           "apiVersion: v1\n'kind': \"ResourceList\"\nitems:\n" + item,
		"results in the middle": rl(item) + "results: []\n" + fc,
	} {
		t.Run(name, func(t *testing.T) {
			l := mustParse(t, in)
			want := in
			if l.results.present { // results are dropped when none are given
				want = strings.Replace(in, "results: []\n", "", 1)
			}
			assert.Equal(t, want, writeAll(t, l, nil))
		})
	}
}

func TestWriteResults(t *testing.T) {
	item := "- apiVersion: v1\n  kind: Service\n"
	fc := "functionConfig:\n  a: 1\n"
	res := "- message: hello\n  severity: info\n"
	for _, tc := range []struct {
		name, in string
		results  string // argument to Write
		want     string
		keepOld  bool // pass l.Results() instead
	}{{
		name:    "appended at the end",
		in:      rl(item) + fc,
		results: res,
		want:    rl(item) + fc + "results:\n" + res,
	}, {
		name:    "appended before document end",
		in:      rl(item) + fc + "...\n",
		results: res,
		want:    rl(item) + fc + "results:\n" + res + "...\n",
	}, {
		name:    "newline added when missing",
		in:      strings.TrimSuffix(rl(item)+fc, "\n"),
		results: res,
		want:    rl(item) + fc + "results:\n" + res,
	}, {
		name:    "at the items indentation",
		in:      rl("  - a: 1\n"),
		results: res,
		want:    rl("  - a: 1\n") + "results:\n  - message: hello\n    severity: info\n",
	}, {
		name:    "old results replaced in place",
		in:      rl(item) + "results:\n- message: old\n" + fc,
		results: res,
		want:    rl(item) + "results:\n" + res + fc,
	}, {
		name:    "old results dropped when none given",
		in:      rl(item) + fc + "results:\n- message: old\n",
		results: "",
		want:    rl(item) + fc,
	}, {
		name:    "results before items replaced",
		in:      "apiVersion: v1\nkind: ResourceList\nresults: [{message: old}] # c\n# keep\nitems:\n" + item,
		results: res,
		want:    "apiVersion: v1\nkind: ResourceList\nresults:\n" + res + "# keep\nitems:\n" + item,
	}, {
		name:    "old results kept through Results",
		in:      rl(item) + fc + "results:\n  - message: old\n    severity: info\n",
		keepOld: true,
		want:    rl(item) + fc + "results:\n  - message: old\n    severity: info\n",
	}, {
		name:    "old results at column 0 kept",
		in:      rl(item) + "results:\n- message: old\n" + fc,
		keepOld: true,
		want:    rl(item) + "results:\n- message: old\n" + fc,
	}, {
		name:    "crlf",
		in:      strings.ReplaceAll(rl(item)+fc, "\n", "\r\n"),
		results: res,
		want:    strings.ReplaceAll(rl(item)+fc+"results:\n"+res, "\n", "\r\n"),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			l := mustParse(t, tc.in)
			results := []byte(tc.results)
			if tc.keepOld {
				results = l.Results()
				require.NotNil(t, results)
			}
			out := writeAll(t, l, results)
			assert.Equal(t, tc.want, out)
			_, err := yaml.Parse(out)
			assert.NoError(t, err)
		})
	}
}

func TestWriteEntries(t *testing.T) {
	a := "- apiVersion: v1\n  kind: A # a\n"
	b := "# about b\n- apiVersion: v1\n  kind: B\n  data: |\n    x\n"
	doc := "# new\napiVersion: v2\nkind: C\ndata: |2\n    indented\n\nlist:\n- x\n"
	fc := "functionConfig:\n  a: 1\n"
	for _, tc := range []struct {
		name, in string
		entries  func(l *List) []Entry
		want     string
	}{{
		name: "replace, drop and reorder",
		in:   rl(a+b) + fc,
		entries: func(l *List) []Entry {
			return []Entry{{Orig: &l.Items[1]}, {Doc: []byte(doc)}, {Orig: &l.Items[0]}}
		},
		want: rl(b+"- # new\n  apiVersion: v2\n  kind: C\n  data: |2\n      indented\n\n  list:\n  - x\n"+a) + fc,
	}, {
		name: "indented list",
		in:   rl("    - a: 1\n"),
		entries: func(l *List) []Entry {
			return []Entry{{Orig: &l.Items[0]}, {Doc: []byte("---\nb: 2\nc:\n  d: 3\n")}}
		},
		want: rl("    - a: 1\n    - b: 2\n      c:\n        d: 3\n"),
	}, {
		name:    "all removed",
		in:      rl(a+b) + fc,
		entries: func(*List) []Entry { return nil },
		want:    "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n" + fc,
	}, {
		name:    "added to empty flow items",
		in:      "apiVersion: v1\nkind: ResourceList\nitems: [] # none\n" + fc,
		entries: func(*List) []Entry { return []Entry{{Doc: []byte("a: 1\n")}} },
		want:    "apiVersion: v1\nkind: ResourceList\nitems:\n- a: 1\n" + fc,
	}, {
		name:    "added without items key",
		in:      "apiVersion: v1\nkind: ResourceList\n" + strings.TrimSuffix(fc, "\n"),
		entries: func(*List) []Entry { return []Entry{{Doc: []byte("a: 1")}} },
		want:    "apiVersion: v1\nkind: ResourceList\n" + fc + "items:\n- a: 1\n",
	}, {
		name: "last item without newline moved",
		in:   strings.TrimSuffix(rl(a+b), "\n"),
		entries: func(l *List) []Entry {
			return []Entry{{Orig: &l.Items[1]}, {Orig: &l.Items[0]}}
		},
		want: rl(b + a),
	}, {
		name:    "crlf",
		in:      strings.ReplaceAll(rl(a), "\n", "\r\n"),
		entries: func(l *List) []Entry { return []Entry{{Orig: &l.Items[0]}, {Doc: []byte("b: |\n  x\n")}} },
		want:    strings.ReplaceAll(rl(a+"- b: |\n    x\n"), "\n", "\r\n"),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			l := mustParse(t, tc.in)
			var buf bytes.Buffer
			require.NoError(t, l.Write(&buf, tc.entries(l), nil))
			assert.Equal(t, tc.want, buf.String())
			l2, ok := Parse(buf.Bytes())
			require.True(t, ok)
			assert.Empty(t, check(buf.String(), l2))
		})
	}
	l := mustParse(t, rl(a))
	assert.Error(t, l.Write(&bytes.Buffer{}, []Entry{{Doc: []byte("# only a comment\n")}}, nil))
}

func TestDocumentAndFunctionConfig(t *testing.T) {
	in := rl("# c\n-   a: 1\n    b: |1\n      x\n    c: 2\n") +
		"functionConfig:\n    apiVersion: v1\n  # odd comment\n    data:\n      k: v\n"
	l := mustParse(t, in)
	require.Len(t, l.Items, 1)
	assert.Equal(t, "# c\na: 1\nb: |1\n  x\nc: 2\n", string(l.Items[0].Document()))
	assert.Equal(t, "apiVersion: v1\n# odd comment\ndata:\n  k: v\n", string(l.valueDoc(&l.fc)))
	assert.Nil(t, l.Results())

	for in, want := range map[string]string{
		rl("") + "functionConfig: {a: 1} # c\n":    "{a: 1} # c\n",
		rl("") + "functionConfig:\n":               "",
		rl("") + "functionConfig: null\n":          "",
		rl("") + "functionConfig: 'x'\n":           "'x'\n",
		rl(""):                                     "",
		rl("") + "functionConfig:\n- a\n- b\n":     "- a\n- b\n",
		rl("") + "functionConfig: |\n  text\n":     "|\n  text\n",
		rl("") + "functionConfig:\n  # c only\n":   "",
		rl("") + "functionConfig: [a,\n  b]\nx: 1": "[a,\n  b]\n",
	} {
		l := mustParse(t, in)
		assert.Equal(t, want, string(l.valueDoc(&l.fc)), in)
	}
}

// oddCases are shapes that are easy to get wrong. Each must either be split
// exactly as kyaml does (ok) or fall back; wantOK says which.
var oddCases = []struct {
	name   string
	in     string
	wantOK bool
}{
	{"flow item", rl("- {apiVersion: v1, kind: Backend}\n"), true},
	{"flow items among block items", rl("- a: 1\n- {apiVersion: v1, kind: Backend, metadata: {name: x}} # c\n- b: 2\n"), true},
	{"multi-line flow item", rl("- {apiVersion: v1,\n   kind: Backend,\n # c\n\n metadata: {name: x,\n  labels: {a: \"b\n  c\"}}}\n- b: 2\n"), true},
	{"json item", rl("- {\"apiVersion\": \"v1\", \"kind\": \"Backend\", \"a\": [1, true, null, \"x\\u00e9\"]}\n"), true},
	{"anchored flow item ok", rl("- &a {b: 1, c: &d 2, e: *d}\n- !!map {f: 1}\n"), true},
	{"flow item continued at the dash column", rl("- {a: 1,\n  b: 2}\n"), true},
	{"flow item continued left of the dash", rl("  - {a: 1,\n  b: 2}\n"), false},
	{"flow item then block keys", rl("- {a: 1}\n  b: 2\n"), false},
	{"flow item then a nested line", rl("- {a: 1}\n    b\n"), false},
	{"comment after a flow item", rl("- {a: 1}\n# c\n- b: 2\n"), false},
	{"indented comment after a flow item", rl("- {a: 1}\n  # c\n"), false},
	{"comment before a flow item", rl("- b: 2\n# c\n- {a: 1}\n"), false},
	{"flow sequence item", rl("- [a, b]\n"), false},
	{"unclosed flow item", rl("- {a: 1,\n  b: 2\n"), false},
	{"alias item", rl("- &a {b: 1}\n- *a\n"), false},
	{"flow item after block", rl("- a: 1\n- [1, 2]\n"), false},
	{"flow values", rl("- a: [1, {b: 'x]'}, \"y}\"]\n  c: {d: [e]} # c\n- e: []\n"), true},
	{"multi-line flow", rl("- a: [1,\n    2, # c\n    'x\n    y']\n  b: 1\n- c: {\n   d: e}\n"), true},
	{"multi-line flow too shallow", rl("- a: [1,\n  2]\n"), false},
	{"anchor and alias in item", rl("- a: &x {b: 1}\n  c: *x\n  d: &y\n    e: 1\n  f:\n    <<: *y\n- a: &x 2\n  b: *x\n"), true},
	{"alias crossing items", rl("- a: &x 1\n- b: *x\n"), false},
	{"alias before anchor", rl("- b: *x\n  a: &x 1\n"), false},
	{"anchor in functionConfig", rl("- a: 1\n") + "functionConfig:\n  a: &x 1\n", false},
	{"tag on items", "apiVersion: v1\nkind: ResourceList\nitems: !!seq\n- a: 1\n", false},
	{"anchor on items", "apiVersion: v1\nkind: ResourceList\nitems: &i\n- a: 1\n", false},
	{"tags inside item", rl("- a: !!str 1\n  b: !foo\n    c: 1\n  d: !!binary |\n    aGk=\n"), true},
	{"comments everywhere", rl("# 1\n- # head\n  # more\n\n # odd\n  a: 1\n  b: 2\n-\n    c: 3\n    d:\n    - e\n"), true},
	{"null item", rl("- a: 1\n-\n- b: 2\n"), false},
	{"null item with comment at end", rl("- a: 1\n- # c\n"), false},
	{"item on next line is a sequence", rl("- # c\n  - a\n"), false},
	{"item on next line is a scalar", rl("- # c\n  a\n"), false},
	{"anchored item on next line", rl("- &a\n  b: 1\n"), true},
	{"tagged item on next line", rl("- !!map\n  b: 1\n- &c !!map\n  d: 2\n"), true},
	{"tagged item that is a sequence", rl("- !!seq\n  - b\n"), false},
	{"comments everywhere ok", rl("  # 1\n- a: 1 # 2\n# 3\n  b: # 4\n    # 5\n      c: 2 # 6\n  # 7\n\n# 8\n- d: 'x' # 9\n") + "# 10\n", true},
	{"hash without space", rl("- a: b#c\n  d: 'e'#\n"), false},
	{"hash in values", rl("- a: b#c\n  d: \"#e\"\n  f: 'g # h'\n  i: j # k\n"), true},
	{"block scalars", rl("- a: |\n    ---\n    - apiVersion: v1\n    kind: Backend\n    \"quote\n  b: >-\n\n    more\n     folded\n  c: |+\n    keep\n\n- d: |2-\n     two\n    x\n  e: x\n"), true},
	{"block scalar content looks like item", rl("- a: |\n    - apiVersion: v1\n    kind: Backend\n- b: |1\n   - apiVersion: v1\n   kind: Backend\n"), true},
	{"block scalar content at item column", rl("- a: |\n  - apiVersion: v1\n    kind: Backend\n"), false},
	{"block scalar document marker", rl("- a: |\n   ---\n   ...\n") + "functionConfig:\n  b: |\n    ---\n", true},
	{"block scalar indicators", rl("- a: |1\n   x\n  b: >+2\n     y\n\n  c: |-9\n") + "x: 1\n", true},
	{"block scalar leading blanks", rl("- a: |\n   \n\n    x\n  b: 1\n"), true},
	{"block scalar leading blanks too wide", rl("- a: |\n      \n    x\n  b: 1\n"), false},
	{"block scalar with tab", rl("- a: |\n    x\n    \ty\n  b: |2\n    \tx\n"), true},
	{"block scalar starting with tab", rl("- a: |\n    \tx\n"), false},
	{"block scalar header on its own line", rl("- a:\n    |2\n      x\n  b:\n   >\n    y\n  c: 1\n"), true},
	{"block scalars in nested sequences", rl("- a:\n  - |2\n     x\n  - - >-\n      y\n  - b: |1\n      z\n"), true},
	{"comment shallower than block content", rl("- a: |\n      x\n   # c\n  b: 1\n"), true},
	{"colons in keys and values", rl("- a:b: c:d\n  'e: f': \"g: h\"\n  i: http://j:80/k\n  \"l\": m::n\n"), true},
	{"block scalar tab indentation", rl("- a: |\n\tx\n"), false},
	{"multi-line plain", rl("- a: one\n    two\n\n   three\n  b: - x\n      [y\n- c: \"d\n") + "x: 1\n", false},
	{"multi-line plain ok", rl("- a: one\n    two\n\n   three\n   - x\n   [y 'z\n   #c\n  b: x\n- description: APIVersion defines the versioned schema\n    of an object. - apiVersion v1\n    kind Backend\n"), true},
	{"multi-line quoted", rl("- a: \"one\n    two \\\"\n\n    - apiVersion: v1\\\n    three\"\n  b: 'x\n\n    ''y'' - kind: Backend'\n"), true},
	{"quoted continuation not indented", rl("- a: \"one\n- b: two\"\n"), false},
	{"unclosed quote", rl("- a: \"one\n"), false},
	{"unicode", rl("- apiVersion: v1\n  kind: Bäckend\n  metadata:\n    name: ünï-☃\n    namespace: 名前\n  data: 😀: 1\n"), false},
	{"unicode ok", rl("- apiVersion: v1\n  kind: Bäckend\n  metadata:\n    name: ünï-☃\n    namespace: 名前\n  data:\n    😀: \"é\"\n"), true},
	{"quoted keys", rl("- \"apiVersion\": v1\n  'kind': Backend\n  \"metadata\":\n    'name': \"x\"\n"), true},
	{"nested kind", rl("- apiVersion: v1\n  spec:\n    kind: Backend\n    metadata:\n      name: inner\n  kind: Service\n"), true},
	{"four-space indentation", rl("    -   apiVersion: v1\n        kind: Backend\n        metadata:\n            name: x\n        spec:\n            - a\n            -   b: 1\n                c: 2\n"), true},
	{"mixed item indentation", rl("  - a: 1\n - b: 2\n"), false},
	{"item dash deeper", rl("- a: 1\n  - b: 2\n"), false},
	{"indentless nested sequences", rl("- a:\n  - b\n  - c:\n    - d\n  e: 1\n"), true},
	{"nested sequence item", rl("- - a\n"), false},
	{"scalar item", rl("- a\n"), false},
	{"empty dash line", rl("-\n  a: 1\n"), true},
	{"explicit key", rl("- ? a\n  : b\n"), false},
	{"document start", "---\n" + rl("- a: 1\n"), true},
	{"document end", rl("- a: 1\n") + "...\n", true},
	{"two documents", rl("- a: 1\n") + "---\n" + rl("- b: 1\n"), false},
	{"content after end", rl("- a: 1\n") + "...\nx: 1\n", false},
	{"directive", "%YAML 1.2\n---\n" + rl("- a: 1\n"), false},
	{"tab indentation", rl("- a:\n\t  b: 1\n"), false},
	{"tab after colon", rl("- a:\t1\n"), false},
	{"tab in quotes", rl("- a: \"\t1\"\n"), true},
	{"tab in comment", rl("- a: 1 #\tc\n"), true},
	{"lone CR", rl("- a: 1\r- b: 2\n"), false},
	{"mixed line endings", rl("- a: 1\r\n- b: 2\n"), false},
	{"crlf", strings.ReplaceAll(rl("- a: |\n    x\n\n  b: \"y\n    z\"\n")+"x: 1\n", "\n", "\r\n"), true},
	{"bom", "\ufeff" + rl("- a: 1\n"), false},
	{"nel", rl("- a: 1\u0085  b: 2\n"), false},
	{"control character", rl("- a: 12345678\x01abcdefgh\n"), false},
	{"delete character", rl("- a: 12345678\x7fabcdefgh\n"), false},
	{"invalid utf-8", rl("- a: 12345678\xffabcdefgh\n"), false},
	{"c1 control", rl("- a: 12345678\u0090abcdefgh\n"), false},
	{"printable non-ascii", rl("- a: 12345678\u00a0é☃😀abcdefgh\n"), true},
	{"not a ResourceList", "apiVersion: v1\nkind: List\nitems:\n- a: 1\n", false},
	{"kind continued", "apiVersion: v1\nkind: ResourceList\n  x\nitems: []\n", false},
	{"indented top level", "  apiVersion: v1\n  kind: ResourceList\n  items: []\n", false},
	{"flow top level", "{apiVersion: v1, kind: ResourceList, items: []}\n", false},
	{"items mapping", "apiVersion: v1\nkind: ResourceList\nitems:\n  a: 1\n", false},
	{"items flow", "apiVersion: v1\nkind: ResourceList\nitems: [{a: 1}]\n", false},
	{"items scalar", "apiVersion: v1\nkind: ResourceList\nitems: a\n  - b\n", false},
	{"items duplicated", rl("- a: 1\n") + "items: []\n", false},
	{"top-level dash", rl("- a: 1\n") + "x: 1\n- y\n", false},
	{"empty items then dash", "apiVersion: v1\nkind: ResourceList\nitems: []\n- a: 1\n", false},
	{"over-indented key", rl("- a: 1\n    b: 2\n"), false},
	{"key between dash and column", rl("-   a: 1\n  b: 2\n"), false},
	{"mapping value in plain", rl("- a: b: c\n"), false},
	{"block entry in value", rl("- a: - b\n"), false},
	{"long lines", rl("- a: " + strings.Repeat("x", 5000) + "\n  b: '" + strings.Repeat("y ", 1000) + "'\n"), true},
	{"bad indentation after nesting", rl("- a:\n      b: 1\n    c: 2\n"), false},
	{"dash in a mapping", rl("- a:\n    b: 1\n    - c\n"), false},
	{"key in a sequence", rl("- a:\n    - b\n    c: 1\n"), false},
	{"merge key at top", rl("- a: &x\n    kind: B\n  <<: *x\n  kind: A\n"), true},
	{"properties before keys", rl("- &a a: 1\n  !!merge <<: {b: 1}\n  !t &c 'd': *a\n- !!str kind: K\n  metadata:\n    &n name: x\n"), true},
	{"properties before top-level key", rl("- a: 1\n") + "!!str functionConfig: {}\n", false},
	{"empty document", "", false},
	{"undefined tag handle in an item", rl("- kind: A\n  x: !0!\n"), false},
	{"undefined tag handle in a flow value", rl("- kind: A\n  x: {k: !a!b v}\n"), false},
	{"local and standard tags", rl("- kind: A\n  x: !!str 1\n  y: !local v\n"), true},
	{"unknown escape in a double-quoted value", rl("- kind: A\n  x: \"a\\qb\"\n"), false},
	{"short hex escape", rl("- kind: A\n  x: \"\\x4\"\n"), false},
	{"slash escape go-yaml does not know", rl("- kind: A\n  x: \"a\\/b\"\n"), false},
	{"quote escape go-yaml knows", rl("- kind: A\n  x: \"a\\'b\"\n"), true},
	{"surrogate escape", rl("- kind: A\n  x: \"\\uD800\"\n"), false},
	{"valid escapes", rl("- kind: A\n  x: \"\\t\\x41\\u00e9\\U0001F600\\\"\\\\\"\n"), true},
	{"comment sign starting a flow scalar", rl("- kind: A\n  x: {#}\n"), false},
	{"mismatched flow brackets", rl("- kind: A\n  x: [a}\n"), false},
	{"empty flow entry", rl("- kind: A\n  x: [a,,b]\n"), false},
	{"second colon in a flow entry", rl("- kind: A\n  x: {a: b: c}\n"), false},
	{"scalar right after a quoted one", rl("- kind: A\n  x: [\"a\"b]\n"), false},
	{"flow collection after a scalar", rl("- kind: A\n  x: [a {b}]\n"), false},
	{"colon right before a flow indicator", rl("- kind: A\n  x: {0:{}}\n"), false},
	{"flow values YAML accepts", rl("- kind: A\n  x: {url: http://x:8080/p, \"k\":1, n: [a, b,], e: {}, a#b: c} # c\n"), true},
	{"unknown escape on a continuation line", rl("- kind: A\n  x: \"a\n    \\q\"\n"), false},
}

func TestOddYAML(t *testing.T) {
	for _, tc := range oddCases {
		t.Run(tc.name, func(t *testing.T) {
			l, ok := Parse([]byte(tc.in))
			if ok {
				assert.Empty(t, check(tc.in, l))
			}
			assert.Equal(t, tc.wantOK, ok)
			if tc.wantOK {
				_, err := kyamlItems(tc.in)
				assert.NoError(t, err, "test input must be valid YAML")
			}
		})
	}
}

func TestHeader(t *testing.T) {
	unsure := Header{Kind: "(unsure)"}
	for _, tc := range []struct {
		name, item string
		want       Header // Certain is implied unless want == unsure
	}{
		{"plain", "- apiVersion: v1\n  kind: Backend\n  metadata:\n    name: n\n    namespace: ns\n",
			Header{APIVersion: "v1", Kind: "Backend", Name: "n", Namespace: "ns"}},
		{"quoted and comments", "- kind: 'Back''end' # c\n  \"apiVersion\": \"a/b\" #c\n  metadata:   # m\n      # x\n      name: 'n' # c\n      labels:\n        name: no\n      namespace: \"\"\n",
			Header{APIVersion: "a/b", Kind: "Back'end", Name: "n"}},
		{"absent", "- spec: {}\n", Header{}},
		{"head comment on the dash line", "- # head\n  # more\n  apiVersion: v1\n  kind: K\n  metadata:\n    name: n\n", Header{APIVersion: "v1", Kind: "K", Name: "n"}},
		{"mapping on the next line", "-\n    kind: K\n    metadata: {name: n}\n", unsure},
		{"nested kind ignored", "- spec:\n    kind: X\n    metadata:\n      name: y\n  kind: Z\n  metadata:\n    annotations:\n      name: w\n",
			Header{Kind: "Z"}},
		{"null name", "- kind: null\n  metadata:\n    name: ~\n    namespace: null\n", Header{Kind: "null"}},
		{"null metadata", "- kind: K\n  metadata: null\n", Header{Kind: "K"}},
		{"quoted null name", "- metadata:\n    name: 'null'\n", Header{Name: "null"}},
		{"indentless list in metadata", "- metadata:\n    finalizers:\n    - name: x\n    name: y\n", Header{Name: "y"}},
		{"trailing spaces", "- kind  : K   \n  metadata:\n    name : n  # c\n", Header{Kind: "K", Name: "n"}},
		{"escape in value", "- kind: \"B\\x61ckend\"\n", unsure},
		{"escape in key", "- \"ki\\u006ed\": Backend\n", unsure},
		{"multi-line plain", "- kind: Back\n    end\n", unsure},
		{"multi-line quoted", "- kind: \"Back\n    end\"\n", unsure},
		{"block scalar", "- kind: |\n    Backend\n", unsure},
		{"flow value", "- kind: [Backend]\n", unsure},
		{"flow metadata", "- metadata: {name: x}\n", unsure},
		{"empty value", "- kind:\n  a: 1\n", unsure},
		{"tag", "- kind: !!str Backend\n", unsure},
		{"anchor", "- kind: &k Backend\n", unsure},
		{"alias", "- a: &k Backend\n  kind: *k\n", unsure},
		{"tagged key", "- !!str kind: Backend\n", unsure},
		{"anchored name key", "- kind: K\n  metadata:\n    &n name: x\n", unsure},
		{"anchored metadata", "- metadata: &m\n    name: x\n", unsure},
		{"merge key", "- a: &m\n    name: x\n  metadata:\n    <<: *m\n", unsure},
		{"duplicate kind", "- kind: A\n  kind: B\n", unsure},
		{"duplicate name", "- metadata:\n    name: a\n    name: b\n", unsure},
		{"metadata sequence", "- metadata:\n  - name: x\n", unsure},
		{"name continued", "- metadata:\n    name: a\n      b\n", unsure},
		{"name continued after blank", "- metadata:\n    name: a\n\n      b\n", unsure},
		{"continued value elsewhere", "- kind: K\n  a: b\n    c\n", Header{Kind: "K"}},
		{"annotations", "- kind: K\n  metadata:\n    annotations:\n      other: x\n      internal.config.kubernetes.io/path: 'a/b.yaml'\n      config.kubernetes.io/path: a/b.yaml\n      internal.config.kubernetes.io/index: \"2\"\n      config.kubernetes.io/index: '2'\n      fn.aigw.dev/spec: ns/s # c\n      long: |\n        x\n    name: n\n",
			Header{Kind: "K", Name: "n", Path: "a/b.yaml", LegacyPath: "a/b.yaml", Index: "2", LegacyIndex: "2", Owner: "ns/s"}},
		{"annotations null", "- kind: K\n  metadata:\n    annotations: ~\n", Header{Kind: "K"}},
		{"annotations flow", "- kind: K\n  metadata:\n    annotations: {config.kubernetes.io/path: a.yaml}\n", unsure},
		{"annotations list", "- kind: K\n  metadata:\n    annotations:\n    - a\n", unsure},
		{"annotation duplicated", "- metadata:\n    annotations:\n      fn.aigw.dev/spec: a\n      fn.aigw.dev/spec: b\n", unsure},
		{"annotation escaped", "- metadata:\n    annotations:\n      config.kubernetes.io/path: \"a\\x2fb\"\n", unsure},
		{"annotation continued", "- metadata:\n    annotations:\n      config.kubernetes.io/path: a\n        b\n", unsure},
		{"annotation block scalar", "- metadata:\n    annotations:\n      config.kubernetes.io/path: |\n        a\n", unsure},
		{"annotations twice", "- metadata:\n    annotations:\n      a: b\n    annotations:\n      c: d\n", unsure},
		{"nested annotation ignored", "- metadata:\n    annotations:\n      a:\n        fn.aigw.dev/spec: x\n", Header{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := mustParse(t, rl(tc.item))
			require.Len(t, l.Items, 1)
			h := l.Items[0].Header
			if tc.want == unsure {
				assert.False(t, h.Certain, "%+v", h)
				return
			}
			tc.want.Certain = true
			assert.Equal(t, tc.want, h)
		})
	}
}

// TestRandomPackages generates packages of mixed shapes that Parse must
// handle, and compares each with kyaml.
func TestRandomPackages(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 50
	}
	for seed := range n {
		g := newGen(int64(seed))
		in, headers := g.list()
		l, ok := Parse([]byte(in))
		require.True(t, ok, "seed %d: fell back on:\n%s", seed, in)
		_, err := kyamlItems(in)
		require.NoError(t, err, "seed %d: generator made invalid YAML:\n%s", seed, in)
		require.Empty(t, check(in, l), "seed %d:\n%s", seed, in)
		require.Len(t, l.Items, len(headers), "seed %d", seed)
		for i, h := range headers {
			if h.Certain {
				require.Equal(t, h, l.Items[i].Header, "seed %d item %d:\n%s", seed, i, l.Items[i].Raw)
			} else {
				require.False(t, l.Items[i].Header.Certain, "seed %d item %d:\n%s", seed, i, l.Items[i].Raw)
			}
		}
		// Replace every third item by its kyaml rendering: kyaml must read
		// the written list as the original items and the given documents.
		want, _ := kyamlItems(in)
		entries := make([]Entry, len(l.Items))
		for i := range l.Items {
			entries[i] = Entry{Orig: &l.Items[i]}
			if i%3 == 0 {
				rn, err := yaml.Parse(string(l.Items[i].Document()))
				require.NoError(t, err)
				doc := rn.MustString()
				entries[i] = Entry{Doc: []byte(doc)}
				// (kyaml's rendering is not always faithful: a |+ scalar before
				// a comment gains a line.)
				rn, err = yaml.Parse(doc)
				require.NoError(t, err)
				want[i] = rn
			}
		}
		var out bytes.Buffer
		require.NoError(t, l.Write(&out, entries, []byte("- message: done\n")))
		got, err := kyamlItems(out.String())
		require.NoError(t, err, "seed %d:\n%s", seed, out.String())
		require.Len(t, got, len(want))
		for i := range want {
			require.Equal(t, stripComments(want[i].YNode()), stripComments(got[i].YNode()), "seed %d item %d", seed, i)
		}
		l2, ok := Parse(out.Bytes())
		require.True(t, ok, "seed %d: output not parseable:\n%s", seed, out.String())
		require.Equal(t, "- message: done\n", strings.ReplaceAll(string(l2.Results()), "\r", ""))
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		rl("- apiVersion: v1\n  kind: Backend\n  metadata:\n    name: a\n"),
		rl("  - a: |\n      - b: 1\n    c: \"d\n      e\"\n") + "functionConfig:\n  x: [1,\n    2]\n",
		rl("- a: &x 1\n  b: *x\n# c\n- c: 'd''e'\n") + "results:\n- m: 1\n...\n",
		strings.ReplaceAll(rl("- a: one\n    two\n  kind: K\n"), "\n", "\r\n"),
		"---\n" + rl("- metadata:\n    name: n\n    namespace: ~\n  kind: \"K\"\n"),
		rl("- a: {b: [c, 'd]']}\n  e: >2-\n     f\n"),
		// Found by fuzzing: text that is a comment elsewhere but scalar content here.
		"0: 0\nkind: ResourceList\nitems: \n- 0: '\n   #'",
		"kind: ResourceList\nitems:\n- 0:\n#\n  -",
		"kind: ResourceList\nitems:\n- 0:\n#\n\n  -", // an outdented comment, a blank line, then more of the item
		"kind: \"ResourceList\"\r\nitems:\r\n  - 000:\r\n    000: >\r\n       #\r\n\r\n#\r\n  #000",
	} {
		f.Add([]byte(s))
	}
	for _, tc := range oddCases {
		f.Add([]byte(tc.in))
	}
	for seed := range 20 {
		in, _ := newGen(int64(1000 + seed)).list()
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		l, ok := Parse(in)
		if !ok {
			return
		}
		if msg := check(string(in), l); msg != "" {
			t.Fatal(msg)
		}
	})
}

// gen makes random ResourceLists from fragments covering the shapes Parse
// must handle, and knows the headers they should scan to.
type gen struct {
	r *rand.Rand
	u string // indentation unit inside items
}

func newGen(seed int64) *gen {
	return &gen{r: rand.New(rand.NewPCG(uint64(seed), 7))}
}

func (g *gen) coin(n int) bool { return g.r.IntN(n) == 0 }

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

// list returns a ResourceList and the expected header of each item
// (Certain=false when the scan is expected to be unsure).
func (g *gen) list() (string, []Header) {
	var sb strings.Builder
	if g.coin(4) {
		sb.WriteString(g.pick("---\n", "--- # doc\n"))
	}
	if g.coin(3) {
		sb.WriteString("# A package\n\n")
	}
	sb.WriteString("apiVersion: " + g.pick("config.kubernetes.io/v1", "'config.kubernetes.io/v1'") + "\n")
	sb.WriteString(g.pick("kind: ResourceList\n", "kind: \"ResourceList\" # rl\n"))
	fc := g.pick(
		"functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: fc\n  data:\n    k: |\n      - apiVersion: v1\n",
		"functionConfig: {}\n",
		"functionConfig:\n    apiVersion: aigw.dev/v1\n    kind: AIGWConfig # c\n    spec: [a,\n      b]\n",
	)
	fcFirst := g.coin(2)
	if fcFirst {
		sb.WriteString(fc)
	}
	n := []int{0, 2, 4}[g.r.IntN(3)]
	count := g.r.IntN(7)
	var headers []Header
	if count == 0 && g.coin(2) {
		sb.WriteString("items: []\n")
	} else {
		sb.WriteString(g.pick("items:\n", "items: # the resources\n"))
		for range count {
			sb.WriteString(g.between(n))
			item, h := g.item(n)
			sb.WriteString(item)
			headers = append(headers, h)
		}
		if g.coin(3) {
			sb.WriteString("# after the items\n")
		}
	}
	if !fcFirst {
		sb.WriteString(fc)
	}
	if g.coin(4) {
		sb.WriteString("results:\n- message: earlier\n  severity: info\n")
	}
	if g.coin(5) {
		sb.WriteString("...\n")
	}
	s := sb.String()
	if g.coin(5) {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	return s, headers
}

// between returns blank and comment lines to put before an item.
func (g *gen) between(n int) string {
	var s string
	for range g.r.IntN(3) {
		switch g.r.IntN(3) {
		case 0:
			s += "\n"
		case 1:
			s += strings.Repeat(" ", g.r.IntN(n+1)) + "# between items\n"
		default:
			s += "# " + g.pick("Source: x.yaml", "---", "- apiVersion: v1", "kind: Backend") + "\n"
		}
	}
	return s
}

// item returns one sequence entry at indentation n.
func (g *gen) item(n int) (string, Header) {
	g.u = g.pick("  ", "    ")
	u := g.u
	h := Header{Certain: true}
	h.APIVersion = g.pick("v1", "apps/v1", "aigw.dev/v1alpha1", "gateway.networking.k8s.io/v1")
	h.Kind = g.pick("Backend", "AIServiceBackend", "BackendTLSPolicy", "Deployment", "ConfigMap", "Bäckend")
	h.Name = g.pick("web", "backend-1", "ünï", "a.b.c")
	var frags []string
	if g.coin(6) {
		h.APIVersion = ""
	} else {
		frags = append(frags, g.key("apiVersion")+": "+g.value(h.APIVersion, &h)+"\n")
	}
	frags = append(frags, g.key("kind")+": "+g.value(h.Kind, &h)+"\n")
	noName := g.coin(8)
	md := "metadata:\n" + u + "labels:\n" + u + u + "name: not-the-name\n"
	if noName {
		h.Name = ""
	} else {
		md = "metadata:" + g.pick("", " # m") + "\n" + u + "name: " + g.value(h.Name, &h) + "\n"
	}
	if g.coin(2) && !noName {
		h.Namespace = g.pick("default", "prod", "名前")
		md += u + g.key("namespace") + ": " + g.value(h.Namespace, &h) + "\n"
	}
	if !noName {
		idx := fmt.Sprint(g.r.IntN(9))
		h.LegacyIndex, h.Path = idx, "pkg/x.yaml"
		md += u + "annotations:\n" + u + u + "config.kubernetes.io/index: '" + idx + "'\n" +
			u + u + "internal.config.kubernetes.io/path: \"pkg/x.yaml\"\n"
		if g.coin(3) {
			h.Owner = g.pick("ns/spec", "x")
			md += u + u + "fn.aigw.dev/spec: " + g.pick(h.Owner, "'"+h.Owner+"'", `"`+h.Owner+`"`) + "\n"
		}
	}
	if g.coin(4) {
		md += u + "labels: {app: web, tier: \"be\"}\n"
	}
	frags = append(frags, md)
	for range g.r.IntN(6) {
		frags = append(frags, g.body())
	}
	g.r.Shuffle(len(frags), func(i, j int) { frags[i], frags[j] = frags[j], frags[i] })
	if g.coin(10) {
		frags = append(frags, "tail: |+\n"+u+"kept\n\n")
	}
	// Comments between fragments, at most at the keys' column.
	var doc strings.Builder
	for i, f := range frags {
		if i > 0 && g.coin(4) {
			doc.WriteString("\x00" + g.pick("# inside", "# - apiVersion: v1", "#") + "\n")
		}
		doc.WriteString(f)
	}
	// Place the document as a sequence entry.
	dash := "-" + g.pick(" ", " ", "   ")
	col := n + len(dash)
	var sb strings.Builder
	first := true
	if g.coin(5) { // kyaml's style for a head comment: the mapping starts below
		sb.WriteString(strings.Repeat(" ", n) + g.pick("- # head comment\n", "-\n"))
		dash, first = strings.Repeat(" ", len(dash)), false
	}
	for _, line := range strings.SplitAfter(doc.String(), "\n") {
		switch {
		case line == "":
		case line == "\n":
			sb.WriteString(line)
		case line[0] == 0:
			sb.WriteString(strings.Repeat(" ", g.r.IntN(col+1)) + line[1:])
		case first:
			first = false
			sb.WriteString(strings.Repeat(" ", n) + dash + line)
		default:
			sb.WriteString(strings.Repeat(" ", col) + line)
		}
	}
	if g.coin(5) {
		sb.WriteString(strings.Repeat(" ", col+g.r.IntN(3)) + "# trailing\n")
	}
	return sb.String(), h
}

func (g *gen) key(k string) string {
	switch g.r.IntN(8) {
	case 0:
		return `"` + k + `"`
	case 1:
		return "'" + k + "'"
	}
	return k
}

// value renders v in a random style; some styles make the header unsure.
func (g *gen) value(v string, h *Header) string {
	switch g.r.IntN(12) {
	case 0, 1:
		return "'" + v + "'"
	case 2, 3:
		return `"` + v + `"`
	case 4:
		return v + " # comment"
	case 5:
		if g.coin(3) {
			h.Certain = false
			return g.pick("!!str "+v, "&anchor "+v, `"\u0041`+v+`"`, "|\n"+g.u+g.u+v)
		}
	}
	return v
}

// body returns a random non-header field of an item, at column 0.
func (g *gen) body() string {
	u := g.u
	switch g.r.IntN(16) {
	case 0:
		return "data:\n" + u + "config.yaml: |\n" + u + u + "---\n" + u + u + "- apiVersion: v1\n" + u + u + "  kind: Backend\n\n" +
			u + u + "\"quoted # not a comment\n" + u + "other: x\n"
	case 1:
		return "script: |2-\n    indented more\n  flush\n\n  # not a comment\n"
	case 2:
		return "description: >\n" + u + "folded text\n" + u + "with kind: Backend\n\n" + u + "more\n"
	case 3:
		return "description: A long plain scalar that kyaml\n" + u + "wraps - apiVersion v1\n" + u + "  kind Backend [x] 'y\n\n" + u + "end\n"
	case 4:
		return "message: \"first line\n" + u + "- apiVersion: v1\\\n" + u + "  more \\\"q\\\" # nc\n\n" + u + "end\"\n"
	case 5:
		return "note: 'it''s\n" + u + "- kind: Backend # nc'\n"
	case 6:
		return "ports: [80, 443, {name: x, v: 'a]'}] # flow\n"
	case 7:
		return "args: [\n" + u + "a, \"b, c\",\n" + u + "# comment in flow\n" + u + "d]\n"
	case 8:
		return "containers:\n- name: c\n  image: nginx\n  kind: NotTop\n  metadata:\n    name: not-top\n"
	case 9:
		return "containers:\n" + u + "- name: c\n" + u + "  env:\n" + u + "  - {name: a, value: b}\n" + u + "  -   name: d\n" + u + "      value: \"e\"\n"
	case 10:
		return "base: &b\n" + u + "x: 1\nderived:\n" + u + "<<: *b\n" + u + "y: *b\n"
	case 11:
		return "greeting: héllo wörld ☃ # ünï\n\"quoted key\": 'v'\n'single key': \"w\"\n"
	case 12:
		return "spec:\n" + u + "kind: Inner\n" + u + "metadata:\n" + u + u + "name: inner\n" + u + "apiVersion: inner/v1\n"
	case 13:
		return "empty:\nnothing: ~\nbin: !!binary aGVsbG8=\ntagged: !custom\n" + u + "a: 1\n"
	case 14:
		return "spec:\n" + u + "# comment\n" + u + "rules:\n" + u + "- matches:\n" + u + "  - path: {type: Prefix, value: /}\n" + u + "  backendRefs:\n" + u + "  - name: b # line\n"
	}
	return "data:\n" + u + "k: v # c\n" + u + "empty: \"\"\n" + u + "url: http://x/#frag\n"
}

func TestFrame(t *testing.T) {
	tests := []struct {
		name, in, want string
		yaml           bool // the frame parses as YAML
	}{
		{name: "items left out", in: rl("- kind: A\n  metadata: {name: a}\n") + "functionConfig:\n  kind: X\n",
			want: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  kind: X\n", yaml: true},
		{name: "no items key", in: "kind: ResourceList\n", want: "kind: ResourceList\n", yaml: true},
		{name: "duplicate top-level keys are kept for the caller to see", in: "kind: ResourceList\nx: 1\nx: 1\n",
			want: "kind: ResourceList\nx: 1\nx: 1\n", yaml: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, ok := Parse([]byte(tt.in))
			require.True(t, ok)
			got := l.Frame()
			assert.Equal(t, tt.want, string(got))
			_, err := yaml.Parse(string(got))
			assert.Equal(t, tt.yaml, err == nil, "yaml.Parse: %v", err)
		})
	}
}

// TestLongImplicitKeys: go-yaml refuses an implicit key longer than 1024
// characters, so Parse must not split (and its caller echo) such input;
// flow collections on lines that long are left to kyaml too.
func TestLongImplicitKeys(t *testing.T) {
	long := strings.Repeat("k", 1100)
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"block key", rl("- kind: ConfigMap\n  data:\n    " + long + ": v\n"), false},
		{"flow key", rl("- kind: ConfigMap\n  data: {" + long + ": v}\n"), false},
		{"quoted key", rl("- kind: ConfigMap\n  data:\n    \"" + long + "\": v\n"), false},
		{"long value is fine", rl("- kind: ConfigMap\n  data:\n    k: " + long + "\n"), true},
		{"key under the limit", rl("- kind: ConfigMap\n  data:\n    " + long[:900] + ": v\n"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ok := Parse([]byte(tc.in))
			require.Equal(t, tc.ok, ok)
		})
	}
}
