// Package containertest runs the aigw-backend container image as a KRM
// function (podman or docker; kpt --image, a Kptfile `image:` step, kustomize
// `container:`) and checks that its output is byte-identical to exec mode
// (bin/aigw-backend on the same input). Tests only; see docs/container.md.
//
// The image is built by scripts/image-build.sh from bin/aigw-backend (the same
// script `make image` uses) as localhost/aigw-backend:dev. Tests that need a
// container runtime skip, with the reason, when none can be started — except
// under CI=true, where they fail instead.
package containertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// Image is the tag the tests build and run (what `make image` also tags).
const Image = "localhost/aigw-backend:dev"

// containerRuntime is podman or docker, with the environment to run it with.
type containerRuntime struct {
	name string   // "podman" or "docker"
	path string   // absolute path of the binary
	env  []string // extra KEY=VALUE for every command that may start containers
}

var (
	rtOnce sync.Once
	rt     *containerRuntime
	rtErr  error

	imgOnce sync.Once
	imgErr  error
)

// detectRuntime picks $CONTAINER_RUNTIME, else podman, else docker, and
// checks that it answers (`info`). A docker CLI without an engine is no runtime.
func detectRuntime(root string) (*containerRuntime, error) {
	candidates := []string{"podman", "docker"}
	if c := os.Getenv("CONTAINER_RUNTIME"); c != "" {
		candidates = []string{c}
	}
	var reasons []string
	for _, name := range candidates {
		path, err := exec.LookPath(name)
		if err != nil {
			reasons = append(reasons, name+": not installed")
			continue
		}
		r := &containerRuntime{name: filepath.Base(name), path: path}
		if r.name == "podman" {
			// The sandbox recipe (runc, cgroupfs, ulimits a sandbox may set) unless the
			// caller chose a containers.conf; it needs runc.
			if _, set := os.LookupEnv("CONTAINERS_CONF"); !set {
				if _, err := exec.LookPath("runc"); err == nil {
					r.env = append(r.env, "CONTAINERS_CONF="+filepath.Join(root, "build", "containers.conf"))
				}
			}
		}
		cmd := exec.Command(path, "info")
		cmd.Env = append(os.Environ(), r.env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			reasons = append(reasons, fmt.Sprintf("`%s info`: %v: %s", name, err, lastLine(string(out))))
			continue
		}
		return r, nil
	}
	return nil, fmt.Errorf("no container runtime can be started (%s)", strings.Join(reasons, "; "))
}

// requireRuntime returns the container runtime, or skips the test when none can
// be started — fails instead when CI=true, because CI must run these tests.
func requireRuntime(t *testing.T) *containerRuntime {
	t.Helper()
	root := tooltest.RepoRoot(t)
	rtOnce.Do(func() { rt, rtErr = detectRuntime(root) })
	if rtErr != nil {
		tooltest.Missing(t, "container-mode test needs a container runtime: %v; install one with `make container-runtime` (as root: apt-get install podman runc) or start a Docker engine", rtErr)
	}
	return rt
}

// requireImage builds Image from bin/aigw-backend once per test binary, with
// scripts/image-build.sh, and returns the runtime.
func requireImage(t *testing.T) *containerRuntime {
	t.Helper()
	r := requireRuntime(t)
	root := tooltest.RepoRoot(t)
	bin := execBinary(t)
	version := binaryVersion(t, bin)
	imgOnce.Do(func() {
		cmd := exec.Command(filepath.Join(root, "scripts", "image-build.sh"), bin, version, Image)
		cmd.Env = append(os.Environ(), append(r.env, "CONTAINER_RUNTIME="+r.name)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			imgErr = fmt.Errorf("scripts/image-build.sh: %v\n%s", err, out)
			return
		}
		t.Logf("%s", strings.TrimSpace(string(out)))
	})
	if imgErr != nil {
		t.Fatal(imgErr)
	}
	return r
}

// execBinary is the exec-mode function binary that `make build` writes
// (skipped, or failed under CI, when it is missing: tooltest.Missing).
func execBinary(t *testing.T) string {
	t.Helper()
	return tooltest.Backend(t)
}

var versionLine = regexp.MustCompile(`^aigw-backend (\S+)\n$`)

func binaryVersion(t *testing.T, bin string) string {
	t.Helper()
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("%s --version: %v", bin, err)
	}
	m := versionLine.FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("%s --version printed %q, want \"aigw-backend VERSION\\n\"", bin, out)
	}
	return m[1]
}

// run runs the runtime with args, stdin from in, and returns stdout, stderr, exit code.
func (r *containerRuntime) run(t *testing.T, in string, args ...string) (string, string, int) {
	t.Helper()
	return runCmd(t, "", r.env, in, r.path, args...)
}

// runCmd runs name with args in dir; env is added to the test's environment.
func runCmd(t *testing.T, dir string, env []string, in, name string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), tooltest.RunTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(in)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: timed out after %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), tooltest.RunTimeout, stdout.String(), stderr.String())
	}
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return stdout.String(), stderr.String(), code
}

// lastLine is the last non-empty line (where docker and podman put the error).
func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
