package fn

import (
	"bytes"
	"fmt"
	"path"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/check"
)

// This file holds the decisions both engines share. The fast path (package
// rawlist plus runFast) and the full path (kyaml plus runFull) differ only in
// how bytes are read and copied; what happens to an item — read as a spec,
// patched, pruned, numbered — is decided here, once, so the two cannot
// disagree.

// role is what an item is to the function.
type role uint8

const (
	roleOther     role = iota // never read beyond its header, never changed
	roleSpec                  // an AIBackendSpec (right or wrong version)
	roleGenerated             // one of the four group/kinds the function generates
)

// roleOf classifies an item by its apiVersion and kind. The fast path calls
// it with the header rawlist scanned, the full path with kyaml's getters:
// both read the same two values, so they classify alike.
func roleOf(apiVersion, kind string) role {
	switch {
	case kind == check.Kind && strings.HasPrefix(apiVersion, generator.Group+"/"):
		return roleOther // the whole-build check's config in a package: not a spec
	case kind == generator.Kind || strings.HasPrefix(apiVersion, generator.Group+"/"):
		return roleSpec
	case generator.IsGeneratedKind(generator.GroupOf(apiVersion), kind):
		return roleGenerated
	}
	return roleOther
}

func nodeRole(n *yaml.RNode) role { return roleOf(n.GetApiVersion(), n.GetKind()) }

// pruned decides whether an item goes from the output: it is one of the
// generated group/kinds, owned (fn.aigw.dev/spec) by a spec that ran and no
// longer produces it, or — when the specs are read from the package — owned
// by a spec that is gone.
func pruned(it *yaml.RNode, produced map[objKey]bool, live map[string]bool, mode string) bool {
	if nodeRole(it) != roleGenerated {
		return false
	}
	owner := annotations(it)[generator.AnnotationSpec]
	switch {
	case owner == "" || produced[keyOf(it)]:
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

// fileRefOf returns the path and index annotations of an item (the internal
// ones, else the legacy ones, as kpt and kustomize read them).
func fileRefOf(n *yaml.RNode) fileRef {
	a := annotations(n)
	p := a[kioutil.PathAnnotation]
	if p == "" {
		p = a[kioutil.LegacyPathAnnotation]
	}
	idx := a[kioutil.IndexAnnotation]
	if idx == "" {
		idx = a[kioutil.LegacyIndexAnnotation]
	}
	i, err := strconv.Atoi(idx)
	return fileRef{path: p, index: i, ok: err == nil}
}

// fileNumbers hands out (path, index) pairs for new objects: one past the
// highest index any item already has in the same file, so that no two items
// share a pair (kpt refuses the list otherwise). taken must hold every item
// of the list, also those the fast path did not parse.
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

// mayRecordFile reports whether raw bytes of an item the fast path does not
// parse may hold a path annotation naming a file the function writes to
// (fileName: filePrefix, name, ".yaml"). Items that may are parsed for their
// annotations only; a double-quoted scalar could hide the name in an escape
// sequence.
func mayRecordFile(raw []byte) bool {
	return bytes.Contains(raw, []byte(filePrefix)) || bytes.IndexByte(raw, '\\') >= 0 && bytes.IndexByte(raw, '"') >= 0
}

// badPackagePath explains why a spec's path annotation cannot be used to
// place generated objects (an absolute path or one leaving the package),
// or returns "".
func badPackagePath(p string) string {
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
