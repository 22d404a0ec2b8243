package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// TestGolden runs every testdata/golden/<case>/input.yaml through Run and
// compares the output ResourceList (results included) with expected.yaml
// and the stderr lines with expected.stderr. Cases whose name starts with
// "bad-" must fail with exit code 1 and return their items unchanged; all
// others must succeed, be deterministic, and be idempotent.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/golden/*")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			input, err := os.ReadFile(filepath.Join(dir, "input.yaml"))
			require.NoError(t, err)
			out := Run(input)
			stderr := strings.Join(out.Stderr, "\n")
			if len(out.Stderr) > 0 {
				stderr += "\n"
			}
			compareGolden(t, filepath.Join(dir, "expected.yaml"), out.ResourceList)
			compareGolden(t, filepath.Join(dir, "expected.stderr"), []byte(stderr))

			again := Run(input)
			assert.Equal(t, string(out.ResourceList), string(again.ResourceList), "same input must give the same bytes")

			bad := strings.HasPrefix(filepath.Base(dir), "bad-")
			if bad {
				assert.Equal(t, 1, out.ExitCode, "bad input must exit 1")
				assert.Contains(t, string(out.ResourceList), "severity: error")
				assertItemsUnchanged(t, input, out.ResourceList)
				return
			}
			require.Equal(t, 0, out.ExitCode, "stderr: %s", stderr)
			second := Run(out.ResourceList)
			assert.Equal(t, 0, second.ExitCode)
			assert.Equal(t, string(out.ResourceList), string(second.ResourceList), "running on its own output must change nothing")
		})
	}
}

// compareGolden compares got with the expected file (no file: no output);
// `make update-golden` rewrites it (tooltest.Golden: the test then fails
// until it is run again). Review the diff; a rewrite is never a fix.
func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	tooltest.Golden(t, path, got, true)
}

// assertItemsUnchanged checks that every input item comes back, in order,
// with the same content (the input may not even parse: then no items).
func assertItemsUnchanged(t *testing.T, input, output []byte) {
	t.Helper()
	in, err := parse(input)
	if err != nil || bytes.TrimSpace(input) == nil {
		return
	}
	out, err := parse(output)
	require.NoError(t, err)
	require.Len(t, out.Items, len(in.Items))
	for i := range in.Items {
		assert.Equal(t, in.Items[i].String(), out.Items[i].String(), "item %d changed", i)
	}
}
