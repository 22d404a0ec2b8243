package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPrintedFilesAreTheShippedFiles: `aigw-backend kustomizeconfig` and
// `aigw-backend schema` print the repository's files byte for byte (they are
// embedded from there: one source).
func TestPrintedFilesAreTheShippedFiles(t *testing.T) {
	for _, tc := range []struct {
		args []string
		file string
	}{
		{[]string{"kustomizeconfig"}, "kustomizeconfig/aigw-backend.yaml"},
		{[]string{"kustomizeconfig", "--component"}, "kustomizeconfig/kustomization.yaml"},
		{[]string{"schema"}, "schemas/aibackendspec.schema.json"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			want, err := os.ReadFile(tc.file)
			require.NoError(t, err)
			var out, errOut bytes.Buffer
			require.Equal(t, 0, run(tc.args, strings.NewReader(""), &out, &errOut), errOut.String())
			assert.Equal(t, string(want), out.String())
		})
	}
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run([]string{"schema", "--bogus"}, strings.NewReader(""), &out, &errOut))
	assert.Contains(t, errOut.String(), `unknown argument "--bogus"`)
}

// TestCheckCommand: exit codes and lines of `aigw-backend check`.
func TestCheckCommand(t *testing.T) {
	dangling := "apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIGatewayRoute\nmetadata: {name: r, namespace: ai}\nspec:\n  rules: [{backendRefs: [{name: gone}]}]\n"
	for _, tc := range []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stderr string
	}{
		{"clean stdin", []string{"check", "-"}, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", 0, "0 error(s), 0 warning(s)"},
		{"dangling", []string{"check", "-"}, dangling, 1, "error: stdin (document 1): spec.rules[0].backendRefs[0]: names AIServiceBackend ai/gone, which is not in the build"},
		{"bad secrets flag", []string{"check", "--secrets", "loud", "-"}, "", 2, "write error, warning or ignore"},
		{"no file", []string{"check"}, "", 2, "name a FILE"},
		{"missing file", []string{"check", "does-not-exist.yaml"}, "", 1, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, tc.code, run(tc.args, strings.NewReader(tc.stdin), &out, &errOut), errOut.String())
			assert.Contains(t, errOut.String(), tc.stderr)
			assert.Empty(t, out.String())
		})
	}
}

// TestDocsPinNoImageTag: the docs, examples and build files name the image
// as vX.Y.Z, never a concrete tag that may not be published (yet).
func TestDocsPinNoImageTag(t *testing.T) {
	tag := regexp.MustCompile(`ghcr\.io/aigw-dev/aigw-backend:v\d`)
	files := []string{"README.md", "Dockerfile"}
	for _, glob := range []string{"docs/*.md", "examples/*/*.md", "examples/*/Dockerfile", "build/*"} {
		m, err := filepath.Glob(glob)
		require.NoError(t, err)
		files = append(files, m...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.False(t, tag.Match(b), "%s pins an image tag: write ghcr.io/aigw-dev/aigw-backend:vX.Y.Z", f)
	}
	assert.True(t, tag.MatchString("ghcr.io/aigw-dev/aigw-backend:v0.1.0"), "control")
}
