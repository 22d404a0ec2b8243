package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testOnlyDirs hold code only tests and tooling run: they may read the
// environment (pinned tool paths, golden updates, CRD overrides).
var testOnlyDirs = []string{"tools", "bench", "test", "testdata", "internal/tooltest", "internal/crdvalidate",
	"internal/containertest", "internal/releasetest", "internal/e2e", "internal/mutationcheck", "internal/schemagen"}

// TestOnlyMainReadsEnvironment: the program's settings from the
// environment are read once, in package main (readEnvironment, tuneGC),
// and passed down; a package below main that read one itself would apply
// it behind its callers' backs (tests could not set it per call).
func TestOnlyMainReadsEnvironment(t *testing.T) {
	assert.Equal(t, []string{"internal/buildmeta/x.go: os.Getenv"}, envReaders(t, map[string]string{
		"internal/buildmeta/x.go": "package buildmeta\nimport \"os\"\nvar _ = os.Getenv(\"X\")\n",
	}), "negative control: a library package reading the environment is found")
	assert.Empty(t, envReaders(t, nil))
}

// envReaders lists the non-test files outside package main and the
// test-only directories that call os.Getenv, os.LookupEnv or os.Environ;
// extra adds files (path: source) to what is on disk.
func envReaders(t *testing.T, extra map[string]string) []string {
	t.Helper()
	var found []string
	check := func(path string, src any) {
		f, err := parser.ParseFile(token.NewFileSet(), path, src, 0)
		require.NoError(t, err)
		if f.Name.Name == "main" {
			return
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "os" &&
					(sel.Sel.Name == "Getenv" || sel.Sel.Name == "LookupEnv" || sel.Sel.Name == "Environ") {
					found = append(found, filepath.ToSlash(path)+": os."+sel.Sel.Name)
				}
			}
			return true
		})
	}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		p := filepath.ToSlash(path)
		if d.IsDir() {
			if base := d.Name(); p != "." && (strings.HasPrefix(base, ".") || base == "testdata" || slices.Contains(testOnlyDirs, p)) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			check(path, nil)
		}
		return nil
	})
	require.NoError(t, err)
	for p, src := range extra {
		check(p, src)
	}
	return found
}
