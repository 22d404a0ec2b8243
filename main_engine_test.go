package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEngineEnv: the value of AIGW_BACKEND_ENGINE main reads reaches the
// function (full gives the same output on the golden inputs), and a value
// it does not know is refused before anything is written.
func TestEngineEnv(t *testing.T) {
	inputs, err := filepath.Glob("fn/pipeline/testdata/golden/*/input.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, inputs)
	for _, p := range inputs {
		in, err := os.ReadFile(p)
		require.NoError(t, err)
		var autoOut, autoErr, fullOut, fullErr bytes.Buffer
		autoCode := runWith(nil, bytes.NewReader(in), &autoOut, &autoErr, nil, environment{})
		fullCode := runWith(nil, bytes.NewReader(in), &fullOut, &fullErr, nil, environment{engine: "full"})
		assert.Equal(t, autoCode, fullCode, p)
		assert.Equal(t, autoErr.String(), fullErr.String(), p)
		assert.Equal(t, autoOut.String(), fullOut.String(), p)
	}
	var out, errOut bytes.Buffer
	code := runWith(nil, bytes.NewReader([]byte("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n")), &out, &errOut, nil, environment{engine: "fast"})
	assert.Equal(t, 2, code)
	assert.Empty(t, out.String())
	assert.Contains(t, errOut.String(), `AIGW_BACKEND_ENGINE="fast"`)
}
