package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedFileIsCurrent fails while lint/crdfields_gen.go is not what
// the pinned CRDs give: run `make crd-fields` and review the diff.
func TestGeneratedFileIsCurrent(t *testing.T) {
	want, err := generate("../../testdata/crds")
	require.NoError(t, err)
	got, err := os.ReadFile("../../lint/crdfields_gen.go")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "lint/crdfields_gen.go is stale: run make crd-fields")
}

// TestEncode covers each form of the encoding.
func TestEncode(t *testing.T) {
	cases := []struct {
		name   string
		schema map[string]any
		want   string
	}{
		{"scalar", map[string]any{"type": "string"}, ""},
		{"preserve unknown", map[string]any{"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": map[string]any{"a": map[string]any{"type": "string"}}}, "*"},
		{"map", map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}}, "*"},
		{"object", map[string]any{"type": "object", "properties": map[string]any{"b": map[string]any{"type": "integer"}, "a": map[string]any{"type": "object", "properties": map[string]any{"c": map[string]any{"type": "boolean"}}}}}, "{a{c},b}"},
		{"list of objects", map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{"x": map[string]any{"type": "string"}}}}, "[{x}]"},
		{"list of scalars", map[string]any{"type": "array", "items": map[string]any{"type": "string"}}, "[]"},
	}
	for _, c := range cases {
		got, err := encode(c.schema)
		require.NoError(t, err, c.name)
		assert.Equal(t, c.want, got, c.name)
	}
	_, err := encode(map[string]any{"type": "object", "properties": map[string]any{"a,b": map[string]any{}}})
	assert.Error(t, err, "a name with a separator cannot be encoded")
}
