package decide

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strconv"
	"strings"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/object"
	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/buildmeta"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// outcome is the result of applying every spec to the items.
type outcome struct {
	// items in output order: input order, pruned items dropped, new
	// objects appended per spec. When failed, exactly the input items.
	items   []*yaml.RNode
	results sdk.Results
	failed  bool
	// orig are copies of the input items, taken before apply changed any.
	orig []*yaml.RNode
	// panicked: apply did not finish (a bug); nothing else is reported
	panicked bool
}

// plan is one spec's generated objects, checked against the package
// before anything is changed.
type plan struct {
	src     specSource
	id      string
	objects []*yaml.RNode
	// keys[i] is objects[i]'s key; objects[i] is nil once decide knows the
	// object is in the list exactly as written (asProduced), so its tree
	// is not kept
	keys []objKey
}

// objKey identifies an object the way the contract matches them:
// group/kind/namespace/name (the version is owned by the spec).
type objKey struct{ group, kind, namespace, name string }

func keyOf(n *yaml.RNode) objKey { return keyOfMeta(meta.Of(n)) }

// keyOfMeta is an item's objKey: namespace-less objects land in "default".
func keyOfMeta(m meta.Meta) objKey {
	ns := m.Namespace
	if ns == "" {
		ns = generator.DefaultNamespace
	}
	return objKey{m.Group, m.Kind, ns, m.Name}
}

func (k objKey) String() string { return fmt.Sprintf("%s %s/%s", k.kind, k.namespace, k.name) }

// apply runs every spec against items. It is all or nothing: any error in
// any spec or in an item the function would patch leaves every item as it
// came in and reports all problems found. others holds the path and index
// annotations of the list's items that are not in items (decide gives apply
// only the items it reads), so that new objects are numbered over the whole
// list. asWritten holds the keys of objects in the list, not in items, that
// are exactly what their spec produces (see asProduced): nothing is done
// for them, as patching them would change nothing.
//
// pre, when not nil, holds the specs already found and generated over the
// same spec items (asProduced needs them first): they are used as found.
func apply(fnConfig *yaml.RNode, items []*yaml.RNode, others []fileRef, asWritten map[objKey]bool, pre *generated) *outcome {
	res := &results{}
	if fnConfig != nil && fnConfig.YNode().Kind == yaml.MappingNode { // else findSpecs says what is wrong
		if path, ok := badShape(fnConfig); !ok {
			res.shapeError(path, modeFunctionConfig)
			return &outcome{items: items, results: res.list, failed: true}
		}
	}
	usable, aside := setAsideBadShapes(items, res)
	checkDuplicateKeys(usable, res)
	if res.hasErrors() {
		return &outcome{items: items, results: res.list, failed: true}
	}
	if pre == nil {
		pre = generate(fnConfig, usable, nil)
	}
	res.list = append(res.list, pre.results.list...)
	mode, plans := pre.mode, pre.plans
	index, dups := targets(usable)
	checkExisting(plans, index, dups, asWritten, res)
	checkClashes(plans, res)
	if res.hasErrors() {
		return &outcome{items: items, results: res.list, failed: true}
	}
	taken := make([]fileRef, 0, len(items)+len(others))
	for _, it := range items {
		if _, bad := aside[it]; !bad {
			taken = append(taken, fileRefOf(it))
		}
	}
	taken = append(taken, others...)
	out := putBack(items, merge(plans, usable, index, asWritten, mode, newFileNumbers(taken), res), aside)
	return &outcome{items: out, results: res.list}
}

// generated is every spec's objects, and the problems found making them.
type generated struct {
	mode    string
	plans   []*plan
	results results
}

// generate finds the specs among items (or in the functionConfig), decodes
// and generates each.
func generate(fnConfig *yaml.RNode, items []*yaml.RNode, after func(*plan)) *generated {
	g := &generated{}
	specs, mode := findSpecs(fnConfig, items, &g.results)
	g.mode, g.plans = mode, makePlans(specs, mode, &g.results, after)
	return g
}

// targets indexes the items a spec may patch: the generated group/kinds,
// by group/kind/namespace/name. Two items with the same key (a namespace-less
// one and one in "default" count as the same) are kept in dups: patching
// one and leaving the other stale would be wrong, so a spec that targets
// such a key is refused.
func targets(items []*yaml.RNode) (index map[objKey]*yaml.RNode, dups map[objKey][]*yaml.RNode) {
	index = map[objKey]*yaml.RNode{}
	for _, it := range items {
		if meta.Of(it).Role != meta.RoleGenerated {
			continue
		}
		k := keyOf(it)
		if prev, dup := index[k]; dup {
			if dups == nil {
				dups = map[objKey][]*yaml.RNode{}
			}
			if len(dups[k]) == 0 {
				dups[k] = []*yaml.RNode{prev}
			}
			dups[k] = append(dups[k], it)
			continue
		}
		index[k] = it
	}
	// an object kustomize renamed in this build is also found under the
	// name it was written with (see originalKey), unless another object
	// has that name now
	for _, it := range items {
		if meta.Of(it).Role != meta.RoleGenerated {
			continue
		}
		if orig, ok := originalKey(it); ok {
			if _, taken := index[orig]; !taken {
				index[orig] = it
			}
		}
	}
	return index, dups
}

// describeItem names an item for a message: its file and index when known.
func describeItem(n *yaml.RNode) string {
	f := fileRefOf(n)
	if f.path == "" {
		return fmt.Sprintf("%s %s (no path annotation)", n.GetKind(), orDefault(n.GetName(), "without name"))
	}
	return fmt.Sprintf("%s (index %d)", f.path, f.index)
}

// makePlans decodes and generates every spec, collecting all problems.
//
// after, when not nil, sees each plan as soon as it is made (asProduced
// drops the trees it no longer needs, so they never pile up).
func makePlans(specs []specSource, mode string, res *results, after func(*plan)) []*plan {
	var plans []*plan
	seen := map[string]specSource{}
	for _, src := range specs {
		spec, errs := generator.Decode(src.node)
		decoded := make(map[string]bool, len(errs))
		for _, e := range errs {
			res.fieldError(src, sdk.Error, e)
			decoded[e.Path] = true
		}
		out, errs := generator.Generate(spec)
		for _, e := range errs {
			if !coveredBy(decoded, e.Path) {
				res.fieldError(src, sdk.Error, e)
			}
		}
		id := generator.SpecID(spec.Metadata.Namespace, spec.Metadata.Name)
		if prev, dup := seen[id]; dup && spec.Metadata.Name != "" {
			res.fieldError(src, sdk.Error, generator.FieldError{Path: "metadata.name", Value: spec.Metadata.Name,
				Message: fmt.Sprintf("duplicate AIBackendSpec %s (also in %s); every spec needs its own name in a namespace", id, prev.file)})
			continue
		}
		seen[id] = src
		if out == nil || len(errs) > 0 {
			continue
		}
		for _, w := range out.Warnings {
			res.fieldError(src, sdk.Warning, w)
		}
		if mode == modeInPackage && !isLocalConfig(src.node) {
			res.fieldError(src, sdk.Warning, generator.FieldError{Path: "metadata.annotations",
				Message: `this AIBackendSpec is not marked config.kubernetes.io/local-config: "true"; add it so kpt and kustomize do not send the spec to the cluster`})
		}
		p := &plan{src: src, id: id}
		for _, o := range out.Objects {
			n, err := object.ToRNode(o)
			if err != nil {
				res.configError(src.node, src.file, "internal error building %s %s: %v", o.Kind, o.Metadata.Name, err)
				continue
			}
			p.objects, p.keys = append(p.objects, n), append(p.keys, keyOf(n))
		}
		if after != nil {
			after(p)
		}
		plans = append(plans, p)
	}
	return plans
}

// coveredBy reports whether a decode error at the same field, a parent or
// a child already explains a problem found later: `secretRef: "sk-..."`
// must not also yield "spec.auth is required" or "secretRef.name is required".
func coveredBy(decoded map[string]bool, path string) bool {
	if path == "" {
		return false
	}
	for p := range decoded {
		if p != "" && (p == path || strings.HasPrefix(p, path+".") || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[")) {
			return true
		}
	}
	return false
}

func isLocalConfig(n *yaml.RNode) bool { return buildmeta.IsLocalConfig(meta.Annotations(n)) }

// checkExisting finds the items the plans would patch and refuses those
// owned by another spec or too malformed to patch.
func checkExisting(plans []*plan, index map[objKey]*yaml.RNode, dups map[objKey][]*yaml.RNode, asWritten map[objKey]bool, res *results) {
	for _, p := range plans {
		if msg := BadPackagePath(p.src.file); msg != "" && p.src.file != "functionConfig" {
			res.fieldError(p.src, sdk.Error, generator.FieldError{Path: "metadata.annotations", Message: msg})
			continue
		}
		for i, obj := range p.objects {
			k := p.keys[i]
			have, ok := index[k]
			if !ok || asWritten[k] || obj == nil {
				continue
			}
			if all := dups[k]; len(all) > 1 {
				names := make([]string, len(all))
				note := ""
				for i, d := range all {
					names[i] = describeItem(d)
					if d.GetNamespace() == "" {
						note = fmt.Sprintf("; an object without namespace is in %q", generator.DefaultNamespace)
					}
				}
				res.itemError(all[1], "metadata.name", "%s is in the package %d times (%s%s); AIBackendSpec %s would patch one and leave the other stale: delete or rename all but one",
					k, len(all), strings.Join(names, " and "), note, p.id)
				continue
			}
			if owner := meta.Of(have).Owner; owner != "" && owner != p.id {
				res.itemError(have, "metadata.name", "%s is generated by AIBackendSpec %s and would also be generated by AIBackendSpec %s (%s); rename one of the specs", k, owner, p.id, p.src.file)
				continue
			}
			owned := append(generator.OwnedFields(obj.GetKind()), []string{"metadata", "labels", "_"}, []string{"metadata", "annotations", "_"})
			if bad := checkPatchable(have, owned); bad != "" {
				res.itemError(have, bad, "%s must be a map to be patched by AIBackendSpec %s; fix the field or delete the object so it is generated anew", orDefault(bad, "the object"), p.id)
			}
		}
	}
}

// merge applies the plans: patch existing objects in place, append new
// ones (with kpt path annotations), prune owned objects no longer produced.
func merge(plans []*plan, items []*yaml.RNode, index map[objKey]*yaml.RNode, asWritten map[objKey]bool, mode string, numbers fileNumbers, res *results) []*yaml.RNode {
	produced := map[objKey]bool{}
	live := map[string]bool{}
	var added []*yaml.RNode
	for _, p := range plans {
		live[p.id] = true
		file := path.Join(p.src.dir, fileName(p.src.node.GetName()))
		for i, obj := range p.objects {
			k := p.keys[i]
			produced[k] = true
			if asWritten[k] || obj == nil {
				continue // in the list as this very object already
			}
			if have, ok := index[k]; ok {
				if _, err := patch(have, obj, generator.OwnedFields(k.kind)); err != nil {
					res.itemError(have, "", "cannot patch %s: %v", k, err)
				}
				continue
			}
			setFile(obj, file, numbers.assign(file))
			added = append(added, obj)
		}
	}
	out := make([]*yaml.RNode, 0, len(items)+len(added))
	for _, it := range items {
		if !pruned(it, produced, live, mode) {
			out = append(out, it)
		}
	}
	return append(out, added...)
}

// setFile points kpt at the file a new object belongs in. Both the
// internal and the legacy annotations are set to the same value: kustomize
// rejects items whose two path annotations differ.
func setFile(n *yaml.RNode, file string, index int) {
	idx := strconv.Itoa(index)
	if appendAnnotations(n, fileAnnotations(file, index)) {
		sortAnnotations(n)
		return
	}
	for k, v := range map[string]string{
		kioutil.PathAnnotation: file, kioutil.LegacyPathAnnotation: file,
		kioutil.IndexAnnotation: idx, kioutil.LegacyIndexAnnotation: idx,
	} {
		_ = n.PipeE(yaml.SetAnnotation(k, v))
	}
	sortAnnotations(n)
}

// fileAnnotations are the four annotations setFile sets.
func fileAnnotations(file string, index int) [][2]string {
	idx := strconv.Itoa(index)
	return [][2]string{
		{kioutil.PathAnnotation, file}, {kioutil.LegacyPathAnnotation, file},
		{kioutil.IndexAnnotation, idx}, {kioutil.LegacyIndexAnnotation, idx},
	}
}

// sortAnnotations keeps annotation order stable (map iteration is random).
func sortAnnotations(n *yaml.RNode) {
	m, err := n.Pipe(yaml.Lookup(yaml.MetadataField, yaml.AnnotationsField))
	if err != nil || m == nil {
		return
	}
	// A stable insertion sort of the key/value pairs in place: the maps
	// are small, and this allocates nothing (it runs on every new object).
	c := m.YNode().Content
	for i := 2; i+1 < len(c); i += 2 {
		for j := i; j >= 2 && c[j].Value < c[j-2].Value; j -= 2 {
			c[j], c[j+1], c[j-2], c[j-1] = c[j-2], c[j-1], c[j], c[j+1]
		}
	}
}

// maxFileName is NAME_MAX on Linux and macOS: kpt cannot write a longer file.
const maxFileName = 255

// filePrefix starts the name of every file the function writes new objects
// to.
const filePrefix = "aigw-"

// fileName is the file kpt writes a spec's new objects to: aigw-<name>.yaml.
// Spec names may be longer than a file name can be (up to 248 characters),
// so a name that does not fit is cut and suffixed with a hash of the whole
// name, keeping it stable and distinct.
func fileName(name string) string {
	const ext = ".yaml"
	if len(filePrefix)+len(name)+len(ext) <= maxFileName {
		return filePrefix + name + ext
	}
	sum := sha256.Sum256([]byte(name))
	suffix := "-" + hex.EncodeToString(sum[:4])
	return filePrefix + name[:maxFileName-len(filePrefix)-len(ext)-len(suffix)] + suffix + ext
}
