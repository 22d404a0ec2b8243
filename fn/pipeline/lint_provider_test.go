package pipeline

import (
	"strings"
	"testing"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/fn/rawlist"
)

// unknownFieldInput: a spec that generates objects, next to a hand-written
// AIServiceBackend carrying aigw's spec.timeouts (not in the CRD).
const unknownFieldInput = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
functionConfig:
  apiVersion: fn.aigw.dev/v1alpha1
  kind: AIBackendSpec
  metadata:
    name: openai
    namespace: ai
  spec:
    provider: openai
    auth:
      secretRef:
        name: openai-key
items:
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
    backendRef:
      name: chat
      kind: Backend
      group: gateway.envoyproxy.io
    timeouts:
      request: 60s
`

// TestLintUnknownFieldFails: a field the pinned CRD does not define is an
// error result naming the CRD version; like any bad input, the run exits 1
// and gives every item back unchanged (nothing generated), on both paths.
// Without the field the same input generates objects and exits 0 (the
// control).
func TestLintUnknownFieldFails(t *testing.T) {
	out := Run([]byte(unknownFieldInput))
	require.Equal(t, 1, out.ExitCode, "%v", out.Stderr)
	assertItemsUnchanged(t, []byte(unknownFieldInput), out.ResourceList)
	rl, err := parse(out.ResourceList)
	require.NoError(t, err)
	require.Len(t, rl.Items, 1, "nothing generated")
	var errs []*sdk.Result
	for _, r := range rl.Results {
		if r.Severity == sdk.Error {
			errs = append(errs, r)
		}
	}
	require.Len(t, errs, 1)
	assert.Equal(t, "unknown-field", errs[0].Tags["rule"])
	assert.Equal(t, "spec.timeouts", errs[0].Field.Path)
	assert.Equal(t, "backends.yaml", errs[0].File.Path)
	assert.Contains(t, errs[0].Message, "aigateway.envoyproxy.io/v1beta1 (CRD of AI Gateway v1.1.0)")

	l, ok := rawlist.Parse([]byte(unknownFieldInput))
	require.True(t, ok)
	fast, ok := runFast(l, Options{})
	require.True(t, ok)
	full := runFull([]byte(unknownFieldInput), Options{})
	assert.Equal(t, 1, fast.ExitCode)
	assert.Equal(t, full.Stderr, fast.Stderr, "fast and full paths differ")
	assertItemsUnchanged(t, []byte(unknownFieldInput), full.ResourceList)
	assertItemsUnchanged(t, []byte(unknownFieldInput), fast.ResourceList)

	control := Run([]byte(strings.Replace(unknownFieldInput, "    timeouts:\n      request: 60s\n", "", 1)))
	require.Equal(t, 0, control.ExitCode, "%v", control.Stderr)
	crl, err := parse(control.ResourceList)
	require.NoError(t, err)
	assert.Greater(t, len(crl.Items), 1, "the control generates objects")
}
