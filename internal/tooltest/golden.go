package tooltest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// UpdateGoldenEnv is the one switch that rewrites expected files (goldens,
// the README blocks generated from code, the JSON Schema): `make
// update-golden` sets it for every package that has them.
const UpdateGoldenEnv = "AIGW_UPDATE_GOLDEN"

// UpdatingGolden reports whether this run rewrites expected files. Under CI
// (InCI) the request fails the test instead: a CI run that rewrites its
// goldens would pass whatever the code does.
func UpdatingGolden(t testing.TB) bool {
	t.Helper()
	if os.Getenv(UpdateGoldenEnv) != "1" {
		return false
	}
	if InCI() {
		t.Fatalf("CI=true and %s=1: expected files are reviewed by people and never rewritten in CI; unset %s", UpdateGoldenEnv, UpdateGoldenEnv)
	}
	return true
}

// Golden compares got with the file at path (a missing file reads as
// empty; removeIfEmpty makes an empty got mean "no file"). When updating,
// a file that differs is rewritten and the test FAILS saying so: no test
// passes on a file it has just written, and a run that changed nothing
// passes because the comparison held. Review the diff, then run the tests
// again without the variable.
func Golden(t testing.TB, path string, got []byte, removeIfEmpty bool) {
	t.Helper()
	updating := UpdatingGolden(t) // refuses under CI even when nothing differs
	want, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("reading %s: %v", path, err)
	}
	missing := err != nil
	same := bytes.Equal(want, got) && (!missing || len(got) == 0 && removeIfEmpty)
	if same {
		return
	}
	if updating {
		if len(got) == 0 && removeIfEmpty {
			if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("removing %s: %v", path, err)
			}
		} else {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatalf("%v", err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatalf("writing %s: %v", path, err)
			}
		}
		t.Errorf("%s: updated (%s=1); review the diff and run the tests again without it", path, UpdateGoldenEnv)
		return
	}
	if missing && !(len(got) == 0 && removeIfEmpty) {
		t.Errorf("%s is missing; run `make update-golden` and review the new file", path)
		return
	}
	t.Errorf("%s differs from the actual output; run `make update-golden` and review the diff:\n%s", path, LineDiff(string(want), string(got)))
}

// LineDiff is a short account of how got differs from want: the first
// differing line of each and the line counts.
func LineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("first difference at line %d:\n- %s\n+ %s\n(%d lines expected, %d actual)", i+1, a, b, len(w), len(g))
		}
	}
	return "(no difference)"
}
