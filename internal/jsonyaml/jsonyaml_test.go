package jsonyaml

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// tree renders a YAML node as its kinds, resolved tags and values, without
// styles: two documents with the same tree are the same data to kyaml.
func tree(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n.Kind == yaml.DocumentNode {
			walk(n.Content[0], depth)
			return
		}
		fmt.Fprintf(&b, "%s%d %s %q\n", strings.Repeat(" ", depth), n.Kind, n.ShortTag(), n.Value)
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

func parseTree(t *testing.T, in []byte) string {
	t.Helper()
	var n yaml.Node
	require.NoError(t, yaml.Unmarshal(in, &n), "%s", in)
	return tree(&n)
}

// strs are strings that YAML would read as something else, or that need
// quoting, escaping or care, and plain words.
var strs = []string{
	`""`, `"yes"`, `"No"`, `"ON"`, `"off"`, `"y"`, `"n"`, `"true"`, `"False"`, `"null"`, `"Null"`, `"~"`,
	`"1"`, `"1.0"`, `"-1"`, `"1e3"`, `"0x1F"`, `"0o7"`, `"012"`, `"1_000"`, `".inf"`, `"-.Inf"`, `".nan"`,
	`"2001-12-14"`, `"12:30"`, `" lead"`, `"trail "`, `"a: b"`, `"a #b"`, `"#c"`, `"- x"`, `"-"`, `"?"`,
	`"<<"`, `"&a"`, `"*a"`, `"!t"`, `"%p"`, `"@x"`, "\"`x\"", `"[a]"`, `"{a}"`, `"a,b"`, `"|"`, `">"`,
	`"'q'"`, `"\"q\""`, `"back\\slash"`, `"line\nbreak"`, `"tab\there"`, `"\u00e9t\u00e9"`, `"é☃😀"`,
	`"\/path"`, `"a\\/b"`, `"\b\f\r"`, `"\u0000"`, `"ConfigMap"`, `"v1"`, `"gateway.envoyproxy.io/v1alpha1"`,
	`"app.kubernetes.io/name"`, `"a_b-c.d"`, `"Yes-please"`, `"nullable"`, `"e"`, `"E5"`, `"inf"`, `"NaN"`,
	`"a:b"`, `"http://x:80/p"`, `"x y"`,
	`"a\nb"`, `"a\n"`, `"a\n\n"`, `"a\n\n\n"`, `"\na"`, `"\n\na\n"`, `"\n"`, `"\n\n"`, `" a\nb"`, `"a\n b\n"`,
	`"a \n"`, `"  \n"`, `"a\n  \n"`, `"a\n  "`, `"# c\n- d\n"`, `"---\n...\n"`, `"a\tb\nc"`, `"a\r\nb"`,
	`"é\n☃\n"`, `"\u00e9\nx"`, `"\ud83d\ude00\n"`, `"key: v\nk2: |\n  x\n"`, `"{\"a\": 1}\n"`, `"a\\\nb"`,
}

var lits = []string{`0`, `-0`, `1`, `-17`, `1.5`, `-0.0`, `1e10`, `1E+2`, `2.5e-3`, `123456789012345678901234567890`, `true`, `false`, `null`}

func genValue(r *rand.Rand, depth int) string {
	switch k := r.IntN(10); {
	case depth < 4 && k < 3:
		n := r.IntN(4)
		var parts []string
		for range n {
			parts = append(parts, strs[r.IntN(len(strs))]+": "+genValue(r, depth+1))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case depth < 4 && k < 5:
		n := r.IntN(4)
		var parts []string
		for range n {
			parts = append(parts, genValue(r, depth+1))
		}
		return "[" + strings.Join(parts, ",\n ") + "]"
	case k < 8:
		return strs[r.IntN(len(strs))]
	default:
		return lits[r.IntN(len(lits))]
	}
}

// TestToBlockSameData holds ToBlock's output to the JSON's own reading by
// kyaml's YAML parser on random documents: same kinds, tags and values,
// keys in the same order.
func TestToBlockSameData(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		in := []byte(`{"apiVersion": "v1", "kind": "ResourceList", "items": [` + genValue(r, 1) + `, ` + genValue(r, 1) + `], ` + strs[r.IntN(len(strs))] + `: ` + genValue(r, 1) + `}`)
		out, ok := ToBlock(in)
		if !ok {
			// JSON escapes go-yaml refuses ("\/") are the only reason here
			require.Contains(t, string(in), `\/`, "case %d refused:\n%s", i, in)
			continue
		}
		var n yaml.Node
		if err := yaml.Unmarshal(in, &n); err != nil {
			var m yaml.Node
			assert.Error(t, yaml.Unmarshal(out, &m), "case %d: kyaml refuses the JSON (%v) but reads the rewrite:\n%s", i, err, out)
			continue
		}
		assert.Equal(t, tree(&n), parseTree(t, out), "case %d:\n%s\n->\n%s", i, in, out)
	}
}

func TestToBlock(t *testing.T) {
	cases := []struct {
		name, in, want string
		ok             bool
	}{
		{"list", `{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{}},"data":{"k":"yes","n":"1.0"}}]}`,
			"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    labels: {}\n  data:\n    k: \"yes\"\n    \"n\": \"1.0\"\n", true},
		{"nested arrays", `{"a":[[1,[]],[{"b":null}],{}]}`, "a:\n- - 1\n  - []\n- - b: null\n- {}\n", true},
		{"duplicate keys kept", `{"a":1,"a":2}`, "a: 1\na: 2\n", true},
		{"escapes decoded into single quotes", `{"a\"b":"c\\n\u00e9 'q' \"d\""}`, "\"a\\\"b\": 'c\\né ''q'' \"d\"'\n", true},
		{"escapes kept where needed", `{"a":"\u0001\t"}`, "a: \"\\u0001\\t\"\n", true},
		{"slash escape", `{"a":"\/"}`, "", false},
		{"multi-line strings", `{"a":"x\n y\n","b":["z",""],"c":[" p\n\nq\n\n"],"d":"t\tu\n"}`, "a: |2\n  x\n   y\nb:\n- z\n- \"\"\nc:\n- |2+\n   p\n\n  q\n\nd: \"t\\tu\\n\"\n", true},
		{"not an object", `[1]`, "", false},
		{"invalid JSON", `{"a":}`, "", false},
		{"YAML flow mapping", `{a: 1}`, "", false},
		{"trailing data", `{"a":1} x`, "", false},
		{"invalid UTF-8", "{\"a\":\"\xff\"}", "", false},
		{"too deep", `{"a":` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `}`, "", false},
		{"long key", `{"` + strings.Repeat("k", 1001) + `":1}`, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, ok := ToBlock([]byte(c.in))
			require.Equal(t, c.ok, ok)
			assert.Equal(t, c.want, string(out))
		})
	}
}

// FuzzToBlock: whenever ToBlock takes an input, kyaml reads the rewrite as
// it reads the input (or refuses both).
func FuzzToBlock(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		f.Add([]byte(`{"k": ` + genValue(r, 0) + `}`))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, ok := ToBlock(in)
		if !ok {
			return
		}
		var n, m yaml.Node
		errIn, errOut := yaml.Unmarshal(in, &n), yaml.Unmarshal(out, &m)
		if errIn != nil || errOut != nil {
			if (errIn == nil) != (errOut == nil) {
				t.Fatalf("kyaml reads one and not the other: %v / %v\n%s\n->\n%s", errIn, errOut, in, out)
			}
			return
		}
		if a, b := tree(&n), tree(&m); a != b {
			t.Fatalf("different data:\n%s\n->\n%s\n%s\nvs\n%s", in, out, a, b)
		}
	})
}
