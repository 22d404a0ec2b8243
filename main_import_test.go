package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestImportSubcommand: `aigw-backend import` reaches package importer.
func TestImportSubcommand(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 0, run([]string{"import", "--help"}, nil, &out, &errOut))
	assert.Contains(t, out.String(), "aigw-backend import FILE.yaml")
	out.Reset()
	assert.Equal(t, 0, run([]string{"import", "importer/testdata/handwritten/vllm.yaml"}, nil, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "provider: openai-compatible")
	assert.Equal(t, 2, run([]string{"import"}, nil, &out, &errOut))
}
