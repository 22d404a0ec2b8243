package crdvalidate_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw-backend/internal/crdvalidate"
)

// Valid, hand-written examples of the four kinds the function emits.
const (
	backendYAML = `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: openai
  namespace: ai
spec:
  endpoints:
  - fqdn:
      hostname: api.openai.com
      port: 443
`
	aiServiceBackendYAML = `
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata:
  name: openai
  namespace: ai
spec:
  schema:
    name: OpenAI
  backendRef:
    group: gateway.envoyproxy.io
    kind: Backend
    name: openai
  headerMutation:
    set:
    - name: x-team
      value: ml
`
	backendTLSPolicyYAML = `
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: openai-tls
  namespace: ai
spec:
  targetRefs:
  - group: gateway.envoyproxy.io
    kind: Backend
    name: openai
  validation:
    hostname: api.openai.com
    wellKnownCACertificates: System
`
	backendSecurityPolicyYAML = `
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata:
  name: openai-apikey
  namespace: ai
spec:
  type: APIKey
  apiKey:
    secretRef:
      name: openai-apikey
  targetRefs:
  - group: aigateway.envoyproxy.io
    kind: AIServiceBackend
    name: openai
`
)

const blockedCEL = "some validation rules were not checked because the object was invalid"

var loadOnce = sync.OnceValues(func() (*crdvalidate.Validator, error) {
	v, dir, err := crdvalidate.LoadDefault()
	if err == nil {
		fmt.Fprintf(os.Stderr, "crdvalidate: CRDs from %s\n", dir)
	}
	return v, err
})

func validator(t *testing.T) *crdvalidate.Validator {
	t.Helper()
	v, err := loadOnce()
	require.NoError(t, err)
	return v
}

func parse(t *testing.T, doc string) map[string]interface{} {
	t.Helper()
	var m map[string]interface{}
	require.NoError(t, sigsyaml.Unmarshal([]byte(doc), &m))
	return m
}

// m walks nested maps and list indexes: m(obj, "spec", "endpoints", 0, "fqdn").
func m(t *testing.T, obj map[string]interface{}, path ...interface{}) map[string]interface{} {
	t.Helper()
	var cur interface{} = obj
	for _, p := range path {
		switch k := p.(type) {
		case string:
			cur = cur.(map[string]interface{})[k]
		case int:
			cur = cur.([]interface{})[k]
		}
		require.NotNil(t, cur, "path %v", path)
	}
	return cur.(map[string]interface{})
}

func TestLoadDefaultKinds(t *testing.T) {
	v := validator(t)
	var got []string
	for _, gvk := range v.Kinds() {
		got = append(got, gvk.GroupVersion().String()+"/"+gvk.Kind)
	}
	for _, want := range []string{
		"gateway.envoyproxy.io/v1alpha1/Backend",
		"aigateway.envoyproxy.io/v1beta1/AIServiceBackend",
		"aigateway.envoyproxy.io/v1alpha1/AIServiceBackend",
		"aigateway.envoyproxy.io/v1beta1/BackendSecurityPolicy",
		"gateway.networking.k8s.io/v1/BackendTLSPolicy",
	} {
		assert.Contains(t, got, want)
	}
	// Standard channel: v1alpha3 is listed in the CRD but not served.
	assert.NotContains(t, got, "gateway.networking.k8s.io/v1alpha3/BackendTLSPolicy")
}

func TestValidExamples(t *testing.T) {
	v := validator(t)
	for name, doc := range map[string]string{
		"Backend":               backendYAML,
		"AIServiceBackend":      aiServiceBackendYAML,
		"BackendTLSPolicy":      backendTLSPolicyYAML,
		"BackendSecurityPolicy": backendSecurityPolicyYAML,
	} {
		t.Run(name, func(t *testing.T) {
			r := v.Validate(parse(t, doc))
			require.NoError(t, r.Err())
			assert.Equal(t, name, r.GVK.Kind)
			assert.Empty(t, r.UnknownFields)
			assert.Empty(t, r.Deprecations)
			assert.Empty(t, r.Warnings)
		})
	}
}

func TestInvalid(t *testing.T) {
	v := validator(t)
	cases := []struct {
		name   string
		base   string
		mutate func(t *testing.T, o map[string]interface{})
		want   []string // fragments that must each appear in some error
		// notWant must not appear in any error (e.g. the CEL-skipped notice when
		// the failure is supposed to come from CEL itself).
		notWant []string
		check   func(t *testing.T, r *crdvalidate.Result)
	}{
		{
			name: "unknown field spec.bogus",
			base: backendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "spec")["bogus"] = true
			},
			want: []string{`unknown field "spec.bogus"`},
			check: func(t *testing.T, r *crdvalidate.Result) {
				assert.Equal(t, []string{"spec.bogus"}, r.UnknownFields)
				assert.Empty(t, r.FieldErrors, "pruned object is otherwise valid")
				assert.NotContains(t, m(t, r.Object, "spec"), "bogus", "pruned like the server")
			},
		},
		{
			name: "unknown metadata field",
			base: backendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "metadata")["lables"] = map[string]interface{}{"a": "b"}
			},
			want: []string{`unknown field "metadata.lables"`},
		},
		{
			name: "unknown nested field in list item",
			base: backendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "spec", "endpoints", 0, "fqdn")["hostName"] = "x"
			},
			want: []string{`unknown field "spec.endpoints[0].fqdn.hostName"`},
		},
		{
			name: "wrong type: port as string",
			base: backendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "spec", "endpoints", 0, "fqdn")["port"] = "443"
			},
			want: []string{`spec.endpoints[0].fqdn.port: Invalid value: "string": spec.endpoints[0].fqdn.port in body must be of type integer: "string"`},
			check: func(t *testing.T, r *crdvalidate.Result) {
				require.NotEmpty(t, r.FieldErrors)
				assert.Equal(t, field.ErrorTypeTypeInvalid, r.FieldErrors[0].Type)
			},
		},
		{
			name: "Backend CEL: fqdn and ip together",
			base: backendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "spec", "endpoints", 0)["ip"] = map[string]interface{}{"address": "10.0.0.1", "port": 443}
			},
			want:    []string{"spec.endpoints[0]: Invalid value: only one of fqdn, ip or unix can be specified"},
			notWant: []string{blockedCEL},
		},
		{
			name: "AIServiceBackend backendRef to a Service (CEL)",
			base: aiServiceBackendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "spec")["backendRef"] = map[string]interface{}{"kind": "Service", "name": "openai", "port": 443}
			},
			want:    []string{"spec.backendRef: Invalid value: BackendRef must be a Backend resource of Envoy Gateway"},
			notWant: []string{blockedCEL},
		},
		{
			name: "BackendSecurityPolicy APIKey with awsCredentials (CEL)",
			base: backendSecurityPolicyYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "spec")["awsCredentials"] = map[string]interface{}{"region": "us-east-1"}
			},
			want:    []string{"spec: Invalid value: When type is APIKey, only apiKey field should be set"},
			notWant: []string{blockedCEL},
		},
		{
			name: "BackendTLSPolicy with caCertificateRefs and wellKnownCACertificates (CEL)",
			base: backendTLSPolicyYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "spec", "validation")["caCertificateRefs"] = []interface{}{
					map[string]interface{}{"group": "", "kind": "ConfigMap", "name": "ca"},
				}
			},
			want:    []string{"spec.validation: Invalid value: must not contain both CACertificateRefs and WellKnownCACertificates"},
			notWant: []string{blockedCEL},
		},
		{
			name: "BackendTLSPolicy v1alpha3 against the standard channel (not served)",
			base: backendTLSPolicyYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				o["apiVersion"] = "gateway.networking.k8s.io/v1alpha3"
			},
			want: []string{"version v1alpha3 of BackendTLSPolicy is not served (served: false)", "served versions: [v1]", "404 NotFound"},
			check: func(t *testing.T, r *crdvalidate.Result) {
				var ns *crdvalidate.NotServedError
				require.True(t, errors.As(r.Errors[0], &ns))
				assert.True(t, ns.Exists)
				assert.Len(t, r.Errors, 1)
				assert.Nil(t, r.Object)
			},
		},
		{
			name: "version not in CRD",
			base: backendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				o["apiVersion"] = "gateway.envoyproxy.io/v1"
			},
			want: []string{"version v1 of Backend is not defined in CRD backends.gateway.envoyproxy.io"},
		},
		{
			name: "uppercase metadata.name",
			base: aiServiceBackendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "metadata")["name"] = "OpenAI"
			},
			want: []string{`metadata.name: Invalid value: "OpenAI": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters`},
		},
		{
			name: "missing namespace",
			base: backendSecurityPolicyYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				delete(m(t, o, "metadata"), "namespace")
			},
			want: []string{"metadata.namespace: Required value"},
		},
		{
			name: "missing name",
			base: backendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				delete(m(t, o, "metadata"), "name")
			},
			want: []string{"metadata.name: Required value: name or generateName is required"},
		},
		{
			name: "headerMutation.set with 17 entries (maxItems 16)",
			base: aiServiceBackendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				var set []interface{}
				for i := 0; i < 17; i++ {
					set = append(set, map[string]interface{}{"name": fmt.Sprintf("x-h%d", i), "value": "v"})
				}
				m(t, o, "spec", "headerMutation")["set"] = set
			},
			// TooMany is a blocking error: the server then skips CEL and says so.
			want: []string{"spec.headerMutation.set: Too many: 17: must have at most 16 items", blockedCEL},
		},
		{
			name: "duplicate headerMutation.set names (list-map key)",
			base: aiServiceBackendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "spec", "headerMutation")["set"] = []interface{}{
					map[string]interface{}{"name": "x-team", "value": "a"},
					map[string]interface{}{"name": "x-team", "value": "b"},
				}
			},
			want: []string{`spec.headerMutation.set[1]: Duplicate value: {"name":"x-team"}`},
		},
		{
			name: "enum: unknown schema name",
			base: aiServiceBackendYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				m(t, o, "spec", "schema")["name"] = "OpenAi"
			},
			want: []string{`spec.schema.name: Unsupported value: "OpenAi"`, blockedCEL},
		},
		{
			name: "required field missing",
			base: backendTLSPolicyYAML,
			mutate: func(t *testing.T, o map[string]interface{}) {
				delete(m(t, o, "spec", "validation"), "hostname")
			},
			want: []string{"spec.validation.hostname: Required value"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := parse(t, tc.base)
			tc.mutate(t, o)
			r := v.Validate(o)
			require.False(t, r.OK(), "expected the create to be rejected")
			all := strings.Join(r.ErrorStrings(), "\n")
			for _, w := range tc.want {
				assert.Contains(t, all, w)
			}
			for _, w := range tc.notWant {
				assert.NotContains(t, all, w)
			}
			assert.ErrorContains(t, r.Err(), "is invalid: ")
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func TestValidateDoesNotMutateInputAndDefaults(t *testing.T) {
	v := validator(t)
	o := parse(t, backendYAML)
	m(t, o, "spec")["bogus"] = 1
	o["status"] = map[string]interface{}{"conditions": []interface{}{}}
	before, err := sigsyaml.Marshal(o)
	require.NoError(t, err)

	r := v.Validate(o)
	after, err := sigsyaml.Marshal(o)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "input must not be modified")

	assert.Equal(t, []string{"spec.bogus"}, r.UnknownFields)
	assert.True(t, r.StatusDropped, "Backend has a status subresource: status is dropped on create")
	assert.NotContains(t, r.Object, "status")
	// Schema default spec.type: Endpoints is applied, integers are int64 like the server's decoder.
	assert.Equal(t, "Endpoints", m(t, r.Object, "spec")["type"])
	assert.Equal(t, int64(443), m(t, r.Object, "spec", "endpoints", 0, "fqdn")["port"])
}

func TestGoTypedInput(t *testing.T) {
	// Validate accepts maps built in Go with native types (int, []string, ...).
	v := validator(t)
	o := map[string]interface{}{
		"apiVersion": "gateway.envoyproxy.io/v1alpha1",
		"kind":       "Backend",
		"metadata":   map[string]string{"name": "openai", "namespace": "ai"},
		"spec": map[string]interface{}{
			"endpoints":    []map[string]interface{}{{"fqdn": map[string]interface{}{"hostname": "api.openai.com", "port": 443}}},
			"appProtocols": []string{"gateway.envoyproxy.io/h2c"},
		},
	}
	require.NoError(t, v.Validate(o).Err())
	o["spec"].(map[string]interface{})["appProtocols"] = []string{"h2c"}
	assert.ErrorContains(t, v.Validate(o).Err(), `spec.appProtocols[0]: Unsupported value: "h2c"`)
}

func TestExperimentalChannelServesV1alpha3(t *testing.T) {
	root, err := crdvalidate.RepoRoot()
	require.NoError(t, err)
	exp, err := crdvalidate.Load(filepath.Join(root, "testdata", "crds", "experimental"))
	require.NoError(t, err)

	o := parse(t, backendTLSPolicyYAML)
	o["apiVersion"] = "gateway.networking.k8s.io/v1alpha3"
	r := exp.Validate(o)
	require.NoError(t, r.Err())
	assert.Equal(t, []string{"The v1alpha3 version of BackendTLSPolicy has been deprecated and will be removed in a future release of the API. Please upgrade to v1."}, r.Deprecations)
	assert.Empty(t, r.Warnings)

	// Same schema and CEL rules as v1.
	m(t, o, "spec", "validation")["caCertificateRefs"] = []interface{}{map[string]interface{}{"group": "", "kind": "ConfigMap", "name": "ca"}}
	assert.ErrorContains(t, exp.Validate(o).Err(), "must not contain both CACertificateRefs and WellKnownCACertificates")

	// The experimental directory defines only BackendTLSPolicy.
	assert.False(t, exp.Knows(schema.GroupKind{Group: "gateway.envoyproxy.io", Kind: "Backend"}))
}

func TestDeprecatedVersionWarning(t *testing.T) {
	v := validator(t)
	o := parse(t, backendSecurityPolicyYAML)
	o["apiVersion"] = "aigateway.envoyproxy.io/v1alpha1"
	delete(m(t, o, "spec"), "targetRefs") // v1alpha1 has no targetRefs
	r := v.Validate(o)
	require.NoError(t, r.Err())
	assert.Equal(t, []string{"aigateway.envoyproxy.io/v1alpha1 is deprecated; use aigateway.envoyproxy.io/v1beta1 instead"}, r.Deprecations)
}

func TestFinalizerWarning(t *testing.T) {
	v := validator(t)
	o := parse(t, backendYAML)
	m(t, o, "metadata")["finalizers"] = []interface{}{"cleanup"}
	r := v.Validate(o)
	require.NoError(t, r.Err())
	require.Len(t, r.Warnings, 1)
	assert.Contains(t, r.Warnings[0], `metadata.finalizers: "cleanup": prefer a domain-qualified finalizer name`)
}

func TestValidateYAML(t *testing.T) {
	v := validator(t)
	stream := strings.Join([]string{
		backendYAML, aiServiceBackendYAML, backendTLSPolicyYAML, backendSecurityPolicyYAML,
		"apiVersion: v1\nkind: Secret\nmetadata: {name: openai-apikey, namespace: ai}\nstringData: {apiKey: x}\n",
		"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: openai}\nspec: {provider: openai}\n",
		"# only a comment\n",
	}, "\n---\n")
	allow := append([]schema.GroupVersionKind{crdvalidate.FunctionConfig}, crdvalidate.CoreKinds...)

	t.Run("all valid, allowed non-CRD kinds skipped", func(t *testing.T) {
		rs, err := v.ValidateYAML([]byte(stream), allow...)
		require.NoError(t, err)
		require.NoError(t, rs.Err())
		require.Len(t, rs, 6)
		var kinds, skipped []string
		for _, r := range rs {
			kinds = append(kinds, r.GVK.Kind)
			if r.Skipped {
				skipped = append(skipped, r.GVK.Kind)
			}
		}
		assert.Equal(t, []string{"Backend", "AIServiceBackend", "BackendTLSPolicy", "BackendSecurityPolicy", "Secret", "AIBackendSpec"}, kinds)
		assert.Equal(t, []string{"Secret", "AIBackendSpec"}, skipped)
	})

	t.Run("non-CRD kinds are errors unless allowed", func(t *testing.T) {
		rs, err := v.ValidateYAML([]byte(stream), crdvalidate.FunctionConfig)
		require.NoError(t, err)
		err = rs.Err()
		require.Error(t, err)
		assert.Contains(t, err.Error(), "doc 4: v1, Kind=Secret ai/openai-apikey is invalid: no CRD loaded for v1")
		assert.NotContains(t, err.Error(), "AIBackendSpec")
		var uk *crdvalidate.UnknownKindError
		require.True(t, errors.As(rs[4].Errors[0], &uk))
		assert.Equal(t, "Secret", uk.GVK.Kind)
	})

	t.Run("ResourceList items", func(t *testing.T) {
		var items []string
		for _, d := range []string{backendYAML, strings.Replace(backendTLSPolicyYAML, "gateway.networking.k8s.io/v1\n", "gateway.networking.k8s.io/v1alpha3\n", 1)} {
			items = append(items, "- "+strings.ReplaceAll(strings.TrimSpace(d), "\n", "\n  "))
		}
		rl := "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig:\n  apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendSpec\nitems:\n" + strings.Join(items, "\n") + "\n"
		rs, err := v.ValidateYAML([]byte(rl))
		require.NoError(t, err)
		require.Len(t, rs, 2)
		assert.True(t, rs[0].OK())
		assert.Equal(t, "doc 0 items[1]", rs[1].Source)
		assert.ErrorContains(t, rs.Err(), "doc 0 items[1]: gateway.networking.k8s.io/v1alpha3, Kind=BackendTLSPolicy ai/openai-tls is invalid: version v1alpha3 of BackendTLSPolicy is not served")
	})

	t.Run("duplicate keys are strict decoding errors", func(t *testing.T) {
		doc := strings.Replace(backendYAML, "  name: openai\n", "  name: openai\n  name: other\n", 1)
		rs, err := v.ValidateYAML([]byte(doc))
		require.NoError(t, err)
		require.Len(t, rs, 1)
		assert.ErrorContains(t, rs.Err(), "strict decoding error")
		assert.ErrorContains(t, rs.Err(), `"name" already set`)
	})

	t.Run("warnings collected", func(t *testing.T) {
		exp := strings.Replace(backendSecurityPolicyYAML, "v1beta1", "v1alpha1", 1)
		exp = exp[:strings.Index(exp, "  targetRefs:")]
		rs, err := v.ValidateYAML([]byte(exp))
		require.NoError(t, err)
		require.NoError(t, rs.Err())
		assert.Equal(t, []string{"doc 0: aigateway.envoyproxy.io/v1alpha1, Kind=BackendSecurityPolicy ai/openai-apikey: aigateway.envoyproxy.io/v1alpha1 is deprecated; use aigateway.envoyproxy.io/v1beta1 instead"}, rs.Warnings())
	})
}

func TestLoadErrors(t *testing.T) {
	t.Run("duplicate group/kind", func(t *testing.T) {
		root, err := crdvalidate.RepoRoot()
		require.NoError(t, err)
		std, err := os.ReadFile(filepath.Join(root, "testdata", "crds", "gateway.networking.k8s.io_backendtlspolicies.yaml"))
		require.NoError(t, err)
		exp, err := os.ReadFile(filepath.Join(root, "testdata", "crds", "experimental", "gateway.networking.k8s.io_backendtlspolicies.yaml"))
		require.NoError(t, err)
		_, err = crdvalidate.LoadBytes(std, exp)
		assert.ErrorContains(t, err, "BackendTLSPolicy.gateway.networking.k8s.io defined twice")
	})
	t.Run("non-CRD documents are ignored, none found is an error", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "x.yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n"), 0o644))
		_, err := crdvalidate.Load(dir)
		assert.ErrorContains(t, err, "no CustomResourceDefinition found")
	})
	t.Run("AIGW_CRDS_DIR overrides", func(t *testing.T) {
		root, err := crdvalidate.RepoRoot()
		require.NoError(t, err)
		t.Setenv(crdvalidate.EnvCRDsDir, filepath.Join(root, "testdata", "crds", "experimental"))
		v, dir, err := crdvalidate.LoadDefault()
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(root, "testdata", "crds", "experimental"), dir)
		kinds := v.Kinds()
		sort.Slice(kinds, func(i, j int) bool { return kinds[i].Version < kinds[j].Version })
		assert.Equal(t, []schema.GroupVersionKind{
			{Group: "gateway.networking.k8s.io", Version: "v1", Kind: "BackendTLSPolicy"},
			{Group: "gateway.networking.k8s.io", Version: "v1alpha3", Kind: "BackendTLSPolicy"},
		}, kinds)
	})
	t.Run("no CRDs anywhere says how to get them", func(t *testing.T) {
		t.Setenv(crdvalidate.EnvCRDsDir, "")
		dir := filepath.Join(t.TempDir(), "repo")
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module github.com/aigw-dev/aigw-backend\n"), 0o644))
		t.Chdir(dir)
		_, _, err := crdvalidate.LoadDefault()
		require.Error(t, err)
		assert.Contains(t, err.Error(), "run `make crds`")
		assert.Contains(t, err.Error(), filepath.Join(dir, "testdata", "crds"))
	})
}

// The package is test-only tooling: the function binary (and every non-test
// package of the module) must not import it.
func TestNotImportedByNonTestCode(t *testing.T) {
	root, err := crdvalidate.RepoRoot()
	require.NoError(t, err)
	const self = "github.com/aigw-dev/aigw-backend/internal/crdvalidate"
	cmd := exec.Command("go", "list", "-e", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.NotEmpty(t, lines)
	for _, line := range lines {
		fields := strings.Fields(line)
		if len(fields) == 0 || fields[0] == self {
			continue
		}
		assert.NotContains(t, fields[1:], self, "%s imports %s from non-test code", fields[0], self)
	}
}

// TestDefaultDirStaysInRepo: without the explicit override the oracle reads
// only the pinned copies in the repository, never a directory next to it.
func TestDefaultDirStaysInRepo(t *testing.T) {
	root, err := crdvalidate.RepoRoot()
	require.NoError(t, err)

	t.Setenv(crdvalidate.EnvCRDsDir, "")
	d, err := crdvalidate.DefaultDir()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "testdata", "crds"), d)

	override := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(override, "x.yaml"), []byte("{}\n"), 0o644))
	t.Setenv(crdvalidate.EnvCRDsDir, override)
	d, err = crdvalidate.DefaultDir()
	require.NoError(t, err)
	assert.Equal(t, override, d)

	t.Setenv(crdvalidate.EnvCRDsDir, t.TempDir())
	_, err = crdvalidate.DefaultDir()
	assert.ErrorContains(t, err, "contains no *.yaml files")
}
