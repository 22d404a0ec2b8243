package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/fn/decide"
)

// TestPreviewAnyPath: the quick look reads files named on the command line,
// which may be absolute or outside the current directory; only specs inside
// a package must keep their generated objects inside it.
func TestPreviewAnyPath(t *testing.T) {
	const good = "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: openai}\nspec:\n  provider: openai\n  auth: {secretRef: {name: k}}\n"
	const bad = "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: openai}\nspec:\n  provider: openai\n  bogus: 1\n"
	for _, f := range []string{"spec.yaml", "/abs/dir/spec.yaml", "../up/spec.yaml", `C:\specs\spec.yaml`} {
		t.Run(f, func(t *testing.T) {
			out, stderr, code := preview([]string{f}, map[string][]byte{f: []byte(good)}, decide.Options{})
			require.Equal(t, 0, code, "%v", stderr)
			assert.Contains(t, string(out), "kind: AIServiceBackend")
			assert.NotContains(t, string(out), "aigw-preview-file")

			_, stderr, code = preview([]string{f}, map[string][]byte{f: []byte(bad)}, decide.Options{})
			require.Equal(t, 1, code)
			joined := strings.Join(stderr, "\n")
			assert.Contains(t, joined, "error: "+f+": spec.bogus", "the message names the file as given")
			assert.NotContains(t, joined, "aigw-preview-file")
		})
	}
}

// TestPreviewUnknownFieldFails: the quick look treats the unknown-field
// error like the function does: exit 1, no objects printed.
func TestPreviewUnknownFieldFails(t *testing.T) {
	spec := "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: openai, namespace: ai}\nspec:\n  provider: openai\n  auth: {secretRef: {name: k}}\n"
	asb := "---\napiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIServiceBackend\nmetadata: {name: chat, namespace: ai}\nspec:\n  schema: {name: OpenAI}\n  backendRef: {name: chat, kind: Backend, group: gateway.envoyproxy.io}\n"
	out, stderr, code := preview([]string{"a.yaml"}, map[string][]byte{"a.yaml": []byte(spec + asb + "  timeouts: {request: 60s}\n")}, decide.Options{})
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, strings.Join(stderr, "\n"), "spec.timeouts: is not a field of AIServiceBackend")
	out, _, code = preview([]string{"a.yaml"}, map[string][]byte{"a.yaml": []byte(spec + asb)}, decide.Options{})
	assert.Equal(t, 0, code, "control: without the field the quick look prints the objects")
	assert.NotEmpty(t, out)
}
