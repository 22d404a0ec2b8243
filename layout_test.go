package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestREADMELayoutMatchesTree: the README's layout block names every
// package of the function's module (a directory with non-test Go files),
// so the layout section cannot fall behind the tree. A package is named
// by its path, or by its last element after a sibling's path on the same
// line ("internal/redact, plainwords"). tools/, bench/ and test/ are
// covered by their folder. Control: a package missing from the block
// fails the test (checked with a made-up directory name in the loop below).
func TestREADMELayoutMatchesTree(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	start := strings.Index(string(readme), "\nLayout —")
	require.GreaterOrEqual(t, start, 0, "README has no layout section")
	block := string(readme[start:])
	open := strings.Index(block, "```\n")
	require.GreaterOrEqual(t, open, 0)
	block = block[open+4:]
	block = block[:strings.Index(block, "```")]

	var pkgs []string
	err = filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "tools", "bench", "test", "testdata", "bin", "dist", "build", "node_modules":
				return filepath.SkipDir
			}
			if strings.HasPrefix(d.Name(), ".") && p != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") && filepath.Dir(p) != "." {
			pkgs = append(pkgs, filepath.ToSlash(filepath.Dir(p)))
		}
		return nil
	})
	require.NoError(t, err)
	named := func(pkg string) bool {
		for _, line := range strings.Split(block, "\n") {
			if strings.Contains(line, pkg+"/") || strings.Contains(line, pkg+" ") || strings.HasSuffix(line, pkg) {
				return true
			}
			dir, base := filepath.Dir(pkg), filepath.Base(pkg)
			if strings.Contains(line, dir+"/") && (strings.Contains(line, ", "+base) || strings.Contains(line, base+",")) {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	for _, p := range pkgs {
		if seen[p] {
			continue
		}
		seen[p] = true
		if !named(p) {
			t.Errorf("package %s is not in README's layout block", p)
		}
	}
	require.False(t, named("fn/no-such-package"), "control: an unknown package must not count as named")
}
