package decide

import (
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
)

// results collects the ResourceList results of one run. Every error names
// the config file and the field path so a user of kustomize (which only
// shows stderr) and of kpt (which shows results) can find the problem.
type results struct {
	list sdk.Results
}

func ref(n *yaml.RNode) *sdk.ResourceRef {
	if n == nil || n.YNode() == nil {
		return nil
	}
	return &sdk.ResourceRef{APIVersion: n.GetApiVersion(), Kind: n.GetKind(), Name: n.GetName(), Namespace: n.GetNamespace()}
}

// fieldError records a located problem of a spec.
func (r *results) fieldError(src specSource, sev sdk.Severity, e generator.FieldError) {
	res := &sdk.Result{
		Message:     e.Message,
		Severity:    sev,
		ResourceRef: ref(src.node),
		File:        &sdk.File{Path: src.file, Index: src.index},
	}
	if e.Path != "" {
		res.Field = &sdk.Field{Path: e.Path, CurrentValue: e.Value}
	}
	r.list = append(r.list, res)
}

// configError records a problem that is not tied to one field.
func (r *results) configError(n *yaml.RNode, file, format string, args ...any) {
	r.list = append(r.list, &sdk.Result{
		Message:     fmt.Sprintf(format, args...),
		Severity:    sdk.Error,
		ResourceRef: ref(n),
		File:        &sdk.File{Path: file},
	})
}

// itemError records a problem with an existing item the function must patch.
func (r *results) itemError(n *yaml.RNode, field, format string, args ...any) {
	file, idx := fileOf(n)
	res := &sdk.Result{Message: fmt.Sprintf(format, args...), Severity: sdk.Error, ResourceRef: ref(n)}
	if file != "" {
		res.File = &sdk.File{Path: file, Index: idx}
	}
	if field != "" {
		res.Field = &sdk.Field{Path: field}
	}
	r.list = append(r.list, res)
}

// shapeError records a spec (in file, or the functionConfig) whose
// metadata part at path is not a mapping, so it cannot even be named.
func (r *results) shapeError(path, file string) {
	r.list = append(r.list, &sdk.Result{
		Message:  "must be a map of fields (name, namespace, labels, annotations)",
		Severity: sdk.Error,
		File:     &sdk.File{Path: file},
		Field:    &sdk.Field{Path: path},
	})
}

func (r *results) hasErrors() bool {
	for _, x := range r.list {
		if x.Severity == sdk.Error {
			return true
		}
	}
	return false
}
