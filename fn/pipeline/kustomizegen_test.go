package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
)

// specDoc is an AIBackendSpec with extra metadata.annotations lines.
func specDoc(annotations, spec string) string {
	return `apiVersion: fn.aigw.dev/v1alpha1
kind: AIBackendSpec
metadata:
  name: openai
  namespace: ai-gateway
  annotations:
    config.kubernetes.io/local-config: "true"
` + annotations + `spec:
` + spec
}

// TestGeneratorEcho: the copy of the functionConfig that kustomize sends as
// the only item of a generator run is not returned on success (kustomize
// would parse its OpenAPI schema to copy comments back into it, then drop
// it); every other way a spec arrives keeps it in the output.
func TestGeneratorEcho(t *testing.T) {
	const good = "  provider: openai\n  auth:\n    secretRef: {name: key}\n"
	const bad = "  provider: openai\n  endpoint: {port: 70000}\n  auth:\n    secretRef: {name: key}\n"
	// exactly what kustomize v5 sends (kyaml runtimeutil.FunctionFilter)
	const kustomizeIDs = `    config.kubernetes.io/index: '0'
    internal.config.kubernetes.io/index: '0'
    internal.config.kubernetes.io/annotations-migration-resource-id: '0'
    internal.config.kubernetes.io/id: '1'
    config.k8s.io/id: '1'
`
	const kptPath = `    config.kubernetes.io/path: 'spec.yaml'
    internal.config.kubernetes.io/path: 'spec.yaml'
`
	const legacyPath = "    config.kubernetes.io/path: 'spec.yaml'\n"
	other := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: ai-gateway\n  annotations:\n    config.k8s.io/id: '2'\ndata: {a: b}\n"
	tests := []struct {
		name     string
		items    []string
		config   string
		wantSpec bool
		wantExit int
		wantObjs int // items in the output besides the spec
	}{
		{name: "kustomize generator: config echo dropped", items: []string{specDoc(kustomizeIDs, good)}, config: specDoc("", good), wantObjs: 4},
		{name: "kpt Kptfile configPath: item with its path stays", items: []string{specDoc(kptPath, good)}, config: specDoc("", good), wantSpec: true, wantObjs: 4},
		{name: "legacy path annotation only: stays", items: []string{specDoc(legacyPath, good)}, config: specDoc("", good), wantSpec: true, wantObjs: 4},
		{name: "bad spec: every input item returned unchanged", items: []string{specDoc(kustomizeIDs, bad)}, config: specDoc("", bad), wantSpec: true, wantExit: 1},
		{name: "in-package spec (no functionConfig) stays", items: []string{specDoc(kptPath, good)}, wantSpec: true, wantObjs: 4},
		{name: "transformer: resources only, all kept", items: []string{other}, config: specDoc("", good), wantObjs: 5},
		{name: "another spec of the same kind but another name stays", items: []string{strings.Replace(specDoc(kustomizeIDs, good), "name: openai", "name: other", 1)}, config: specDoc("", good), wantSpec: true, wantObjs: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := echoList(tt.items, tt.config)
			for _, path := range []struct {
				name string
				run  func([]byte) Output
			}{{"Run", Run}, {"runFull", func(in []byte) Output { return runFull(in, Options{}) }}} {
				out := path.run(in)
				require.Equal(t, tt.wantExit, out.ExitCode, "%s: %s", path.name, out.Stderr)
				nodes, err := (&kio.ByteReader{Reader: strings.NewReader(string(out.ResourceList))}).Read()
				require.NoError(t, err, path.name)
				specs := 0
				for _, n := range nodes {
					if n.GetKind() == "AIBackendSpec" {
						specs++
					}
				}
				assert.Equal(t, tt.wantSpec, specs == 1, "%s: spec items in the output: %d", path.name, specs)
				assert.Equal(t, tt.wantObjs, len(nodes)-specs, fmt.Sprintf("%s: other items", path.name))
			}
		})
	}
}

// echoList writes a ResourceList of items (block style) and a functionConfig.
func echoList(items []string, config string) []byte {
	indent := func(doc, first, rest string) string {
		lines := strings.Split(strings.TrimRight(doc, "\n"), "\n")
		for i := range lines {
			if i == 0 {
				lines[i] = first + lines[i]
			} else {
				lines[i] = rest + lines[i]
			}
		}
		return strings.Join(lines, "\n") + "\n"
	}
	var b strings.Builder
	b.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n")
	for _, it := range items {
		b.WriteString(indent(it, "- ", "  "))
	}
	if config != "" {
		b.WriteString("functionConfig:\n" + indent(config, "  ", "  "))
	}
	return []byte(b.String())
}

// TestGeneratorEchoOnlyForKustomizesCall runs the inputs the real tools
// send (testdata/echo, captured from kustomize 5.8.2 and kpt beta.61)
// through both routes: only kustomize's generator call loses its copy of
// the config; the spec piped through kpt, the resource kustomize also runs
// as a transformer, and a plain list keep it.
func TestGeneratorEchoOnlyForKustomizesCall(t *testing.T) {
	for _, c := range []struct {
		file      string
		wantSpecs int
	}{
		{"kustomize-generator.yaml", 0},
		{"kustomize-transformer.yaml", 1},
		{"kpt-eval-stdin.yaml", 1},
		{"plain-list.yaml", 1},
	} {
		t.Run(c.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", "echo", c.file))
			require.NoError(t, err)
			runEngines(t, engineCase{name: c.file, in: string(in), fast: true, check: func(t *testing.T, _ []byte, out Output) {
				specs := engFind(engItems(t, out.ResourceList), "fn.aigw.dev/v1alpha1", "AIBackendSpec", "openai")
				assert.Len(t, specs, c.wantSpecs)
				assert.Len(t, engFind(engItems(t, out.ResourceList), "gateway.envoyproxy.io/v1alpha1", "Backend", "openai"), 1)
			}})
		})
	}
	// A near miss of each condition keeps the spec.
	gen, err := os.ReadFile(filepath.Join("testdata", "echo", "kustomize-generator.yaml"))
	require.NoError(t, err)
	for name, edit := range map[string]func(string) string{
		"item without local-config": func(s string) string {
			return strings.Replace(s, "      config.kubernetes.io/local-config: 'true'\n      config.kubernetes.io/index", "      config.kubernetes.io/index", 1)
		},
		"item without kustomize's ids": func(s string) string { return strings.Replace(s, "      config.k8s.io/id: '1'\n", "", 1) },
		"item differs from the config": func(s string) string { return strings.Replace(s, "name: k\n", "name: other\n", 1) },
		"functionConfig read by a tool": func(s string) string {
			return strings.Replace(s, "      config.kubernetes.io/local-config: 'true'\n    name:", "      config.kubernetes.io/local-config: 'true'\n      config.kubernetes.io/index: '0'\n    name:", 1)
		},
	} {
		t.Run(name, func(t *testing.T) {
			in := edit(string(gen))
			require.NotEqual(t, string(gen), in)
			out := Run([]byte(in))
			require.Equal(t, 0, out.ExitCode, "%s", out.Stderr)
			assert.Len(t, engFind(engItems(t, out.ResourceList), "fn.aigw.dev/v1alpha1", "AIBackendSpec", "openai"), 1)
		})
	}
}
