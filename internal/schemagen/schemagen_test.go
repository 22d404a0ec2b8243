package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// repoRoot is the repository root seen from this package's directory.
const repoRoot = "../.."

// TestSchemaFileIsCurrent keeps the committed schema equal to what the Go
// types, the catalog and the README field table produce
// (AIGW_UPDATE_GOLDEN=1 rewrites it, like the other goldens).
func TestSchemaFileIsCurrent(t *testing.T) {
	want, err := Render(repoRoot)
	require.NoError(t, err)
	// tooltest.Golden: stale is a failure (hint below); AIGW_UPDATE_GOLDEN=1
	// rewrites the file and fails until the tests run again.
	got, _ := os.ReadFile(filepath.Join(repoRoot, SchemaPath))
	if !bytes.Equal(want, got) {
		t.Logf("%s is stale; %s", SchemaPath, RegenerateHint)
	}
	tooltest.Golden(t, filepath.Join(repoRoot, SchemaPath), want, false)
}

// compiled is the committed schema file, compiled by a real validator (so
// a stale or hand-edited file is what the tests below check).
func compiled(t testing.TB) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot, SchemaPath))
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource(SchemaURL, doc))
	s, err := c.Compile(SchemaURL)
	require.NoError(t, err)
	return s
}

// TestSchemaIsValidDraft07 checks the file against the draft-07 meta-schema
// (Compile does) and its identity.
func TestSchemaIsValidDraft07(t *testing.T) {
	s := compiled(t)
	assert.Equal(t, SchemaURL+"#", s.Location)
	assert.Equal(t, 7, s.DraftVersion, "draft of %s", generator.SchemaDraft)
}

// instance converts a YAML node to the JSON value an editor or kubeconform
// would validate: YAML 1.2 core scalars, and a timestamp-looking plain
// scalar (an Azure api-version such as 2024-10-21) is a string, as the
// function reads it.
func instance(n *yaml.Node) (any, error) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return instance(n.Content[0])
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := instance(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := instance(c)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	}
	switch n.Tag {
	case "!!null":
		return nil, nil
	case "!!bool":
		return strconv.ParseBool(strings.ToLower(n.Value))
	case "!!int":
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "0o", "0"), 0, 64)
		if err != nil {
			return json.Number(n.Value), nil //nolint:nilerr // huge: keep the digits
		}
		return json.Number(strconv.FormatInt(i, 10)), nil
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return n.Value, nil //nolint:nilerr // .inf/.nan have no JSON form
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	}
	return n.Value, nil
}

// jsonValue makes v what the validator expects (json.Number for numbers).
func jsonValue(t testing.TB, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	require.NoError(t, err)
	return out
}

// accepts runs the function's own decoder and checks on a spec.
func accepts(node *yaml.RNode) (bool, string) {
	spec, errs := generator.Decode(node)
	if len(errs) == 0 {
		_, errs = generator.Generate(spec)
	}
	if len(errs) == 0 {
		return true, ""
	}
	return false, errs.Error()
}

// specDoc is one AIBackendSpec found in the repository.
type specDoc struct {
	source string // file (and for ResourceLists, functionConfig or item)
	group  string // the case it belongs to: a golden directory or the file
	node   *yaml.RNode
}

// repoSpecs finds every AIBackendSpec in examples/, testdata/, the e2e
// test data and the fn goldens (functionConfig and items of each input
// ResourceList). Files that are not YAML (bad-input goldens) are skipped.
func repoSpecs(t testing.TB) []specDoc {
	t.Helper()
	var out []specDoc
	for _, dir := range []string{"examples", "testdata", "internal/e2e/testdata", "fn/pipeline/testdata/golden"} {
		err := filepath.WalkDir(filepath.Join(repoRoot, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
				return err
			}
			rel, _ := filepath.Rel(repoRoot, path)
			group := rel
			if strings.HasPrefix(rel, "fn/pipeline/testdata/golden/") {
				if filepath.Base(rel) != "input.yaml" {
					return nil // expected outputs repeat the input specs
				}
				group = filepath.Dir(rel)
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			r := &kio.ByteReader{Reader: bytes.NewReader(raw), OmitReaderAnnotations: true}
			nodes, perr := r.Read()
			if perr != nil {
				t.Logf("%s: not YAML, skipped (%v)", rel, perr)
				return nil
			}
			if fc := r.FunctionConfig; fc != nil && fc.GetKind() == generator.Kind {
				out = append(out, specDoc{rel + " functionConfig", group, fc})
			}
			for i, n := range nodes {
				if n.GetKind() == generator.Kind {
					out = append(out, specDoc{fmt.Sprintf("%s [%d]", rel, i), group, n})
				}
			}
			return nil
		})
		require.NoError(t, err)
	}
	return out
}

// rejected says, for every case whose spec the function refuses, whether
// the schema refuses it too and why not when it does not. A new bad-input
// golden must be added here: the test fails for an unclassified case.
var rejected = map[string]struct {
	schemaFails bool
	why         string
}{
	"fn/pipeline/testdata/golden/bad-authorization-header":               {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-conflicting-auth":                   {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-hostname-url":                       {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-inline-secret":                      {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-many-problems":                      {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-name-uppercase":                     {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-port-out-of-range":                  {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-prefix-no-slash":                    {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-too-many-headers":                   {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-unknown-field-typo":                 {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-unknown-provider":                   {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-wrong-apiversion":                   {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-wrong-types":                        {schemaFails: true},
	"internal/e2e/testdata/bad-spec/kpt":                                 {schemaFails: true},
	"internal/e2e/testdata/bad-spec/kustomize":                           {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-credential-in-secretref-name":       {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-credential-override":                {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-hostname-userinfo":                  {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-regions":                            {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-right-forms":                        {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-unknown-provider-bedrock":           {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-yaml11-traps":                       {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-yaml11-traps-service":               {schemaFails: true},
	"fn/pipeline/testdata/golden/bad-azure-openai-v1-version":            {why: "which schema.version and prefix are allowed depends on the provider's catalog entry"},
	"fn/pipeline/testdata/golden/bad-credential-in-mutations":            {why: "a header or body value that looks like a key is judged by its shape, not a pattern a schema can state"},
	"fn/pipeline/testdata/golden/bad-aws-region-mismatch":                {why: "the region must agree with the one in the hostname (a relation between values)"},
	"fn/pipeline/testdata/golden/bad-aws-region-missing":                 {why: "whether a region is needed depends on the provider's catalog entry"},
	"fn/pipeline/testdata/golden/bad-aws-bedrock-openai-aws-credentials": {why: "which auth block applies depends on the provider's catalog entry"},
	"fn/pipeline/testdata/golden/bad-azure-missing-version":              {why: "whether schema.version is needed depends on the provider's catalog entry"},
	"fn/pipeline/testdata/golden/bad-body-mutation-json":                 {why: "a JSON-looking value must parse as JSON"},
	"fn/pipeline/testdata/golden/bad-gcp-missing-auth":                   {why: "which auth block is needed depends on the provider's catalog entry"},
	"fn/pipeline/testdata/golden/bad-missing-auth":                       {why: "whether auth is needed depends on the provider's catalog entry"},
	"fn/pipeline/testdata/golden/bad-openai-version-ignored":             {why: "whether schema.version is allowed depends on the provider's schema"},
}

// TestRepositorySpecs validates every spec in the repository: each one the
// function accepts must validate, and each one it refuses must fail the
// schema when the mistake is one of shape, type, enum or pattern.
func TestRepositorySpecs(t *testing.T) {
	s := compiled(t)
	specs := repoSpecs(t)
	require.Greater(t, len(specs), 60, "the walk found too few specs")
	seen, nAccepted := map[string]bool{}, 0
	for _, d := range specs {
		key := d.group
		if strings.HasPrefix(key, "internal/e2e/testdata/") {
			key = filepath.Dir(key)
		}
		v, err := instance(d.node.YNode())
		require.NoError(t, err, d.source)
		verr := s.Validate(jsonValue(t, v))
		ok, why := accepts(d.node)
		if verr != nil {
			t.Logf("%s: schema: %v", d.source, strings.ReplaceAll(fmt.Sprint(verr), "\n", " / "))
		}
		if ok {
			nAccepted++
			assert.NoError(t, verr, "%s: the function accepts this spec, so the schema must too", d.source)
			continue
		}
		exp, known := rejected[key]
		if !assert.True(t, known, "%s: the function refuses it (%s); classify case %q in the rejected table of internal/schemagen/schemagen_test.go", d.source, why, key) {
			continue
		}
		seen[key] = true
		if exp.schemaFails {
			assert.Error(t, verr, "%s: a shape/enum/pattern mistake the schema must catch (%s)", d.source, why)
		} else {
			assert.NoError(t, verr, "%s: expected to pass the schema (%s); if the schema catches it now, set schemaFails", d.source, exp.why)
		}
	}
	t.Logf("%d specs: %d accepted by the function, %d refused", len(specs), nAccepted, len(specs)-nAccepted)
	for key := range rejected {
		assert.True(t, seen[key], "rejected lists %q but no refused spec was found there", key)
	}
}

// TestExamplesPointAtTheSchema: every spec file a user copies from
// examples/ names the schema for editors (kpt keeps the comment, so the
// rendered expected-kpt/ copies carry it too).
func TestExamplesPointAtTheSchema(t *testing.T) {
	n := 0
	for _, d := range repoSpecs(t) {
		file, _, _ := strings.Cut(d.source, " ")
		if !strings.HasPrefix(file, "examples/") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(repoRoot, file))
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(raw, []byte(Modeline+"\n")),
			"%s must start with %q: run `make schema-modelines`, then `make update-golden` and review the expected-kpt/ diff", file, Modeline)
		n++
	}
	assert.Greater(t, n, 20)
}

// TestAddModelines: the fix the test above suggests adds the line once,
// to edited spec files only.
func TestAddModelines(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a/aibackendspec.yaml":              "# about a\napiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\n",
		"a/expected-kpt/aibackendspec.yaml": "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\n",
		"b/kustomization.yaml":              "generators: [aibackendspec.yaml]\n",
		"c/done.yaml":                       Modeline + "\nkind: AIBackendSpec\n",
	}
	for name, content := range files {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	added, err := AddModelines(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "a/aibackendspec.yaml")}, added)
	got, err := os.ReadFile(filepath.Join(dir, "a/aibackendspec.yaml"))
	require.NoError(t, err)
	assert.Equal(t, Modeline+"\n"+files["a/aibackendspec.yaml"], string(got))
	added, err = AddModelines(dir)
	require.NoError(t, err)
	assert.Empty(t, added, "idempotent")
}

// TestFuzzCorporaAcceptedSpecsValidate: the fuzzers' corpora (generator
// FuzzDecodeGenerate, fn FuzzRun) hold odd but real inputs; every spec in
// them the function accepts must validate.
func TestFuzzCorporaAcceptedSpecsValidate(t *testing.T) {
	s := compiled(t)
	files, err := filepath.Glob(filepath.Join(repoRoot, "generator/testdata/fuzz/FuzzDecodeGenerate/*"))
	require.NoError(t, err)
	more, err := filepath.Glob(filepath.Join(repoRoot, "fn/pipeline/testdata/fuzz/FuzzRun/*"))
	require.NoError(t, err)
	files = append(files, more...)
	require.NotEmpty(t, files)
	checked := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		_, arg, ok := strings.Cut(string(raw), "\n[]byte(")
		require.True(t, ok, "%s: not a go test fuzz v1 file", f)
		data, err := strconv.Unquote(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(arg), ")")))
		require.NoError(t, err, f)
		r := &kio.ByteReader{Reader: strings.NewReader(data), OmitReaderAnnotations: true}
		nodes, err := r.Read()
		if err != nil {
			continue // not YAML: nothing for a schema to say
		}
		if r.FunctionConfig != nil {
			nodes = append(nodes, r.FunctionConfig)
		}
		for _, n := range nodes {
			if n.GetKind() != generator.Kind {
				continue
			}
			if ok, _ := accepts(n); !ok {
				continue
			}
			v, err := instance(n.YNode())
			require.NoError(t, err)
			checked++
			assert.NoError(t, s.Validate(jsonValue(t, v)), "%s: the function accepts this spec", f)
		}
	}
	t.Logf("%d accepted specs in %d corpus files", checked, len(files))
	assert.Positive(t, checked)
}
