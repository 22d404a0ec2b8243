package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/redact"
)

// The "nothing leaked" property: whatever field a key is pasted into — any
// string field of the spec, of its metadata, or of any object import reads —
// no channel prints it: the function's stderr, its results (messages,
// resourceRef, field values) and the objects it generates, the quick
// look's stdout and stderr, and import's stdout and stderr. Each field is
// tried with a rotating member of redact.KeyShapes (prefixed keys, AWS
// IDs, JWTs, bare hex and base62/base64 tokens).
//
// What they found when first run: kind and apiVersion in resourceRef,
// header/body remove entries and header names copied into generated
// objects, valid-but-random names, import's spec names and "imported
// from" comments, a key joined to an object path by '/'. Negative
// controls, each seen to fail: skipping redaction at fn's result choke
// point (27 leaks), at import's line writer (153), and turning off the
// entropy rule (92).

// leakPaths walks the spec's Go types and returns the path of every string
// field ("[]" stands for a one-element list; "{}" for a map, tried as key
// and as value).
func leakPaths(t reflect.Type, prefix []string) [][]string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out [][]string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		p := append(append([]string{}, prefix...), name)
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.String:
			out = append(out, p)
		case reflect.Map:
			out = append(out, append(p, "{}"))
		case reflect.Slice:
			et := ft.Elem()
			for et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			switch et.Kind() {
			case reflect.String:
				out = append(out, append(p, "[]"))
			case reflect.Struct:
				out = append(out, leakPaths(et, append(p, "[]"))...)
			}
		case reflect.Struct:
			out = append(out, leakPaths(ft, p)...)
		}
	}
	return out
}

// leakSet puts key at path in a nested map; a "{}" leaf adds both an entry
// whose value is key and one whose name is key.
func leakSet(m map[string]any, path []string, key string) {
	for i := 0; i < len(path); i++ {
		k := path[i]
		last := i == len(path)-1
		next := ""
		if !last {
			next = path[i+1]
		}
		switch {
		case last:
			m[k] = key
			return
		case next == "{}":
			m[k] = map[string]any{"team": key, key: "x"}
			return
		case next == "[]" && i+1 == len(path)-1:
			m[k] = []any{key}
			return
		case next == "[]":
			child := map[string]any{}
			m[k] = []any{child}
			m, i = child, i+1
		default:
			child, ok := m[k].(map[string]any)
			if !ok {
				child = map[string]any{}
				m[k] = child
			}
			m = child
		}
	}
}

// leakBase is a valid spec whose provider takes the auth block path uses.
func leakBase(path []string) map[string]any {
	spec := map[string]any{"provider": "openai", "auth": map[string]any{"secretRef": map[string]any{"name": "openai-key"}}}
	if len(path) > 2 && path[0] == "spec" && path[1] == "auth" {
		switch path[2] {
		case "aws":
			spec = map[string]any{"provider": "aws-bedrock", "endpoint": map[string]any{"region": "us-east-1"}, "auth": map[string]any{}}
		case "azure":
			spec = map[string]any{"provider": "azure-openai", "endpoint": map[string]any{"resource": "contoso"}, "schema": map[string]any{"version": "2025-01-01-preview"}, "auth": map[string]any{}}
		case "gcp":
			spec = map[string]any{"provider": "gcp-vertex-ai", "endpoint": map[string]any{"region": "us-central1"}, "auth": map[string]any{}}
		}
	}
	return map[string]any{"apiVersion": generator.APIVersion, "kind": generator.Kind,
		"metadata": map[string]any{"name": "leak", "namespace": "ai"}, "spec": spec}
}

// assertNoKey fails when any channel text holds the key (or its
// case-folded form, or its JSON-escaped form).
func assertNoKey(t *testing.T, key, channel, text string) {
	t.Helper()
	for _, k := range []string{key, strings.ToLower(key), strings.ReplaceAll(key, "/", `\/`)} {
		if strings.Contains(text, k) {
			t.Errorf("%s prints the key %q:\n%s", channel, key, text)
			return
		}
	}
}

// outputMinusInput is the output ResourceList without the items that came
// in and without the functionConfig: the results and generated objects.
func outputMinusInput(t *testing.T, out []byte, in []byte) string {
	t.Helper()
	root, err := yaml.Parse(string(out))
	require.NoError(t, err, "%s", out)
	inRoot, err := yaml.Parse(string(in))
	require.NoError(t, err)
	inItems := map[string]bool{}
	for _, it := range inRoot.Field("items").Value.Content() {
		s, _ := yaml.NewRNode(it).String()
		inItems[s] = true
	}
	var b strings.Builder
	if f := root.Field("items"); f != nil {
		for _, it := range f.Value.Content() {
			s, _ := yaml.NewRNode(it).String()
			if !inItems[s] {
				b.WriteString(s)
			}
		}
	}
	if f := root.Field("results"); f != nil {
		s, _ := f.Value.String()
		b.WriteString(s)
	}
	return b.String()
}

func TestPropertyNothingLeaked(t *testing.T) {
	keys := redact.KeyShapes()
	paths := append(leakPaths(reflect.TypeOf(generator.AIBackendSpec{}), nil), []string{"metadata", "name"}, []string{"metadata", "namespace"})
	require.Greater(t, len(paths), 60, "the walk must reach every nested field")
	dir := t.TempDir()
	runs := 0
	for i, p := range paths {
		key := keys[i%len(keys)]
		doc := leakBase(p)
		leakSet(doc, p, key)
		b, err := yaml.Marshal(doc)
		require.NoError(t, err)
		name := strings.Join(p, ".")
		t.Run(name, func(t *testing.T) {
			// the function, the spec as functionConfig and as an item
			for _, asItem := range []bool{false, true} {
				var in string
				if asItem {
					in = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- " + strings.ReplaceAll(strings.TrimSpace(string(b)), "\n", "\n  ") + "\n"
				} else {
					in = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  " + strings.ReplaceAll(strings.TrimSpace(string(b)), "\n", "\n  ") + "\n"
				}
				var out, errOut bytes.Buffer
				run(nil, strings.NewReader(in), &out, &errOut)
				assertNoKey(t, key, "stderr", errOut.String())
				assertNoKey(t, key, "results and generated objects", outputMinusInput(t, out.Bytes(), []byte(in)))
				runs++
			}
			// the quick look
			f := filepath.Join(dir, fmt.Sprintf("spec-%d.yaml", i))
			require.NoError(t, os.WriteFile(f, b, 0o600))
			var out, errOut bytes.Buffer
			code := run([]string{f}, nil, &out, &errOut)
			assertNoKey(t, key, "quick-look stderr", errOut.String())
			if code == 0 {
				assertNoKey(t, key, "quick-look stdout", out.String())
			}
			runs++
		})
	}
	t.Logf("%d spec fields, %d runs", len(paths), runs)
}

// TestPropertyImportLeaksNothing pastes a key into every string value of
// every object of the hand-written import examples, one at a time, and
// checks import's stdout and stderr.
func TestPropertyImportLeaksNothing(t *testing.T) {
	keys := redact.KeyShapes()
	files, err := filepath.Glob(filepath.Join("importer", "testdata", "handwritten", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	dir := t.TempDir()
	tried := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		docs := strings.Split(string(b), "\n---\n")
		for d, doc := range docs {
			node, err := yaml.Parse(doc)
			if err != nil {
				continue
			}
			n := countScalars(node.YNode())
			for s := 0; s < n; s++ {
				key := keys[tried%len(keys)]
				tried++
				mut, err := yaml.Parse(doc)
				require.NoError(t, err)
				setScalar(mut.YNode(), s, key)
				text, err := mut.String()
				require.NoError(t, err)
				all := append(append(append([]string{}, docs[:d]...), text), docs[d+1:]...)
				f := filepath.Join(dir, "in.yaml")
				require.NoError(t, os.WriteFile(f, []byte(strings.Join(all, "\n---\n")), 0o600))
				var out, errOut bytes.Buffer
				run([]string{"import", f}, nil, &out, &errOut)
				assertNoKey(t, key, fmt.Sprintf("import stdout (%s document %d scalar %d)", file, d, s), out.String())
				assertNoKey(t, key, fmt.Sprintf("import stderr (%s document %d scalar %d)", file, d, s), errOut.String())
			}
		}
	}
	t.Logf("%d values tried across %d files", tried, len(files))
}

func countScalars(n *yaml.Node) int {
	c := 0
	if n.Kind == yaml.ScalarNode {
		c++
	}
	for i, ch := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 {
			continue // keys stay
		}
		c += countScalars(ch)
	}
	return c
}

// setScalar replaces the i-th scalar value (in countScalars order).
func setScalar(n *yaml.Node, i int, v string) int {
	if n.Kind == yaml.ScalarNode {
		if i == 0 {
			n.Value, n.Tag, n.Style = v, "!!str", 0
		}
		return i - 1
	}
	for j, ch := range n.Content {
		if n.Kind == yaml.MappingNode && j%2 == 0 {
			continue
		}
		if i = setScalar(ch, i, v); i < 0 {
			return i
		}
	}
	return i
}
