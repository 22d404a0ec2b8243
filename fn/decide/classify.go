package decide

import (
	"fmt"
	"path"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// This file holds the rules over items: pruning and file numbering.

// pruned decides whether an item goes from the output: it is one of the
// generated group/kinds, owned (fn.aigw.dev/spec) by a spec that ran and no
// longer produces it, or — when the specs are read from the package — owned
// by a spec that is gone.
func pruned(it *yaml.RNode, produced map[objKey]bool, live map[string]bool, mode string) bool {
	m := meta.Of(it)
	if m.Role != meta.RoleGenerated {
		return false
	}
	owner := m.Owner
	switch {
	case owner == "" || produced[keyOfMeta(m)]:
		return false
	case producedAsOriginal(it, produced):
		return false // adopted under the name it was written with
	case live[owner]:
		return true // this spec no longer produces it (TLS off, auth removed)
	}
	return mode == modeInPackage // its spec is gone from the package
}

// fileRef is an item's orchestrator path and index annotations.
type fileRef struct {
	path  string
	index int
	ok    bool // index is a number
}

// fileRefOf returns the path and index annotations of an item.
func fileRefOf(n *yaml.RNode) fileRef {
	m := meta.Of(n)
	return fileRef{path: m.Path, index: m.Index, ok: m.IndexOK}
}

// fileNumbers hands out (path, index) pairs for new objects: one past the
// highest index any item already has in the same file, so that no two items
// share a pair (kpt refuses the list otherwise). taken must hold every item
// of the list, also the rows decide did not read.
type fileNumbers map[string]int

func newFileNumbers(taken []fileRef) fileNumbers {
	next := fileNumbers{}
	for _, f := range taken {
		if f.path == "" {
			continue
		}
		n := 1 // an item without an index annotation is at index 0 for kpt
		if f.ok {
			n = f.index + 1
		}
		next[cleanPath(f.path)] = max(next[cleanPath(f.path)], n)
	}
	return next
}

// assign returns the next free index in file.
func (f fileNumbers) assign(file string) int {
	file = cleanPath(file)
	i := f[file]
	f[file] = i + 1
	return i
}

// cleanPath is how kpt compares paths: "./a.yaml" and "a.yaml" are one file.
func cleanPath(p string) string { return path.Clean(p) }

// BadPackagePath explains why a spec's path annotation cannot be used to
// place generated objects (an absolute path or one leaving the package),
// or returns "".
func BadPackagePath(p string) string {
	if p == "" {
		return ""
	}
	if path.IsAbs(p) || strings.HasPrefix(p, `\`) || len(p) > 1 && p[1] == ':' {
		return fmt.Sprintf("path %q is absolute; kpt and kustomize give paths relative to the package, and generated objects are written next to the spec", p)
	}
	for _, seg := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '\\' }) {
		if seg == ".." {
			return fmt.Sprintf("path %q leaves the package (it contains \"..\"); generated objects are written next to the spec and must stay inside the package", p)
		}
	}
	return ""
}

// producedAsOriginal reports an object a spec produced under the name it
// had before kustomize renamed it (originalKey).
func producedAsOriginal(it *yaml.RNode, produced map[objKey]bool) bool {
	orig, ok := originalKey(it)
	return ok && produced[orig]
}
