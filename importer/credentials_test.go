package importer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/generator"
)

const credBackend = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: openai, namespace: ai}
spec:
  endpoints:
  - fqdn: {hostname: api.openai.com, port: 443}
`

// TestImportNeverCopiesCredentials: credentials found in hand-written
// objects never reach the printed spec; a credential header becomes a
// Secret reference (named), each field is a located error saying how to
// move the value, and the spec carries the import-incomplete mark.
func TestImportNeverCopiesCredentials(t *testing.T) {
	const key = "sk-proj-AbCdEfGh1234567890abcdEFGHijkl"
	const hex = "0123456789abcdef0123456789abcdef"
	asb := `apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata:
  name: openai
  namespace: ai
  annotations: {team/key: ` + key + `}
spec:
  schema: {name: OpenAI}
  backendRef: {name: openai, kind: Backend, group: gateway.envoyproxy.io}
  headerMutation:
    set:
    - {name: Authorization, value: "Bearer ` + key + `"}
    - {name: x-key, value: ` + hex + `}
  bodyMutation:
    set:
    - {path: api_key, value: '"` + key + `"'}
`
	res := importFiles([]Input{{File: "hw.yaml", Data: []byte(credBackend + "---\n" + asb)}}, Options{})
	out, err := res.Marshal()
	require.NoError(t, err)
	var lines []string
	for _, l := range res.Lines {
		lines = append(lines, l.String())
	}
	stderr := strings.Join(lines, "\n")
	for _, k := range []string{key, hex} {
		assert.NotContains(t, string(out), k)
		assert.NotContains(t, stderr, k)
	}
	assert.True(t, res.Failed)
	require.Len(t, res.Specs, 1)
	s := res.Specs[0].Spec
	require.NotNil(t, s.Spec.Auth)
	require.NotNil(t, s.Spec.Auth.SecretRef)
	assert.Equal(t, "openai-api-key", s.Spec.Auth.SecretRef.Name)
	assert.Contains(t, stderr, "kubectl create secret generic openai-api-key -n ai")
	assert.Contains(t, stderr, "hw.yaml: AIServiceBackend ai/openai: spec.headerMutation.set[0].value: header Authorization carries a credential (not shown)")
	assert.Contains(t, s.Metadata.Annotations[generator.AnnotationImportIncomplete], "credential at spec.headerMutation.set[0].value")
	// the function refuses the printed spec until the mark is removed
	_, errs := generator.Generate(s)
	require.NotEmpty(t, errs)
	assert.Contains(t, errs.Error(), generator.AnnotationImportIncomplete)
}

// TestImportLossyOutputIsMarked: a spec that cannot regenerate what was
// imported (subjectAltNames) is marked; the generator refuses it, saying
// which annotation to remove; once removed the spec generates.
func TestImportLossyOutputIsMarked(t *testing.T) {
	asb := `apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: openai, namespace: ai}
spec:
  schema: {name: OpenAI}
  backendRef: {name: openai, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: openai-tls, namespace: ai}
spec:
  targetRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: openai}]
  validation:
    hostname: api.openai.com
    wellKnownCACertificates: System
    subjectAltNames: [{type: Hostname, hostname: api.openai.com}]
`
	res := importFiles([]Input{{File: "tls.yaml", Data: []byte(credBackend + "---\n" + asb)}}, Options{})
	require.Len(t, res.Specs, 1)
	s := res.Specs[0]
	require.True(t, s.Incomplete, "%v", res.Lines)
	mark := s.Spec.Metadata.Annotations[generator.AnnotationImportIncomplete]
	assert.Contains(t, mark, "subjectAltNames")
	_, errs := generator.Generate(s.Spec)
	require.NotEmpty(t, errs)
	assert.Contains(t, errs.Error(), "remove the "+generator.AnnotationImportIncomplete+" annotation")
	delete(s.Spec.Metadata.Annotations, generator.AnnotationImportIncomplete)
	_, errs = generator.Generate(s.Spec)
	assert.Empty(t, errs)
}

// TestImportDuplicateKey: a key written twice is named with both lines,
// and the object in that file is not then called missing.
func TestImportDuplicateKey(t *testing.T) {
	in := strings.Replace(credBackend, "spec:\n", "spec:\n  endpoints: []\n", 1) + `---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata: {name: openai, namespace: ai}
spec:
  schema: {name: OpenAI}
  backendRef: {name: openai, kind: Backend, group: gateway.envoyproxy.io}
`
	res := importFiles([]Input{{File: "dup.yaml", Data: []byte(in)}}, Options{})
	assert.True(t, res.Failed)
	var all []string
	for _, l := range res.Lines {
		all = append(all, l.String())
	}
	joined := strings.Join(all, "\n")
	assert.Contains(t, joined, `dup.yaml: document 1: spec.endpoints: key "endpoints" is written twice (line 5 and line 6)`)
	assert.NotContains(t, joined, "which is not in the input; give its file")
}
