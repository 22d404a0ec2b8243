package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// argoTools is a directory holding exactly what the plugin image puts on
// PATH: kustomize and aigw-backend.
func argoTools(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.Symlink(fnBin, filepath.Join(dir, "aigw-backend")))
	require.NoError(t, os.Symlink(tooltest.Kustomize(t), filepath.Join(dir, "kustomize")))
	return dir
}

// argoEnv is the environment of a plugin command: the sidecar's own (a PATH
// with the tools and the system directories, HOME) plus Argo CD's build
// environment. Nothing is inherited from the test process.
func argoEnv(t testing.TB, tools, appPath string) []string {
	return []string{
		"PATH=" + tools + ":/usr/local/bin:/usr/bin:/bin",
		"HOME=" + t.TempDir(),
		"ARGOCD_APP_NAME=ai-gateway-backends",
		"ARGOCD_APP_NAMESPACE=argocd",
		"ARGOCD_APP_PROJECT_NAME=default",
		"ARGOCD_APP_REVISION=0123456789abcdef0123456789abcdef01234567",
		"ARGOCD_APP_REVISION_SHORT=0123456",
		"ARGOCD_APP_SOURCE_PATH=" + appPath,
		"ARGOCD_APP_SOURCE_REPO_URL=https://github.com/example/platform-config.git",
		"ARGOCD_APP_SOURCE_TARGET_REVISION=main",
		"KUBE_VERSION=1.32.0",
		"KUBE_API_VERSIONS=v1,apps/v1,gateway.envoyproxy.io/v1alpha1,aigateway.envoyproxy.io/v1beta1,gateway.networking.k8s.io/v1",
	}
}

// runClean runs a command with exactly env (no inherited variables).
func runClean(t testing.TB, dir string, env []string, name string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), tooltest.RunTimeout)
	defer cancel()
	path := name
	if !strings.Contains(name, "/") {
		// exec.LookPath would use the test's PATH; resolve with the command's.
		for _, e := range env {
			if p, ok := strings.CutPrefix(e, "PATH="); ok {
				for _, d := range filepath.SplitList(p) {
					if fi, err := os.Stat(filepath.Join(d, name)); err == nil && !fi.IsDir() {
						path = filepath.Join(d, name)
						break
					}
				}
			}
		}
		require.NotEqual(t, name, path, "%s is not on the command's PATH", name)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return out.String(), errOut.String(), 0
	case errors.As(err, &exitErr):
		return out.String(), errOut.String(), exitErr.ExitCode()
	default:
		t.Fatalf("%s: %v", name, err)
		return "", "", -1
	}
}

// cmpPlugin is the part of examples/argocd/plugin.yaml Argo CD executes.
type cmpPlugin struct {
	command      []string
	discoverFile string
}

func readPlugin(t testing.TB) cmpPlugin {
	t.Helper()
	objs := parseObjects(t, readFile(t, filepath.Join(examplesDir(t), "argocd", "plugin.yaml")), "plugin.yaml")
	require.Len(t, objs, 1)
	n := objs[0].node
	require.Equal(t, "argoproj.io/v1alpha1", n.GetApiVersion())
	require.Equal(t, "ConfigManagementPlugin", n.GetKind())
	var p cmpPlugin
	for _, field := range []string{"command", "args"} {
		list, err := n.Pipe(yaml.Lookup("spec", "generate", field))
		require.NoError(t, err)
		if list == nil {
			continue
		}
		els, err := list.Elements()
		require.NoError(t, err)
		for _, e := range els {
			p.command = append(p.command, yaml.GetValue(e))
		}
	}
	require.NotEmpty(t, p.command, "plugin.yaml has no spec.generate.command")
	p.discoverFile = fieldString(t, n, "spec", "discover", "fileName")
	return p
}

// runArgoCDGenerate runs the plugin's generate command the way the Argo CD
// CMP server does: in the Application's source directory inside a copy of
// the repository (no bin/ directory: binaries come from the image), with
// the sidecar's PATH and the ARGOCD_APP_* build environment.
func runArgoCDGenerate(t testing.TB, appPath string) (string, string, int) {
	t.Helper()
	p := readPlugin(t)
	repo := t.TempDir()
	copyDir(t, filepath.Join(tooltest.RepoRoot(t), appPath), filepath.Join(repo, appPath))
	appDir := filepath.Join(repo, appPath)
	if p.discoverFile != "" {
		m, err := filepath.Glob(filepath.Join(appDir, p.discoverFile))
		require.NoError(t, err)
		assert.NotEmpty(t, m, "discover.fileName %q does not match %s", p.discoverFile, appPath)
	}
	return runClean(t, appDir, argoEnv(t, argoTools(t), appPath), p.command[0], p.command[1:]...)
}

// TestArgoCDPlugin: recipe 1, the Config Management Plugin sidecar.
func TestArgoCDPlugin(t *testing.T) {
	stdout, stderr, code := runArgoCDGenerate(t, "examples/argocd/app")
	require.Equal(t, 0, code, "generate failed:\n%s", stderr)
	objs := parseObjects(t, stdout, "plugin output")
	assertClean(t, objs, "plugin output")
	// Same bytes as `kustomize build` of the app (TestKustomize keeps
	// expected.yaml honest); the update run writes it there.
	if !updatingGolden(t) {
		assert.Equal(t, readFile(t, filepath.Join(examplesDir(t), "argocd", "app", "expected.yaml")), stdout)
	}
}

// TestArgoCDBuildOptions: recipe 2, Argo CD's own kustomize with
// kustomize.buildOptions from argocd-cm. The repo-server runs
// `kustomize build <path> <options split on spaces>` from its own working
// directory (argo-cd util/kustomize).
func TestArgoCDBuildOptions(t *testing.T) {
	t.Parallel()
	cm := parseObjects(t, readFile(t, filepath.Join(examplesDir(t), "argocd", "install", "argocd-cm-build-options.yaml")), "argocd-cm")
	require.Len(t, cm, 1)
	opts := cm[0].node.GetDataMap()["kustomize.buildOptions"]
	require.NotEmpty(t, opts)
	repo := t.TempDir()
	app := "examples/argocd/app"
	copyDir(t, filepath.Join(tooltest.RepoRoot(t), app), filepath.Join(repo, app))
	args := append([]string{"build", filepath.Join(repo, app)}, strings.Split(opts, " ")...)
	stdout, stderr, code := runClean(t, t.TempDir(), argoEnv(t, argoTools(t), app), "kustomize", args...)
	require.Equal(t, 0, code, "kustomize failed:\n%s", stderr)
	if !updatingGolden(t) {
		assert.Equal(t, readFile(t, filepath.Join(examplesDir(t), "argocd", "app", "expected.yaml")), stdout)
	}
}

// TestArgoCDInstallPatches applies the install patches to a stand-in of the
// stock Argo CD repo-server Deployment and argocd-cm: they must apply, and
// the sidecar must be wired the way the CMP server needs (entrypoint, user
// 999, var-files and plugins mounts, its own /tmp, every volume declared).
func TestArgoCDInstallPatches(t *testing.T) {
	t.Parallel()
	// Resolved here, not in build: a missing binary must skip this test, and
	// build runs inside subtests.
	kustomize := tooltest.Kustomize(t)
	dir := t.TempDir()
	for _, f := range []string{"cmp-sidecar-patch.yaml", "argocd-cm-build-options.yaml", "build-options-patch.yaml"} {
		data := readFile(t, filepath.Join(examplesDir(t), "argocd", "install", f))
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), []byte(data), 0o644))
	}
	stock := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
spec:
  template:
    spec:
      containers:
        - name: argocd-repo-server
          image: quay.io/argoproj/argocd:v3.2.0
          volumeMounts:
            - {mountPath: /tmp, name: tmp}
      volumes:
        - {name: var-files, emptyDir: {}}
        - {name: plugins, emptyDir: {}}
        - {name: tmp, emptyDir: {}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stock.yaml"), []byte(stock), 0o644))

	build := func(patches ...string) []object {
		k := "resources: [stock.yaml]\npatches:\n"
		for _, p := range patches {
			k += "  - path: " + p + "\n"
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte(k), 0o644))
		stdout, stderr, code := tooltest.Run(t, dir, nil, kustomize, "build", dir)
		require.Equal(t, 0, code, stderr)
		return parseObjects(t, stdout, "patched install")
	}
	find := func(objs []object, kind string) *yaml.RNode {
		for _, o := range objs {
			if o.node.GetKind() == kind {
				return o.node
			}
		}
		t.Fatalf("no %s", kind)
		return nil
	}

	t.Run("cmp-sidecar", func(t *testing.T) {
		dep := find(build("cmp-sidecar-patch.yaml"), "Deployment")
		containers, err := dep.Pipe(yaml.Lookup("spec", "template", "spec", "containers"))
		require.NoError(t, err)
		sidecar, err := containers.Pipe(yaml.MatchElement("name", "aigw-kustomize"))
		require.NoError(t, err)
		require.NotNil(t, sidecar, "sidecar container missing")
		assert.Equal(t, "- /var/run/argocd/argocd-cmp-server", fieldString(t, sidecar, "command"))
		assert.Equal(t, "999", fieldString(t, sidecar, "securityContext", "runAsUser"))
		mounts := map[string]string{}
		els, err := sidecar.Pipe(yaml.Lookup("volumeMounts"))
		require.NoError(t, err)
		list, err := els.Elements()
		require.NoError(t, err)
		for _, m := range list {
			mounts[fieldString(t, m, "mountPath")] = fieldString(t, m, "name")
		}
		assert.Equal(t, "var-files", mounts["/var/run/argocd"])
		assert.Equal(t, "plugins", mounts["/home/argocd/cmp-server/plugins"])
		assert.NotEqual(t, "tmp", mounts["/tmp"], "the sidecar must not share the repo-server's /tmp")
		vols := fieldString(t, dep, "spec", "template", "spec", "volumes")
		for _, name := range mounts {
			assert.Contains(t, vols, "name: "+name, "volume %s is mounted but not declared", name)
		}
		repoServer, err := containers.Pipe(yaml.MatchElement("name", "argocd-repo-server"))
		require.NoError(t, err)
		assert.Equal(t, "quay.io/argoproj/argocd:v3.2.0", fieldString(t, repoServer, "image"), "recipe 1 leaves the repo-server alone")
	})

	t.Run("build-options", func(t *testing.T) {
		objs := build("argocd-cm-build-options.yaml", "build-options-patch.yaml")
		assert.Equal(t, "--enable-alpha-plugins --enable-exec", find(objs, "ConfigMap").GetDataMap()["kustomize.buildOptions"])
		containers, err := find(objs, "Deployment").Pipe(yaml.Lookup("spec", "template", "spec", "containers"))
		require.NoError(t, err)
		els, err := containers.Elements()
		require.NoError(t, err)
		require.Len(t, els, 1, "recipe 2 adds no container")
		assert.NotEqual(t, "quay.io/argoproj/argocd:v3.2.0", fieldString(t, els[0], "image"), "recipe 2 needs the image with aigw-backend")
	})
}

// TestArgoCDDockerfile: the image (not buildable here: no registry) puts
// the plugin config where the CMP server reads it and the function on PATH.
func TestArgoCDDockerfile(t *testing.T) {
	df := readFile(t, filepath.Join(examplesDir(t), "argocd", "Dockerfile"))
	assert.Contains(t, df, "COPY plugin.yaml /home/argocd/cmp-server/config/plugin.yaml")
	assert.Contains(t, df, "/aigw-backend /usr/local/bin/aigw-backend")
	assert.Contains(t, df, "USER 999")
	sidecar := readFile(t, filepath.Join(examplesDir(t), "argocd", "install", "cmp-sidecar-patch.yaml"))
	repo := readFile(t, filepath.Join(examplesDir(t), "argocd", "install", "build-options-patch.yaml"))
	image := func(s string) string {
		for _, l := range strings.Split(s, "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(l), "image: "); ok {
				return v
			}
		}
		return ""
	}
	assert.Equal(t, image(sidecar), image(repo), "both recipes use the image built from examples/argocd/Dockerfile")
}
