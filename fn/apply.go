package fn

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
)

// outcome is the result of applying every spec to the items.
type outcome struct {
	// items in output order: input order, pruned items dropped, new
	// objects appended per spec. When failed, exactly the input items.
	items   []*yaml.RNode
	results sdk.Results
	failed  bool
}

// plan is one spec's generated objects, checked against the package
// before anything is changed.
type plan struct {
	src     specSource
	id      string
	objects []*yaml.RNode
}

// objKey identifies an object the way the contract matches them:
// group/kind/namespace/name (the version is owned by the spec).
type objKey struct{ group, kind, namespace, name string }

func keyOf(n *yaml.RNode) objKey {
	group, _, _ := strings.Cut(n.GetApiVersion(), "/")
	if !strings.Contains(n.GetApiVersion(), "/") {
		group = ""
	}
	ns := n.GetNamespace()
	if ns == "" {
		ns = generator.DefaultNamespace // namespace-less objects land in "default"
	}
	return objKey{group, n.GetKind(), ns, n.GetName()}
}

func (k objKey) String() string { return fmt.Sprintf("%s %s/%s", k.kind, k.namespace, k.name) }

// apply runs every spec against items. It is all or nothing: any error in
// any spec or in an item the function would patch leaves every item as it
// came in and reports all problems found.
func apply(fnConfig *yaml.RNode, items []*yaml.RNode) *outcome {
	res := &results{}
	if fnConfig != nil && fnConfig.YNode().Kind == yaml.MappingNode { // else findSpecs says what is wrong
		if path, ok := badShape(fnConfig); !ok {
			res.shapeError(path, modeFunctionConfig)
			return &outcome{items: items, results: res.list, failed: true}
		}
	}
	usable, aside := setAsideBadShapes(items, res)
	specs, mode := findSpecs(fnConfig, usable, res)
	plans := makePlans(specs, mode, res)
	index := map[objKey]*yaml.RNode{}
	for _, it := range usable {
		index[keyOf(it)] = it
	}
	checkExisting(plans, index, res)
	if res.hasErrors() {
		return &outcome{items: items, results: res.list, failed: true}
	}
	out := putBack(items, merge(plans, usable, index, mode, res), aside)
	return &outcome{items: withoutGeneratorEcho(fnConfig, out), results: res.list}
}

// makePlans decodes and generates every spec, collecting all problems.
func makePlans(specs []specSource, mode string, res *results) []*plan {
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
			n, err := toRNode(o)
			if err != nil {
				res.configError(src.node, src.file, "internal error building %s %s: %v", o.Kind, o.Metadata.Name, err)
				continue
			}
			p.objects = append(p.objects, n)
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

// localConfigAnnotation marks config that kpt and kustomize never apply.
const localConfigAnnotation = "config.kubernetes.io/local-config"

func isLocalConfig(n *yaml.RNode) bool {
	return annotations(n)[localConfigAnnotation] == "true"
}

// checkExisting finds the items the plans would patch and refuses those
// owned by another spec or too malformed to patch.
func checkExisting(plans []*plan, index map[objKey]*yaml.RNode, res *results) {
	for _, p := range plans {
		for _, obj := range p.objects {
			have, ok := index[keyOf(obj)]
			if !ok {
				continue
			}
			if owner := annotations(have)[generator.AnnotationSpec]; owner != "" && owner != p.id {
				res.itemError(have, "metadata.name", "%s is generated by AIBackendSpec %s and would also be generated by AIBackendSpec %s (%s); rename one of the specs", keyOf(obj), owner, p.id, p.src.file)
				continue
			}
			owned := append(generator.OwnedFields[obj.GetKind()], []string{"metadata", "labels", "_"}, []string{"metadata", "annotations", "_"})
			if bad := checkPatchable(have, owned); bad != "" {
				res.itemError(have, bad, "%s must be a map to be patched by AIBackendSpec %s; fix the field or delete the object so it is generated anew", orDefault(bad, "the object"), p.id)
			}
		}
	}
}

// merge applies the plans: patch existing objects in place, append new
// ones (with kpt path annotations), prune owned objects no longer produced.
func merge(plans []*plan, items []*yaml.RNode, index map[objKey]*yaml.RNode, mode string, res *results) []*yaml.RNode {
	produced := map[objKey]bool{}
	live := map[string]bool{}
	var added []*yaml.RNode
	nextIndex := fileIndexes(items)
	for _, p := range plans {
		live[p.id] = true
		file := path.Join(p.src.dir, fileName(p.src.node.GetName()))
		for _, obj := range p.objects {
			k := keyOf(obj)
			produced[k] = true
			if have, ok := index[k]; ok {
				if _, err := patch(have, obj, generator.OwnedFields[k.kind]); err != nil {
					res.itemError(have, "", "cannot patch %s: %v", k, err)
				}
				continue
			}
			setFile(obj, file, nextIndex[file])
			nextIndex[file]++
			added = append(added, obj)
		}
	}
	out := make([]*yaml.RNode, 0, len(items)+len(added))
	for _, it := range items {
		owner := annotations(it)[generator.AnnotationSpec]
		k := keyOf(it)
		switch {
		case owner == "" || produced[k]:
		case live[owner]:
			continue // this spec no longer produces it (TLS off, auth removed)
		case mode == modeInPackage && isGeneratedKind(k.kind):
			continue // its spec is gone from the package
		}
		out = append(out, it)
	}
	return append(out, added...)
}

func isGeneratedKind(kind string) bool {
	_, ok := generator.OwnedFields[kind]
	return ok
}

// fileIndexes returns, per file, the next free index annotation value.
func fileIndexes(items []*yaml.RNode) map[string]int {
	next := map[string]int{}
	for _, it := range items {
		file, idx := fileOf(it)
		if file != "" && idx+1 > next[file] {
			next[file] = idx + 1
		}
	}
	return next
}

// setFile points kpt at the file a new object belongs in. Both the
// internal and the legacy annotations are set to the same value: kustomize
// rejects items whose two path annotations differ.
func setFile(n *yaml.RNode, file string, index int) {
	idx := strconv.Itoa(index)
	if appendAnnotations(n, [][2]string{
		{kioutil.PathAnnotation, file}, {kioutil.LegacyPathAnnotation, file},
		{kioutil.IndexAnnotation, idx}, {kioutil.LegacyIndexAnnotation, idx},
	}) {
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

// sortAnnotations keeps annotation order stable (map iteration is random).
func sortAnnotations(n *yaml.RNode) {
	m, err := n.Pipe(yaml.Lookup(yaml.MetadataField, yaml.AnnotationsField))
	if err != nil || m == nil {
		return
	}
	c := m.YNode().Content
	pairs := make([][2]*yaml.Node, 0, len(c)/2)
	for i := 0; i+1 < len(c); i += 2 {
		pairs = append(pairs, [2]*yaml.Node{c[i], c[i+1]})
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i][0].Value < pairs[j][0].Value })
	for i, p := range pairs {
		c[2*i], c[2*i+1] = p[0], p[1]
	}
}

// maxFileName is NAME_MAX on Linux and macOS: kpt cannot write a longer file.
const maxFileName = 255

// fileName is the file kpt writes a spec's new objects to: aigw-<name>.yaml.
// Spec names may be longer than a file name can be (up to 248 characters),
// so a name that does not fit is cut and suffixed with a hash of the whole
// name, keeping it stable and distinct.
func fileName(name string) string {
	const prefix, ext = "aigw-", ".yaml"
	if len(prefix)+len(name)+len(ext) <= maxFileName {
		return prefix + name + ext
	}
	sum := sha256.Sum256([]byte(name))
	suffix := "-" + hex.EncodeToString(sum[:4])
	return prefix + name[:maxFileName-len(prefix)-len(ext)-len(suffix)] + suffix + ext
}
