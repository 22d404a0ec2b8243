package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// The kustomize configuration users list under `configurations:` so that
// renames (namePrefix, nameSuffix, overlays, generator hashes) reach the
// references between the generated objects and to their Secrets and
// ConfigMaps. examples/kustomize-name-references exercises every kind of
// reference; these tests prove that each one resolves after the build, and
// that without the configuration they dangle.

const (
	nameRefConfig  = "kustomizeconfig/aigw-backend.yaml"
	nameRefExample = "examples/kustomize-name-references"
)

// objRef is a reference from one object of a build to another.
type objRef struct {
	from                  string // kind namespace/name of the referrer
	field                 string // field path in the referrer
	group, kind, ns, name string // the object referred to
}

func (r objRef) String() string {
	return fmt.Sprintf("%s %s -> %s %s/%s", r.from, r.field, r.kind, r.ns, r.name)
}

// secretRefFields are the keys under which a BackendSecurityPolicy (every
// version, every type) holds a reference to a Secret;
// TestNameReferenceConfigCoversTheCRD derives the full list of paths from
// the pinned CRD.
var secretRefFields = map[string]bool{"secretRef": true, "clientSecretRef": true, "clientSecret": true, "clientIDRef": true}

// references lists every reference the generated kinds hold, read from the
// objects themselves (not from the kustomize configuration under test):
// AIServiceBackend backendRef, BackendTLSPolicy targetRefs and
// caCertificateRefs, BackendSecurityPolicy targetRefs and every secret
// reference found anywhere in its spec. A reference without a namespace
// points into the referrer's namespace.
func references(t testing.TB, objs []object) []objRef {
	t.Helper()
	var refs []objRef
	for _, o := range objs {
		m, err := o.node.Map()
		require.NoError(t, err, o.id)
		spec, _ := m["spec"].(map[string]any)
		from := fmt.Sprintf("%s %s/%s", o.node.GetKind(), o.node.GetNamespace(), o.node.GetName())
		add := func(field string, v any, defGroup, defKind string) {
			r, ok := v.(map[string]any)
			if !ok {
				return
			}
			ref := objRef{from: from, field: field, group: defGroup, kind: defKind, ns: o.node.GetNamespace()}
			if s, ok := r["group"].(string); ok {
				ref.group = s
			}
			if s, ok := r["kind"].(string); ok {
				ref.kind = s
			}
			if s, ok := r["namespace"].(string); ok && s != "" {
				ref.ns = s
			}
			ref.name, _ = r["name"].(string)
			refs = append(refs, ref)
		}
		list := func(field string, v any, defGroup, defKind string) {
			items, _ := v.([]any)
			for i, it := range items {
				add(fmt.Sprintf("%s[%d]", field, i), it, defGroup, defKind)
			}
		}
		switch o.node.GetKind() {
		case "AIServiceBackend":
			add("spec.backendRef", spec["backendRef"], "", "Service")
		case "BackendTLSPolicy":
			list("spec.targetRefs", spec["targetRefs"], "", "")
			if v, ok := spec["validation"].(map[string]any); ok {
				list("spec.validation.caCertificateRefs", v["caCertificateRefs"], "", "")
			}
		case "BackendSecurityPolicy":
			list("spec.targetRefs", spec["targetRefs"], "", "")
			var walk func(path string, v any)
			walk = func(path string, v any) {
				mm, ok := v.(map[string]any)
				if !ok {
					return
				}
				for k, sub := range mm {
					if secretRefFields[k] {
						add(path+"."+k, sub, "", "Secret")
						continue
					}
					walk(path+"."+k, sub)
				}
			}
			walk("spec", spec)
		}
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].String() < refs[j].String() })
	return refs
}

// dangling returns the references of a build that name no object of the
// build (matched by group, kind, namespace and name), and how many
// references there were.
func dangling(t testing.TB, objs []object) (bad []string, total int) {
	t.Helper()
	have := map[string]bool{}
	key := func(group, kind, ns, name string) string { return group + "|" + kind + "|" + ns + "|" + name }
	for _, o := range objs {
		group, _, found := strings.Cut(o.node.GetApiVersion(), "/")
		if !found {
			group = ""
		}
		have[key(group, o.node.GetKind(), o.node.GetNamespace(), o.node.GetName())] = true
	}
	refs := references(t, objs)
	for _, r := range refs {
		if !have[key(r.group, r.kind, r.ns, r.name)] {
			bad = append(bad, r.String())
		}
	}
	return bad, len(refs)
}

// danglingKinds is the set of referred-to kinds among dangling references.
func danglingKinds(bad []string) []string {
	seen := map[string]bool{}
	for _, b := range bad {
		_, to, _ := strings.Cut(b, " -> ")
		seen[strings.Fields(to)[0]] = true
	}
	var kinds []string
	for k := range seen {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// buildNameRefExample copies the example (and kustomizeconfig/), lets edit
// change the base's kustomization, and builds dir (base or overlay).
func buildNameRefExample(t *testing.T, dir string, edit func(string) string) []object {
	t.Helper()
	ws := workspace(t, nameRefExample, "kustomizeconfig")
	if edit != nil {
		k := filepath.Join(ws, nameRefExample, "base", "kustomization.yaml")
		text := readFile(t, k)
		changed := edit(text)
		require.NotEqual(t, text, changed, "the edit changed nothing")
		require.NoError(t, os.WriteFile(k, []byte(changed), 0o644))
	}
	stdout, stderr, code := runKustomize(t, ws, filepath.Join(ws, nameRefExample, dir))
	require.Equal(t, 0, code, "kustomize build failed:\n%s", stderr)
	return parseObjects(t, stdout, dir)
}

// withoutConfigurations drops the base's configurations: block.
func withoutConfigurations(text string) string {
	var out []string
	skip := false
	for _, l := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(l, "configurations:"):
			skip = true
			continue
		case skip && strings.HasPrefix(l, "  "):
			continue
		}
		skip = false
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// TestNameReferencesResolve: after kustomize build of the example's base
// (namePrefix, namespace, secretGenerator and configMapGenerator hashes) and
// overlay (another namespace, a suffix, a replaced Secret), every reference
// the generated objects hold names an object of the build — and the build
// really renamed every referred-to object, so the check is not vacuous.
func TestNameReferencesResolve(t *testing.T) {
	for _, tc := range []struct {
		dir, ns, prefix, suffix string
	}{
		{dir: "base", ns: "ai-gateway", prefix: "team-"},
		{dir: "overlay", ns: "ai-prod", prefix: "team-", suffix: "-prod"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			objs := buildNameRefExample(t, tc.dir, nil)
			bad, total := dangling(t, objs)
			assert.Empty(t, bad, "references that name no object of the build")
			// 9 specs: 9 backendRefs, 9 BTLSP targetRefs, 1 CA ref, 9 BSP
			// targetRefs, 10 secret references.
			assert.Equal(t, 38, total, "references found")
			kinds := map[string]int{}
			for _, o := range objs {
				kinds[o.node.GetKind()]++
				name := o.node.GetName()
				assert.True(t, strings.HasPrefix(name, tc.prefix), "%s: no prefix %q", o.id, tc.prefix)
				assert.Equal(t, tc.ns, o.node.GetNamespace(), o.id)
				if k := o.node.GetKind(); k == "Secret" || k == "ConfigMap" {
					// generator hash: <prefix><name><suffix>-<10 characters>
					i := strings.LastIndex(name, "-")
					require.Positive(t, i, o.id)
					assert.Len(t, name[i+1:], 10, "%s: no content hash", o.id)
					assert.True(t, strings.HasSuffix(name[:i], tc.suffix), "%s: no suffix %q", o.id, tc.suffix)
				} else {
					assert.True(t, strings.HasSuffix(name, tc.suffix), "%s: no suffix %q", o.id, tc.suffix)
				}
			}
			assert.Equal(t, map[string]int{"Backend": 9, "AIServiceBackend": 9, "BackendTLSPolicy": 9,
				"BackendSecurityPolicy": 9, "Secret": 10, "ConfigMap": 1}, kinds)
		})
	}
}

// TestNameReferencesDangleWithoutConfig is the negative: the same builds
// without the configuration leave references of every kind dangling,
// silently (kustomize exits 0). It proves both that the configuration is
// what fixes them and that the checker catches dangling references.
func TestNameReferencesDangleWithoutConfig(t *testing.T) {
	for _, dir := range []string{"base", "overlay"} {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			objs := buildNameRefExample(t, dir, withoutConfigurations)
			bad, total := dangling(t, objs)
			assert.Len(t, bad, total, "every reference should dangle without the configuration:\n%s", strings.Join(bad, "\n"))
			assert.Equal(t, []string{"AIServiceBackend", "Backend", "ConfigMap", "Secret"}, danglingKinds(bad))
		})
	}
}

// TestNameReferencesAsComponent: kustomize loads a configuration file only
// from inside the kustomization's directory, so kustomizeconfig/ is also a
// Component that can be listed from anywhere; it gives the same build.
func TestNameReferencesAsComponent(t *testing.T) {
	want := buildNameRefExample(t, "overlay", nil)
	got := buildNameRefExample(t, "overlay", func(text string) string {
		return strings.Replace(withoutConfigurations(text), "generators:", "components:\n  - ../../../kustomizeconfig\ngenerators:", 1)
	})
	bad, _ := dangling(t, got)
	assert.Empty(t, bad)
	assert.Equal(t, semantic(t, want), semantic(t, got))
}

// TestNameReferenceConfigCopy: the example lists a copy of the
// configuration (kustomize does not load one from outside the
// kustomization's directory); it must be the shipped file.
func TestNameReferenceConfigCopy(t *testing.T) {
	root := tooltest.RepoRoot(t)
	assert.Equal(t, readFile(t, filepath.Join(root, nameRefConfig)),
		readFile(t, filepath.Join(root, nameRefExample, "base", "aigw-backend.yaml")),
		"%s/base/aigw-backend.yaml must be a copy of %s", nameRefExample, nameRefConfig)
}

// TestNameReferencesOlderVersions: the configuration names groups, not
// versions, so it also covers AIServiceBackend/BackendSecurityPolicy
// v1alpha1 and BackendTLSPolicy v1alpha3 (spec.target).
func TestNameReferencesOlderVersions(t *testing.T) {
	ws := workspace(t, "kustomizeconfig")
	dir := filepath.Join(ws, "examples", "old")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	files := map[string]string{
		"kustomization.yaml": "namespace: ai-gateway\nnamePrefix: old-\nnameSuffix: -x\ncomponents: [../../kustomizeconfig]\ngenerators: [spec.yaml]\n" +
			"secretGenerator:\n- name: key\n  literals: [apiKey=k]\nconfigMapGenerator:\n- name: ca\n  literals: [ca.crt=c]\n",
		"spec.yaml": `apiVersion: fn.aigw.dev/v1alpha1
kind: AIBackendSpec
metadata:
  name: legacy
  namespace: ai-gateway
  annotations:
    config.kubernetes.io/local-config: "true"
    config.kubernetes.io/function: |
      exec:
        path: ../../bin/aigw-backend
spec:
  provider: openai
  auth:
    secretRef: {name: key}
  tls:
    caCertificateRefs: [ca]
  target:
    aiGatewayAPIVersion: v1alpha1
    backendTLSPolicyAPIVersion: v1alpha3
`,
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	stdout, stderr, code := runKustomize(t, ws, dir)
	require.Equal(t, 0, code, "kustomize build failed:\n%s", stderr)
	objs := parseObjects(t, stdout, "build")
	versions := map[string]string{}
	for _, o := range objs {
		versions[o.node.GetKind()] = o.node.GetApiVersion()
	}
	require.Equal(t, "aigateway.envoyproxy.io/v1alpha1", versions["AIServiceBackend"])
	require.Equal(t, "aigateway.envoyproxy.io/v1alpha1", versions["BackendSecurityPolicy"])
	require.Equal(t, "gateway.networking.k8s.io/v1alpha3", versions["BackendTLSPolicy"])
	bad, total := dangling(t, objs)
	assert.Empty(t, bad)
	assert.Equal(t, 5, total)
}

// crdReferenceFields derives from every pinned CRD (testdata/crds) the
// fields that hold a reference to another object: every object property
// with a name and a kind or group. It returns "Kind path" -> the kind the
// reference defaults to ("" when none).
func crdReferenceFields(t *testing.T) map[string]string {
	t.Helper()
	root := tooltest.RepoRoot(t)
	files, err := filepath.Glob(filepath.Join(root, "testdata", "crds", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := map[string]string{}
	for _, f := range files {
		crd, err := yaml.Parse(readFile(t, f))
		require.NoError(t, err)
		kind := fieldString(t, crd, "spec", "names", "kind")
		versions, err := crd.Pipe(yaml.Lookup("spec", "versions"))
		require.NoError(t, err)
		els, err := versions.Elements()
		require.NoError(t, err)
		for _, v := range els {
			schema, err := v.Pipe(yaml.Lookup("schema", "openAPIV3Schema"))
			require.NoError(t, err)
			var walk func(n *yaml.RNode, path []string)
			walk = func(n *yaml.RNode, path []string) {
				if items := n.Field("items"); items != nil {
					walk(items.Value, path) // kustomize paths run through lists
				}
				props := n.Field("properties")
				if props == nil {
					return
				}
				if props.Value.Field("name") != nil && (props.Value.Field("kind") != nil || props.Value.Field("group") != nil) {
					def := ""
					if d, _ := props.Value.Pipe(yaml.Lookup("kind", "default")); d != nil {
						def = d.YNode().Value
					}
					out[kind+" "+strings.Join(path, "/")] = def
				}
				require.NoError(t, props.Value.VisitFields(func(f *yaml.MapNode) error {
					walk(f.Value, append(append([]string{}, path...), f.Key.YNode().Value))
					return nil
				}))
			}
			walk(schema, nil)
		}
	}
	return out
}

// notRenamed are reference fields of the pinned CRDs the configuration
// leaves out on purpose, with the reason.
var notRenamed = map[string]string{
	"AIGatewayRoute spec/parentRefs":                "points at Gateways, which these builds do not generate or rename with our kinds",
	"BackendTLSPolicy status/ancestors/ancestorRef": "status, written by the controller",
}

// TestNameReferenceConfigCoversTheCRD: every reference field of every
// pinned CRD (derived from the schemas, not listed by hand) is a fieldSpec
// of the configuration, under the referrer's kind, or is in notRenamed with
// a reason; Secret references (kind defaults to Secret) are Secret
// fieldSpecs on the whole reference (so kustomize also matches and writes
// the namespace); and every fieldSpec of the configuration is such a field
// (none is stale). The configuration names the group of every kind.
func TestNameReferenceConfigCoversTheCRD(t *testing.T) {
	root := tooltest.RepoRoot(t)
	fields := crdReferenceFields(t)
	require.GreaterOrEqual(t, len(fields), 27, "reference fields in the pinned CRDs: %v", fields)

	var cfg struct {
		NameReference []struct {
			Kind, Group, Version string
			FieldSpecs           []struct{ Kind, Group, Version, Path string } `yaml:"fieldSpecs"`
		} `yaml:"nameReference"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(readFile(t, filepath.Join(root, nameRefConfig))), &cfg))
	got := map[string][]string{}   // referral group/kind -> "group kind path" of referrers
	covered := map[string]string{} // "Kind path" (reference object) -> referral kind
	for _, nr := range cfg.NameReference {
		for _, fs := range nr.FieldSpecs {
			assert.Empty(t, fs.Version, "%s %s: a version would leave the other versions out", fs.Kind, fs.Path)
			assert.NotEmpty(t, fs.Group, "%s %s: no group", fs.Kind, fs.Path)
			got[nr.Group+"/"+nr.Kind] = append(got[nr.Group+"/"+nr.Kind], fs.Group+" "+fs.Kind+" "+fs.Path)
			covered[fs.Kind+" "+strings.TrimSuffix(fs.Path, "/name")] = nr.Kind
		}
	}
	var missing []string
	for f, def := range fields {
		if reason, ok := notRenamed[f]; ok {
			assert.NotContains(t, covered, f, "%s is in notRenamed (%s) but configured", f, reason)
			continue
		}
		kind, ok := covered[f]
		if !ok {
			missing = append(missing, f)
			continue
		}
		if def == "Secret" {
			assert.Equal(t, "Secret", kind, "%s defaults to a Secret", f)
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "reference fields of the pinned CRDs that %s does not rename", nameRefConfig)
	for f := range covered {
		assert.Contains(t, fields, f, "%s is configured but is no reference field of the pinned CRDs", f)
	}
	for r := range notRenamed {
		assert.Contains(t, fields, r, "notRenamed entry %s is no longer in the CRDs", r)
	}
	assert.Contains(t, got["aigateway.envoyproxy.io/AIServiceBackend"], "aigateway.envoyproxy.io AIGatewayRoute spec/rules/backendRefs/name")
	assert.Len(t, got, 4)
}

// TestNameReferenceCoverageCheckFails is the negative control of
// TestNameReferenceConfigCoversTheCRD's derivation: it finds the fields a
// configuration without the AIGatewayRoute entry would miss.
func TestNameReferenceCoverageCheckFails(t *testing.T) {
	fields := crdReferenceFields(t)
	assert.Contains(t, fields, "AIGatewayRoute spec/rules/backendRefs")
	assert.Contains(t, fields, "Backend spec/tls/clientCertificateRef")
	assert.Equal(t, "Secret", fields["BackendSecurityPolicy spec/apiKey/secretRef"])
}
