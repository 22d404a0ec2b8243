package e2e

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// TestEngineSwitchFromOutside runs the built binary on every golden input
// of package fn with and without AIGW_BACKEND_ENGINE=full, from outside the
// process as a bug reporter would: stdout, stderr and exit code must be the
// same (on these inputs the two routes write the same bytes), and a value
// the binary does not know is refused.
func TestEngineSwitchFromOutside(t *testing.T) {
	bin := tooltest.Backend(t)
	inputs, err := filepath.Glob(filepath.Join(tooltest.RepoRoot(t), "fn", "pipeline", "testdata", "golden", "*", "input.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, inputs)
	run := func(in []byte, engine string) (string, string, int) {
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "AIGW_BACKEND_ENGINE="+engine)
		cmd.Stdin = bytes.NewReader(in)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatalf("%s: %v", bin, err)
		}
		return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
	}
	for _, p := range inputs {
		in, err := os.ReadFile(p)
		require.NoError(t, err)
		name, _ := filepath.Rel(tooltest.RepoRoot(t), p)
		t.Run(name, func(t *testing.T) {
			out, errOut, code := run(in, "")
			fOut, fErr, fCode := run(in, "full")
			assert.Equal(t, code, fCode)
			assert.Equal(t, errOut, fErr)
			assert.Equal(t, out, fOut)
		})
	}
	out, errOut, code := run([]byte("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n"), "kyaml")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "AIGW_BACKEND_ENGINE")
}
