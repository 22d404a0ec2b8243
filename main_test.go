package main

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

func TestCLI(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: x}\nspec: {provider: openai, endpoint: {port: 0}}\n"), 0o644))
	none := filepath.Join(dir, "none.yaml")
	require.NoError(t, os.WriteFile(none, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"), 0o644))
	rl := "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendSpec\n  metadata: {name: openai}\n  spec: {provider: openai, auth: {secretRef: {name: k}}}\n"

	cases := []struct {
		name      string
		args      []string
		stdin     string
		code      int
		stdout    []string
		notStdout []string
		stderr    []string
	}{
		{name: "help", args: []string{"--help"}, stdout: []string{"Usage:", "kpt fn render", "AIBackendSpec"}},
		{name: "version", args: []string{"--version"}, stdout: []string{"aigw-backend dev"}},
		{name: "unknown flag", args: []string{"--frobnicate"}, code: 2, stderr: []string{`unknown flag "--frobnicate"`}},
		{name: "quick look", args: []string{"examples/openai/aibackendspec.yaml"}, stdout: []string{"kind: Backend\n", "kind: AIServiceBackend", "name: openai-tls", "name: openai-auth", "---"},
			notStdout: []string{"config.kubernetes.io/path", "AIBackendSpec", "internal.config"}},
		{name: "quick look error names file and field", args: []string{bad}, code: 1, stderr: []string{bad + ": spec.endpoint.port: must be between 1 and 65535"}},
		{name: "quick look without specs", args: []string{none}, code: 1, stderr: []string{"no AIBackendSpec found"}},
		{name: "missing file", args: []string{filepath.Join(dir, "missing.yaml")}, code: 1, stderr: []string{"no such file"}},
		{name: "stdin ResourceList", stdin: rl, stdout: []string{"kind: ResourceList", "name: openai-auth"}},
		{name: "empty stdin", stdin: "", code: 1, stdout: []string{"severity: error"}, stderr: []string{"no input"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tc.args, strings.NewReader(tc.stdin), &out, &errOut)
			assert.Equal(t, tc.code, code, "stderr: %s", errOut.String())
			for _, s := range tc.stdout {
				assert.Contains(t, out.String(), s)
			}
			for _, s := range tc.notStdout {
				assert.NotContains(t, out.String(), s)
			}
			for _, s := range tc.stderr {
				assert.Contains(t, errOut.String(), s)
			}
		})
	}
}

// TestHelpMatchesREADME keeps one source for the help text: the README's
// "Command line" block must be exactly what --help prints. With
// AIGW_UPDATE_GOLDEN=1 the block is rewritten from the usage constant
// (and the test fails until it is run again: tooltest.Golden).
func TestHelpMatchesREADME(t *testing.T) {
	const begin, end = "<!-- usage:begin -->\n```text\n", "```\n<!-- usage:end -->"
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	require.True(t, i >= 0 && j > i, "README.md has no %q ... %q block", begin, end)
	var help bytes.Buffer
	require.Equal(t, 0, run([]string{"--help"}, strings.NewReader(""), &help, &bytes.Buffer{}))
	// The README with the block as --help prints it must be the README.
	tooltest.Golden(t, "README.md", []byte(s[:i+len(begin)]+help.String()+s[j:]), false)
}
