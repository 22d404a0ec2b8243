package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// TestKustomizePitfalls pins the two mistakes README's troubleshooting table
// and docs/kustomize.md describe, with the real kustomize: the spec under
// resources: gives empty output and exit 0 (silently), and a generator
// without the config.kubernetes.io/function annotation fails with "unable to
// find plugin root". The correct kustomization is the control.
func TestKustomizePitfalls(t *testing.T) {
	t.Parallel()
	const spec = "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n  name: openai\n  namespace: ai-gateway\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n%s" +
		"spec:\n  provider: openai\n  auth:\n    secretRef: {name: openai-api-key}\n"
	fnAnnotation := "    config.kubernetes.io/function: |\n      exec:\n        path: " + fnBin + "\n"
	cases := []struct {
		name          string
		kustomization string
		annotation    string
		code          int
		wantStdout    []string
		wantStderr    string
	}{
		{name: "generators with the annotation", kustomization: "generators:\n  - aibackendspec.yaml\n", annotation: fnAnnotation,
			wantStdout: []string{"kind: Backend\n", "kind: AIServiceBackend\n", "kind: BackendTLSPolicy\n", "kind: BackendSecurityPolicy\n"}},
		{name: "resources instead of generators: empty, exit 0", kustomization: "resources:\n  - aibackendspec.yaml\n", annotation: fnAnnotation},
		{name: "generator without the function annotation", kustomization: "generators:\n  - aibackendspec.yaml\n", code: 1,
			wantStderr: "unable to find plugin root"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte(tc.kustomization), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "aibackendspec.yaml"), []byte(strings.Replace(spec, "%s", tc.annotation, 1)), 0o644))
			stdout, stderr, code := tooltest.Run(t, t.TempDir(), nil, tooltest.Kustomize(t), "build", "--enable-alpha-plugins", "--enable-exec", dir)
			assert.Equal(t, tc.code, code, "stderr: %s", stderr)
			if tc.wantStdout == nil {
				assert.Empty(t, strings.TrimSpace(stdout), "kustomize changed: update README.md troubleshooting and docs/kustomize.md")
			}
			for _, s := range tc.wantStdout {
				assert.Contains(t, stdout, s)
			}
			assert.Contains(t, stderr, tc.wantStderr)
		})
	}
}
