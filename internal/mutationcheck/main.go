package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	root := flag.String("root", ".", "repository root")
	only := flag.String("only", "", "run only the mutation with this name")
	list := flag.Bool("list", false, "list the mutations and exit")
	timeout := flag.Duration("timeout", 10*time.Minute, "time limit of one mutation's tests")
	flag.Parse()
	if *list {
		for _, m := range mutations {
			fmt.Printf("%-28s %s %s: %s\n", m.name, m.file, m.symbol, m.why)
		}
		return
	}
	os.Exit(run(*root, *only, *timeout, os.Stdout, os.Stderr))
}

// outcome of one mutation.
const (
	killed   = "killed"
	survived = "SURVIVED"
	stale    = "STALE"
)

func run(root, only string, timeout time.Duration, stdout, stderr io.Writer) int {
	var todo []mutation
	for _, m := range mutations {
		if only == "" || m.name == only {
			todo = append(todo, m)
		}
	}
	if len(todo) == 0 {
		fmt.Fprintf(stderr, "mutationcheck: no mutation named %q (see -list)\n", only)
		return 2
	}
	// Every mutation must still apply before any test runs.
	mutated := make([][]byte, len(todo))
	bad := 0
	for i, m := range todo {
		src, err := os.ReadFile(filepath.Join(root, m.file))
		if err == nil {
			mutated[i], err = apply(src, m)
		}
		if err != nil {
			fmt.Fprintf(stdout, "%-8s %-28s %v\n", stale, m.name, err)
			bad++
		}
	}
	if bad > 0 {
		fmt.Fprintf(stdout, "mutationcheck: %d mutation(s) no longer apply; fix them in internal/mutationcheck/mutations.go\n", bad)
		return 1
	}
	tmp, err := os.MkdirTemp("", "aigw-mutation-")
	if err != nil {
		fmt.Fprintf(stderr, "mutationcheck: %v\n", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	if err := copyTree(root, tmp); err != nil {
		fmt.Fprintf(stderr, "mutationcheck: copying the repository: %v\n", err)
		return 1
	}
	// The chosen tests must pass without any mutation, or a failure would
	// prove nothing about the mutation.
	seen := map[string]bool{}
	for _, m := range todo {
		key := strings.Join(m.pkgs, " ") + " -run " + m.run
		if seen[key] {
			continue
		}
		seen[key] = true
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		out, err := goCmd(ctx, tmp, testArgs(m)...)
		cancel()
		if err != nil {
			fmt.Fprintf(stdout, "BASELINE %s fails without any mutation; fix the tests first:\n%s\n", key, indent(lastLines(out, 20)))
			return 1
		}
		fmt.Fprintf(stdout, "baseline %s passes (%s)\n", key, time.Since(start).Round(time.Second))
	}
	nKilled := 0
	for i, m := range todo {
		start := time.Now()
		res, detail := check(tmp, m, mutated[i], timeout)
		if res == killed {
			nKilled++
		}
		fmt.Fprintf(stdout, "%-8s %-28s %s %s (%s)\n", res, m.name, m.file, m.symbol, time.Since(start).Round(time.Second))
		if res == killed {
			fmt.Fprintf(stdout, "         by %s\n", detail)
		} else {
			fmt.Fprintf(stdout, "         %s\n%s\n", m.why, indent(detail))
		}
	}
	fmt.Fprintf(stdout, "killed %d of %d\n", nKilled, len(todo))
	if nKilled != len(todo) {
		return 1
	}
	return 0
}

// check writes one mutation into the copy, runs its tests and restores the
// file.
func check(dir string, m mutation, mutated []byte, timeout time.Duration) (string, string) {
	path := filepath.Join(dir, m.file)
	orig, err := os.ReadFile(path)
	if err != nil {
		return stale, err.Error()
	}
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		return stale, err.Error()
	}
	defer func() { _ = os.WriteFile(path, orig, 0o644) }()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	// The mutant must compile (tests included), or "the tests failed"
	// would prove nothing.
	if out, err := goCmd(ctx, dir, append([]string{"test", "-count=1", "-run", "^$"}, m.pkgs...)...); err != nil {
		return stale, "the mutated code does not compile:\n" + out
	}
	out, err := goCmd(ctx, dir, testArgs(m)...)
	var ee *exec.ExitError
	switch {
	case err == nil:
		return survived, "the tests passed with the mutation:\n" + lastLines(out, 15)
	case errors.As(err, &ee) && ctx.Err() == nil:
		return killed, failedTests(out)
	}
	return stale, fmt.Sprintf("go test did not finish: %v\n%s", err, lastLines(out, 15))
}

// testArgs is the go test command line of a mutation's tests.
func testArgs(m mutation) []string {
	args := []string{"test", "-count=1", "-short"}
	if m.run != "" {
		args = append(args, "-run", m.run)
	}
	return append(args, m.pkgs...)
}

// goCmd runs go in dir. -trimpath keeps the build cache keys free of the
// temporary directory, so the copy reuses what earlier builds compiled.
func goCmd(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-trimpath")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	return buf.String(), err
}

// copyTree copies the files git knows (tracked, and new ones not ignored)
// from root to dst: the working tree as it is, without bin/ or dist/.
func copyTree(root, dst string) error {
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if rel == "" {
			continue
		}
		src := filepath.Join(root, rel)
		fi, err := os.Lstat(src)
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working tree
		}
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			l, err := os.Readlink(src)
			if err != nil {
				return err
			}
			if err := os.Symlink(l, to); err != nil {
				return err
			}
			continue
		}
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.WriteFile(to, b, fi.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// failedTests names the top-level tests that failed in go test output.
func failedTests(out string) string {
	var names []string
	for _, l := range strings.Split(out, "\n") {
		if name, ok := strings.CutPrefix(l, "--- FAIL: "); ok {
			names = append(names, strings.Fields(name)[0])
		}
	}
	if len(names) == 0 {
		return "(no test named; see go test output)"
	}
	if len(names) > 4 {
		names = append(names[:4], fmt.Sprintf("and %d more", len(names)-4))
	}
	return strings.Join(names, ", ")
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

func indent(s string) string {
	return "         " + strings.ReplaceAll(s, "\n", "\n         ")
}
