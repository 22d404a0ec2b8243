package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/decide"
	"github.com/aigw-dev/aigw-backend/fn/rawlist"
	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/fn/write"
	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/meta"
	"github.com/aigw-dev/aigw-backend/lint"
)

// TestLintQuietOnOwnOutput: the function's own output never draws a lint
// warning, even when its objects are taken for hand-written ones (the
// ownership annotation removed). Two findings are the spec's own choice
// and are allowed: a v1alpha3 BackendTLSPolicy (spec.target) and a TLS
// hostname that differs from the endpoint (spec.tls.hostname, which the
// generator already warns about).
func TestLintQuietOnOwnOutput(t *testing.T) {
	var outputs []string
	inputs, err := filepath.Glob("testdata/golden/*/input.yaml")
	require.NoError(t, err)
	for _, p := range inputs {
		if strings.HasPrefix(filepath.Base(filepath.Dir(p)), "bad-") {
			continue
		}
		in, err := os.ReadFile(p)
		require.NoError(t, err)
		out := Run(in)
		require.Equal(t, 0, out.ExitCode, p)
		rl, err := parse(out.ResourceList)
		require.NoError(t, err)
		for _, r := range rl.Results {
			assert.Empty(t, r.Tags["rule"], "%s: lint warning on the function's output: %s", p, r.Message)
		}
		outputs = append(outputs, string(out.ResourceList))
	}
	expected, err := filepath.Glob("../../examples/*/expected.yaml")
	require.NoError(t, err)
	more, err := filepath.Glob("../../examples/*/*/expected.yaml")
	require.NoError(t, err)
	// kpt's expected packages hold the same objects, one file each
	kptOut, err := filepath.Glob("../../examples/*/expected-kpt/*.yaml")
	require.NoError(t, err)
	more = append(more, kptOut...)
	require.NotEmpty(t, append(expected, more...))
	for _, ex := range []struct{ dir, kptFile string }{
		{"more-providers", "aigw-azure-v1.yaml"}, {"aws-bedrock-multi-region", "aigw-aws-bedrock.yaml"}, {"credential-override", "aigw-openai.yaml"},
	} {
		assert.Contains(t, expected, "../../examples/"+ex.dir+"/expected.yaml", "the example's output must be linted")
		assert.Contains(t, more, "../../examples/"+ex.dir+"/expected-kpt/"+ex.kptFile, "the example's kpt output must be linted")
	}
	var streams []string
	for _, p := range append(expected, more...) {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		streams = append(streams, string(b))
	}

	checked := 0
	check := func(where string, nodes []*yaml.RNode) {
		var objs []lint.Object
		for _, n := range nodes {
			if meta.Of(n).Owner == "" {
				continue
			}
			c := n.Copy()
			require.NoError(t, c.PipeE(yaml.ClearAnnotation(generator.AnnotationSpec)))
			if m := meta.Of(c); lint.Reads(m.APIVersion, m.Kind) {
				if o, ok := lint.Decode(c, m.APIVersion, m.Kind); ok {
					objs = append(objs, o)
				}
			}
		}
		checked += len(objs)
		for _, f := range lint.Check(objs, lint.Options{}) {
			o := objs[f.Object]
			if f.Rule == lint.RuleTLSv1alpha3 || f.Rule == lint.RuleTLSHostname {
				continue
			}
			assert.Fail(t, "false positive", "%s: %s %s/%s: %s: %s", where, o.Kind, o.Namespace, o.Name, f.Path, f.Message)
		}
	}
	for i, out := range outputs {
		rl, err := parse([]byte(out))
		require.NoError(t, err)
		var nodes []*yaml.RNode
		for _, it := range rl.Items {
			nodes = append(nodes, it.MoveToResourceNode())
		}
		check(inputs[i], nodes)
	}
	for i, s := range streams {
		nodes, err := (&kio.ByteReader{Reader: strings.NewReader(s), OmitReaderAnnotations: true}).Read()
		require.NoError(t, err)
		check(append(expected, more...)[i], nodes)
	}
	assert.Greater(t, checked, 100, "too few generated objects checked")
}

const lintInput = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: Secret
  metadata:
    name: unrelated
    namespace: ai
    annotations:
      config.kubernetes.io/path: secrets.yaml
      config.kubernetes.io/index: '0'
  stringData:
    token: x
- apiVersion: aigateway.envoyproxy.io/v1beta1
  kind: AIServiceBackend
  metadata:
    name: chat
    namespace: ai
    annotations:
      config.kubernetes.io/path: backends.yaml
      config.kubernetes.io/index: '0'
  spec:
    schema:
      name: OpenAI
      version: openai/v1 # the Azure v1 API
    backendRef:
      name: chat
      kind: Backend
      group: gateway.envoyproxy.io
- apiVersion: aigateway.envoyproxy.io/v1beta1
  kind: BackendSecurityPolicy
  metadata:
    name: chat-key
    namespace: ai
    annotations:
      config.kubernetes.io/path: backends.yaml
      config.kubernetes.io/index: '1'
  spec:
    targetRefs:
    - group: aigateway.envoyproxy.io
      kind: AIServiceBackend
      name: chat
    type: APIKey
    apiKey:
      secretRef:
        name: chat-key
- apiVersion: v1
  kind: Secret
  metadata:
    name: chat-key
    namespace: ai
    annotations:
      config.kubernetes.io/path: secrets.yaml
      config.kubernetes.io/index: '1'
  stringData:
    api-key: x
`

// TestLintWarnings: hand-written mistakes become warning results with the
// file, the object and the field; exit code 0; items unchanged; the fast
// path (which parses a Secret only when a parsed item names it) and the
// full path report the same.
func TestLintWarnings(t *testing.T) {
	out := Run([]byte(lintInput))
	require.Equal(t, 0, out.ExitCode, "%v", out.Stderr)
	assertItemsUnchanged(t, []byte(lintInput), out.ResourceList)
	rl, err := parse(out.ResourceList)
	require.NoError(t, err)
	var got []string
	for _, r := range rl.Results {
		require.Equal(t, sdk.Warning, r.Severity)
		got = append(got, r.File.Path+" "+r.ResourceRef.Kind+"/"+r.ResourceRef.Name+" "+r.Field.Path+" "+r.Tags["rule"])
	}
	assert.Equal(t, []string{
		"backends.yaml AIServiceBackend/chat spec.schema.version schema-version-ignored",
		"secrets.yaml Secret/chat-key data secret-missing-key",
	}, got)
	assert.Len(t, out.Stderr, 2)
	assert.Contains(t, out.Stderr[0], `warning: backends.yaml: spec.schema.version: is ignored by AI Gateway for the OpenAI schema since v0.6, so requests go to /v1/...; to change the path write prefix: "/openai/v1" instead (AIServiceBackend ai/chat)`)

	l, ok := rawlist.Parse([]byte(lintInput))
	require.True(t, ok)
	fast, ok := runFast(l, Options{})
	require.True(t, ok, "the fast path must take this input")
	assert.Equal(t, string(fast.ResourceList), string(out.ResourceList))
	full := runFull([]byte(lintInput), Options{})
	assert.Equal(t, string(full.ResourceList), string(out.ResourceList), "fast and full paths differ")
	assert.Equal(t, full.Stderr, out.Stderr)

	// the input survives byte for byte except for the results appended
	assert.True(t, strings.HasPrefix(string(out.ResourceList), strings.TrimSuffix(lintInput, "\n")), "items were rewritten:\n%s", out.ResourceList)
}

// TestLintSecretsParsedOnlyWhenNamed: the fast route parses the Secret a
// policy names and leaves the unrelated one as bytes (decide reads the
// Secrets a read row mentions; lint's Secret rule reports on no other).
func TestLintSecretsParsedOnlyWhenNamed(t *testing.T) {
	tab, ok := read.Fast([]byte(lintInput), write.Echo)
	require.True(t, ok)
	_, err := decide.Decide(tab, decide.Options{})
	require.NoError(t, err)
	var parsed []string
	for _, r := range tab.Rows {
		if r.Node != nil {
			parsed = append(parsed, r.Meta.Kind+"/"+r.Meta.Name)
		}
	}
	assert.Equal(t, []string{"AIServiceBackend/chat", "BackendSecurityPolicy/chat-key", "Secret/chat-key"}, parsed)
	assert.Nil(t, tab.Rows[0].Node, "the unrelated Secret must stay unparsed")
}

// TestLintVersionlessAPIVersionSameOnBothRoutes: an AIServiceBackend whose
// apiVersion has no version ("aigateway.envoyproxy.io", the core group's
// reading) is not a backend object for lint or for the function's roles,
// whichever route reads the package; adding a flow-style item (which moves
// the package to the full route) changes nothing. The differential
// generator spells apiVersions the same ways (genAPIVersions).
func TestLintVersionlessAPIVersionSameOnBothRoutes(t *testing.T) {
	const items = `- apiVersion: aigateway.envoyproxy.io
  kind: AIServiceBackend
  metadata:
    name: x
    namespace: ai
    annotations:
      config.kubernetes.io/path: x.yaml
  spec:
    schema:
      name: OpenAI
    backendRef:
      name: svc
      kind: Service
- apiVersion: fn.aigw.dev/v1alpha1
  kind: AIBackendSpec
  metadata:
    name: openai
    namespace: ai
    annotations:
      config.kubernetes.io/local-config: "true"
      config.kubernetes.io/path: spec.yaml
  spec:
    provider: openai
    auth:
      secretRef: {name: k}
`
	block := "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + items
	flow := block + "- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n"
	for _, in := range []string{block, flow} {
		auto := RunWith([]byte(in), Options{})
		full := RunWith([]byte(in), Options{Engine: engineFull})
		assert.Equal(t, full.Stderr, auto.Stderr)
		assert.Equal(t, full.ExitCode, auto.ExitCode)
		assert.Empty(t, auto.Stderr, "a versionless apiVersion is not an AI Gateway object")
	}
}
