// Package crdvalidate validates Kubernetes objects against CustomResourceDefinitions
// the way kube-apiserver does when such an object is created, without an API server.
//
// It is test-only tooling: import it from _test.go files only, never from code that
// is linked into the function binary (it pulls in k8s.io/apiextensions-apiserver,
// CEL and their dependencies).
//
// For each object, Validate mirrors the create path of kube-apiserver v1.37
// (k8s.io/apiextensions-apiserver v0.37.2):
//
//  1. request routing (customresource_handler.go ServeHTTP): the version must exist
//     and be served, otherwise the server answers 404; deprecated versions produce a
//     warning (the CRD's deprecationWarning or the server's default text);
//  2. decoding (unstructuredSchemaCoercer.apply with fieldValidation=Strict, which is
//     what kubectl sends by default): unknown fields inside metadata and in the
//     schema are pruned and reported as `unknown field "<path>"` errors; nulls of
//     non-nullable fields without defaults are dropped; embedded ObjectMeta/TypeMeta
//     is coerced;
//  3. defaulting (structural defaulting with pruned defaults);
//  4. customResourceStrategy.PrepareForCreate: status is dropped when the version
//     has a status subresource;
//  5. customResourceStrategy.Validate: metadata (namespace required when namespaced,
//     name is a DNS subdomain), OpenAPI schema, embedded resources, list-type
//     set/map invariants, and CEL x-kubernetes-validations unless an earlier
//     error is "blocking" (same rule as the server's hasBlockingErr);
//  6. rest.ValidateCreate: when everything above passed, the generic
//     ObjectMeta check with path-segment name validation;
//  7. WarningsOnCreate: finalizer name warnings.
//
// Deviations from the server, all deliberate: unknown fields do not stop
// validation (the server rejects the request at decoding time when
// fieldValidation=Strict; here the rest of the pipeline still runs on the pruned
// object so that all problems are reported at once), and a namespaced object
// without metadata.namespace is an error (the server would take the namespace
// from the request URL; KRM function output must name it explicitly).
// Scale subresource checks, admission, and conversion between versions are not
// modelled.
package crdvalidate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apivalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/api/operation"
	"k8s.io/apimachinery/pkg/api/validate/content"
	metavalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/sets"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/apimachinery/pkg/version"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"k8s.io/apiserver/pkg/features"
	"k8s.io/apiserver/pkg/storage/names"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	sigsyaml "sigs.k8s.io/yaml"
)

// Validator holds the compiled schemas of a set of CRDs, per GroupVersionKind.
// It is safe for concurrent use: Validate never mutates the Validator.
type Validator struct {
	byGK map[schema.GroupKind]*crd
}

// crd is one loaded CustomResourceDefinition.
type crd struct {
	name       string // metadata.name, e.g. backends.gateway.envoyproxy.io
	source     string // file it was loaded from
	gk         schema.GroupKind
	namespaced bool
	versions   map[string]*crdVersion
	order      []string // version names in CRD order
}

// crdVersion is what the server's crdInfo keeps per version.
type crdVersion struct {
	name               string
	served, storage    bool
	deprecated         bool
	deprecationWarning string // effective text (CRD's or the server's default)
	hasStatus          bool   // status subresource enabled

	// Only set for served versions (the server builds no storage otherwise).
	structural      *structuralschema.Structural // defaults pruned, like the server
	schemaValidator apivalidation.SchemaValidator
	celValidator    *cel.Validator // nil when the schema has no x-kubernetes-validations
}

// Load reads every *.yaml / *.yml file directly in dir (not recursively). Each may be
// a multi-document stream; documents that are not apiextensions.k8s.io/v1
// CustomResourceDefinitions are ignored. Two CRDs for the same group and kind are an
// error (keep e.g. experimental-channel copies in a separate directory).
func Load(dir string) (*Validator, error) {
	var files []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, err
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	v := &Validator{byGK: map[schema.GroupKind]*crd{}}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := v.add(f, data); err != nil {
			return nil, err
		}
	}
	if len(v.byGK) == 0 {
		return nil, fmt.Errorf("crdvalidate: no CustomResourceDefinition found in %s/*.yaml", dir)
	}
	return v, nil
}

// LoadBytes is Load for in-memory CRD documents (one or more multi-document streams).
func LoadBytes(streams ...[]byte) (*Validator, error) {
	v := &Validator{byGK: map[schema.GroupKind]*crd{}}
	for i, data := range streams {
		if err := v.add(fmt.Sprintf("stream %d", i), data); err != nil {
			return nil, err
		}
	}
	if len(v.byGK) == 0 {
		return nil, errors.New("crdvalidate: no CustomResourceDefinition in input")
	}
	return v, nil
}

// EnvCRDsDir names the environment variable that overrides the CRD directory
// used by LoadDefault.
const EnvCRDsDir = "AIGW_CRDS_DIR"

// LoadDefault loads the CRDs from $AIGW_CRDS_DIR if set (an explicit override,
// e.g. to validate against other upstream versions), else from the pinned copies
// in <repo>/testdata/crds (checked by `make crds-verify`, re-created by `make
// crds`). Nothing outside the repository is read unless the variable says so.
// It returns the directory it used.
func LoadDefault() (*Validator, string, error) {
	dir, err := DefaultDir()
	if err != nil {
		return nil, "", err
	}
	v, err := Load(dir)
	return v, dir, err
}

// DefaultDir returns the directory LoadDefault would use, or an error that says how to
// obtain the CRDs.
func DefaultDir() (string, error) {
	if d := os.Getenv(EnvCRDsDir); d != "" {
		if !hasYAML(d) {
			return "", fmt.Errorf("crdvalidate: $%s=%s contains no *.yaml files", EnvCRDsDir, d)
		}
		return d, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	d := filepath.Join(root, "testdata", "crds")
	if hasYAML(d) {
		return d, nil
	}
	return "", fmt.Errorf("crdvalidate: no CRDs found in %s and $%s is not set; run `make crds` in %s to fetch the pinned upstream CRDs into testdata/crds, or set %s",
		d, EnvCRDsDir, root, EnvCRDsDir)
}

const modulePath = "github.com/aigw-dev/aigw-backend"

// RepoRoot finds the directory holding this module's go.mod, walking up from the
// working directory (go test runs in the package directory).
func RepoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			if bytes.Contains(b, []byte("module "+modulePath+"\n")) || bytes.Contains(b, []byte("module "+modulePath+"\r\n")) {
				return d, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("crdvalidate: no go.mod of module %s above %s; set %s", modulePath, wd, EnvCRDsDir)
		}
	}
}

func hasYAML(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	return len(m) > 0
}

// add parses a (multi-document) YAML stream and registers the CRDs in it.
func (v *Validator) add(source string, data []byte) error {
	docs, err := splitYAML(data)
	if err != nil {
		return fmt.Errorf("crdvalidate: %s: %w", source, err)
	}
	for i, doc := range docs {
		var tm metav1.TypeMeta
		if err := sigsyaml.Unmarshal(doc, &tm); err != nil {
			return fmt.Errorf("crdvalidate: %s: document %d: %w", source, i, err)
		}
		if tm.Kind != "CustomResourceDefinition" || !strings.HasPrefix(tm.APIVersion, "apiextensions.k8s.io/") {
			continue
		}
		if tm.APIVersion != "apiextensions.k8s.io/v1" {
			return fmt.Errorf("crdvalidate: %s: document %d: %s CustomResourceDefinition is not supported (only v1)", source, i, tm.APIVersion)
		}
		var def apiextv1.CustomResourceDefinition
		if err := sigsyaml.Unmarshal(doc, &def); err != nil {
			return fmt.Errorf("crdvalidate: %s: document %d: %w", source, i, err)
		}
		c, err := compile(source, &def)
		if err != nil {
			return err
		}
		if prev, ok := v.byGK[c.gk]; ok {
			return fmt.Errorf("crdvalidate: %s defined twice (%s and %s)", c.gk, prev.source, source)
		}
		v.byGK[c.gk] = c
	}
	return nil
}

// compile builds the per-version schemas the way crdHandler.getOrCreateServingInfoFor does.
func compile(source string, def *apiextv1.CustomResourceDefinition) (*crd, error) {
	c := &crd{
		name:       def.Name,
		source:     source,
		gk:         schema.GroupKind{Group: def.Spec.Group, Kind: def.Spec.Names.Kind},
		namespaced: def.Spec.Scope == apiextv1.NamespaceScoped,
		versions:   map[string]*crdVersion{},
	}
	if def.Spec.PreserveUnknownFields {
		return nil, fmt.Errorf("crdvalidate: %s (%s): spec.preserveUnknownFields is not supported", def.Name, source)
	}
	for i := range def.Spec.Versions {
		ver := &def.Spec.Versions[i]
		cv := &crdVersion{
			name:       ver.Name,
			served:     ver.Served,
			storage:    ver.Storage,
			deprecated: ver.Deprecated,
			hasStatus:  ver.Subresources != nil && ver.Subresources.Status != nil,
		}
		if ver.Deprecated {
			if ver.DeprecationWarning != nil {
				cv.deprecationWarning = *ver.DeprecationWarning
			} else {
				cv.deprecationWarning = defaultDeprecationWarning(ver.Name, def.Spec)
			}
		}
		c.versions[ver.Name] = cv
		c.order = append(c.order, ver.Name)
		if !ver.Served {
			continue
		}
		if ver.Schema == nil || ver.Schema.OpenAPIV3Schema == nil {
			return nil, fmt.Errorf("crdvalidate: %s (%s) version %s has no openAPIV3Schema", def.Name, source, ver.Name)
		}
		in := &apiextensions.JSONSchemaProps{}
		if err := apiextv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(ver.Schema.OpenAPIV3Schema, in, nil); err != nil {
			return nil, fmt.Errorf("crdvalidate: %s %s: converting schema: %w", def.Name, ver.Name, err)
		}
		s, err := structuralschema.NewStructural(in)
		if err != nil {
			return nil, fmt.Errorf("crdvalidate: %s %s: schema is not structural: %w", def.Name, ver.Name, err)
		}
		if errs := structuralschema.ValidateStructural(field.NewPath("spec", "versions").Index(i).Child("schema", "openAPIV3Schema"), s); len(errs) > 0 {
			return nil, fmt.Errorf("crdvalidate: %s %s: schema is not structural: %w", def.Name, ver.Name, errs.ToAggregate())
		}
		s = s.DeepCopy()
		if err := defaulting.PruneDefaults(s); err != nil {
			return nil, fmt.Errorf("crdvalidate: %s %s: pruning defaults: %w", def.Name, ver.Name, err)
		}
		sv, _, err := apivalidation.NewSchemaValidator(in)
		if err != nil {
			return nil, fmt.Errorf("crdvalidate: %s %s: building schema validator: %w", def.Name, ver.Name, err)
		}
		cv.structural = s
		cv.schemaValidator = sv
		// CEL programs are compiled here, as in customresource.NewStrategy.
		cv.celValidator = cel.NewValidator(s, true, celconfig.PerCallLimit)
	}
	return c, nil
}

// Result is the outcome of validating one object.
type Result struct {
	// Source says where the object came from: "doc 3" or "doc 0 items[2]" for
	// ValidateYAML, empty for Validate.
	Source    string
	GVK       schema.GroupVersionKind
	Namespace string
	Name      string

	// Skipped is set by ValidateYAML for objects whose GVK no loaded CRD defines but
	// that the caller allowed (built-in kinds, the function's own config kind).
	Skipped bool

	// Errors lists everything that makes the server reject the create, in pipeline
	// order: unserved or unknown version, unknown fields (one `unknown field
	// "<path>"` error each), then field errors (*field.Error, usable with errors.As).
	Errors []error
	// UnknownFields are the paths pruning removed (also reported in Errors).
	UnknownFields []string
	// FieldErrors are the metadata, schema, list-type and CEL errors (also in Errors).
	FieldErrors field.ErrorList
	// Warnings are the non-deprecation warnings the server would return (finalizers).
	Warnings []string
	// Deprecations are the deprecation warnings of the requested version.
	Deprecations []string
	// StatusDropped is true when status was removed because the version has a
	// status subresource (the server silently ignores status on create).
	StatusDropped bool
	// Object is the object after pruning, defaulting and PrepareForCreate (nil when
	// the GVK is unknown or not served).
	Object map[string]interface{}
}

// OK reports whether the create would succeed.
func (r *Result) OK() bool { return len(r.Errors) == 0 }

// Err returns nil when OK, else one error naming the object and listing every problem.
func (r *Result) Err() error {
	if r.OK() {
		return nil
	}
	msgs := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		msgs[i] = e.Error()
	}
	return fmt.Errorf("%s is invalid: %s", r.describe(), strings.Join(msgs, "; "))
}

// ErrorStrings returns the messages of Errors.
func (r *Result) ErrorStrings() []string {
	out := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		out[i] = e.Error()
	}
	return out
}

func (r *Result) describe() string {
	var b strings.Builder
	if r.Source != "" {
		b.WriteString(r.Source)
		b.WriteString(": ")
	}
	if r.GVK.Kind == "" {
		b.WriteString("object")
	} else {
		b.WriteString(r.GVK.GroupVersion().String() + ", Kind=" + r.GVK.Kind)
	}
	switch {
	case r.Namespace != "" && r.Name != "":
		fmt.Fprintf(&b, " %s/%s", r.Namespace, r.Name)
	case r.Name != "":
		fmt.Fprintf(&b, " %q", r.Name)
	}
	return b.String()
}

func (r *Result) addFieldErrs(errs field.ErrorList) {
	r.FieldErrors = append(r.FieldErrors, errs...)
	for _, e := range errs {
		r.Errors = append(r.Errors, e)
	}
}

// Kinds lists the GroupVersionKinds of all served versions, sorted.
func (v *Validator) Kinds() []schema.GroupVersionKind {
	var out []schema.GroupVersionKind
	for gk, c := range v.byGK {
		for _, name := range c.order {
			if c.versions[name].served {
				out = append(out, gk.WithVersion(name))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// Knows reports whether a loaded CRD defines the group and kind (any version).
func (v *Validator) Knows(gk schema.GroupKind) bool { _, ok := v.byGK[gk]; return ok }

// Validate validates obj as a create request. obj is not modified: it is deep-copied
// through JSON first (so Go ints, []string, typed maps and the like are accepted and
// normalised to what the server decodes: int64, float64, []interface{}, ...).
func (v *Validator) Validate(obj map[string]interface{}) *Result {
	r := &Result{}
	u, err := normalize(obj)
	if err != nil {
		r.Errors = append(r.Errors, err)
		return r
	}
	v.validate(u, r)
	return r
}

func normalize(obj interface{}) (map[string]interface{}, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("object cannot be encoded as JSON: %w", err)
	}
	var u map[string]interface{}
	if err := utiljson.Unmarshal(b, &u); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, errors.New("object is null")
	}
	return u, nil
}

func (v *Validator) validate(u map[string]interface{}, r *Result) {
	uo := &unstructured.Unstructured{Object: u}
	r.GVK = uo.GroupVersionKind()
	r.Name, r.Namespace = uo.GetName(), uo.GetNamespace()
	c, cv, err := v.lookup(uo.GetAPIVersion(), uo.GetKind())
	if err != nil {
		r.Errors = append(r.Errors, err)
		return
	}
	if cv.deprecated {
		r.Deprecations = append(r.Deprecations, cv.deprecationWarning)
	}

	// Decoding: unstructuredSchemaCoercer.apply (fieldValidation=Strict).
	unknown, err := coerce(u, cv.structural)
	if err != nil {
		r.Errors = append(r.Errors, err)
		return
	}
	for _, p := range unknown {
		r.UnknownFields = append(r.UnknownFields, p)
		r.Errors = append(r.Errors, fmt.Errorf("unknown field %q", p))
	}
	// Defaulting: unstructuredDefaulter.
	defaulting.Default(u, cv.structural)

	// rest.BeforeCreate: name generation, PrepareForCreate.
	if uo.GetName() == "" && uo.GetGenerateName() != "" {
		uo.SetName(names.SimpleNameGenerator.GenerateName(uo.GetGenerateName()))
	}
	if cv.hasStatus {
		if _, ok := u["status"]; ok {
			delete(u, "status")
			r.StatusDropped = true
		}
	}
	uo.SetGeneration(1)
	r.Object = u

	// rest.ValidateCreate → customResourceStrategy.Validate.
	ctx := context.Background()
	errs := strategyValidate(ctx, c, cv, uo)
	if len(errs) == 0 {
		errs = append(errs, metavalidation.ValidateObjectMetaAccessor(uo, c.namespaced, validatePathSegment, field.NewPath("metadata"))...)
	}
	r.addFieldErrs(errs)

	// WarningsOnCreate.
	fin := field.NewPath("metadata", "finalizers")
	for _, f := range sets.NewString(uo.GetFinalizers()...).List() {
		r.Warnings = append(r.Warnings, validateKubeFinalizerName(f, fin)...)
	}
}

// lookup mirrors request routing: unknown group/kind or version → error, version
// present but not served → error (the server answers 404 NotFound).
func (v *Validator) lookup(apiVersion, kind string) (*crd, *crdVersion, error) {
	if apiVersion == "" || kind == "" {
		return nil, nil, fmt.Errorf("object has no apiVersion and/or kind (apiVersion=%q, kind=%q)", apiVersion, kind)
	}
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil {
		return nil, nil, fmt.Errorf("apiVersion %q: %w", apiVersion, err)
	}
	gk := schema.GroupKind{Group: gv.Group, Kind: kind}
	c, ok := v.byGK[gk]
	if !ok {
		return nil, nil, &UnknownKindError{GVK: gv.WithKind(kind)}
	}
	cv, ok := c.versions[gv.Version]
	if !ok || !cv.served {
		return nil, nil, &NotServedError{GVK: gv.WithKind(kind), CRD: c.name, Source: c.source, Exists: ok, Served: c.servedVersions()}
	}
	return c, cv, nil
}

func (c *crd) servedVersions() []string {
	var out []string
	for _, n := range c.order {
		if c.versions[n].served {
			out = append(out, n)
		}
	}
	return out
}

// UnknownKindError: no loaded CRD defines the group and kind.
type UnknownKindError struct{ GVK schema.GroupVersionKind }

func (e *UnknownKindError) Error() string {
	return fmt.Sprintf("no CRD loaded for %s (kind %s in group %q)", e.GVK.GroupVersion(), e.GVK.Kind, e.GVK.Group)
}

// NotServedError: the CRD exists but does not serve the requested version; the API
// server answers 404 NotFound ("the server could not find the requested resource").
type NotServedError struct {
	GVK    schema.GroupVersionKind
	CRD    string
	Source string
	Exists bool     // the version is listed in the CRD (with served: false)
	Served []string // the versions that are served
}

func (e *NotServedError) Error() string {
	state := "is not defined in"
	if e.Exists {
		state = "is not served (served: false) by"
	}
	return fmt.Sprintf("version %s of %s %s CRD %s (%s); served versions: [%s]; the API server would answer 404 NotFound (the server could not find the requested resource)",
		e.GVK.Version, e.GVK.Kind, state, e.CRD, e.Source, strings.Join(e.Served, ", "))
}

// coerce mirrors unstructuredSchemaCoercer.apply for a request body decoded with
// fieldValidation=Strict (returnUnknownFieldPaths=true, dropInvalidMetadata=false).
func coerce(u map[string]interface{}, s *structuralschema.Structural) ([]string, error) {
	uo := &unstructured.Unstructured{Object: u}
	kind, foundKind, err := unstructured.NestedString(u, "kind")
	if err != nil {
		return nil, err
	}
	apiVersion, foundAPIVersion, err := unstructured.NestedString(u, "apiVersion")
	if err != nil {
		return nil, err
	}
	om, foundObjectMeta, unknown, err := objectmeta.GetObjectMetaWithOptions(u, objectmeta.ObjectMetaOptions{
		DropMalformedFields:     false,
		ReturnUnknownFieldPaths: true,
	})
	if err != nil {
		// The server fails decoding with this error (400 BadRequest).
		return nil, fmt.Errorf("metadata: %w", err)
	}
	unknown = append(unknown, pruning.PruneWithOptions(u, s, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
	defaulting.PruneNonNullableNullsWithoutDefaults(u, s)
	ferr, paths := objectmeta.CoerceWithOptions(nil, u, s, false, objectmeta.CoerceOptions{ReturnUnknownFieldPaths: true})
	if ferr != nil {
		return nil, ferr
	}
	unknown = append(unknown, paths...)
	if foundKind {
		uo.SetKind(kind)
	}
	if foundAPIVersion {
		uo.SetAPIVersion(apiVersion)
	}
	if foundObjectMeta {
		if err := objectmeta.SetObjectMeta(u, om); err != nil {
			return nil, err
		}
	}
	return unknown, nil
}

// strategyValidate mirrors customResourceStrategy.Validate (strategy.go) and
// customResourceValidator.Validate (validator.go) for a create without scale
// subresource.
func strategyValidate(ctx context.Context, c *crd, cv *crdVersion, u *unstructured.Unstructured) field.ErrorList {
	var errs field.ErrorList
	// customResourceValidator.ValidateTypeMeta.
	if u.GetKind() != c.gk.Kind {
		return field.ErrorList{field.Invalid(field.NewPath("kind"), u.GetKind(), fmt.Sprintf("must be %v", c.gk.Kind))}
	}
	if want := c.gk.WithVersion(cv.name).GroupVersion().String(); u.GetAPIVersion() != want {
		return field.ErrorList{field.Invalid(field.NewPath("apiVersion"), u.GetAPIVersion(), fmt.Sprintf("must be %v", want))}
	}
	// customResourceValidator.validateObjectMetaDeclaratively.
	om, merrs := getObjectMeta(u)
	if len(merrs) > 0 {
		errs = append(errs, merrs...)
	} else {
		errs = append(errs, metavalidation.ValidateObjectMetaDeclaratively(ctx, operation.Create, om, nil, c.namespaced,
			metavalidation.NameIsDNSSubdomain, field.NewPath("metadata"), utilfeature.DefaultFeatureGate.Enabled(features.DeclarativeValidationBeta))...)
	}
	errs = append(errs, apivalidation.ValidateCustomResource(nil, u.UnstructuredContent(), cv.schemaValidator)...)
	// Embedded resources, list-type invariants.
	errs = append(errs, objectmeta.Validate(ctx, nil, u.Object, cv.structural, false)...)
	errs = append(errs, listtype.ValidateListSetsAndMaps(nil, cv.structural, u.Object)...)
	// x-kubernetes-validations.
	if cv.celValidator != nil {
		if has, err := hasBlockingErr(errs); has {
			errs = append(errs, err)
		} else {
			celErrs, _ := cv.celValidator.Validate(ctx, nil, cv.structural, u.Object, nil, celconfig.RuntimeCELCostBudget)
			errs = append(errs, celErrs...)
		}
	}
	return errs
}

// hasBlockingErr is copied from k8s.io/apiextensions-apiserver@v0.37.2
// pkg/registry/customresource/strategy.go (unexported there):
// OpenAPIv3 type/maxLength/maxItems/MaxProperties/required/enum violation/wrong type
// field validation failures are viewed as blocking err for CEL validation.
func hasBlockingErr(errs field.ErrorList) (bool, *field.Error) {
	for _, err := range errs {
		if err.Type == field.ErrorTypeNotSupported || err.Type == field.ErrorTypeRequired || err.Type == field.ErrorTypeTooLong || err.Type == field.ErrorTypeTooMany || err.Type == field.ErrorTypeTypeInvalid {
			return true, field.Invalid(nil, nil, "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation")
		}
	}
	return false, nil
}

// getObjectMeta is copied from validator.go.
func getObjectMeta(obj *unstructured.Unstructured) (*metav1.ObjectMeta, field.ErrorList) {
	raw := obj.UnstructuredContent()["metadata"]
	if raw == nil {
		return &metav1.ObjectMeta{}, nil
	}
	metadataMap, ok := raw.(map[string]interface{})
	if !ok {
		return nil, field.ErrorList{field.Invalid(field.NewPath("metadata"), raw, fmt.Sprintf("expected map[string]interface{}, got %T", raw))}
	}
	m := &metav1.ObjectMeta{}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(metadataMap, m); err != nil {
		return nil, field.ErrorList{field.Invalid(field.NewPath("metadata"), raw, err.Error())}
	}
	return m, nil
}

// validatePathSegment is copied from k8s.io/apiserver pkg/registry/rest/create.go.
func validatePathSegment(name string, prefix bool) []string {
	if prefix {
		return content.IsPathSegmentPrefix(name)
	}
	return content.IsPathSegmentName(name)
}

var standardFinalizers = sets.NewString("orphan", "foregroundDeletion", "kubernetes")

// validateKubeFinalizerName is copied from validator.go (warnings on create).
func validateKubeFinalizerName(stringValue string, fldPath *field.Path) []string {
	var allWarnings []string
	for _, msg := range utilvalidation.IsQualifiedName(stringValue) {
		allWarnings = append(allWarnings, fmt.Sprintf("%s: %q: %s", fldPath.String(), stringValue, msg))
	}
	if len(strings.Split(stringValue, "/")) == 1 {
		if !standardFinalizers.Has(stringValue) {
			if strings.Contains(stringValue, ".") {
				allWarnings = append(allWarnings, fmt.Sprintf("%s: %q: prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers", fldPath.String(), stringValue))
			} else {
				allWarnings = append(allWarnings, fmt.Sprintf("%s: %q: prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers", fldPath.String(), stringValue))
			}
		}
	}
	return allWarnings
}

// defaultDeprecationWarning is copied from customresource_handler.go.
func defaultDeprecationWarning(deprecatedVersion string, crd apiextv1.CustomResourceDefinitionSpec) string {
	msg := fmt.Sprintf("%s/%s %s is deprecated", crd.Group, deprecatedVersion, crd.Names.Kind)
	var servedNonDeprecatedVersions []string
	for _, v := range crd.Versions {
		if v.Served && !v.Deprecated && version.CompareKubeAwareVersionStrings(deprecatedVersion, v.Name) < 0 {
			servedNonDeprecatedVersions = append(servedNonDeprecatedVersions, v.Name)
		}
	}
	if len(servedNonDeprecatedVersions) == 0 {
		return msg
	}
	sort.Slice(servedNonDeprecatedVersions, func(i, j int) bool {
		return version.CompareKubeAwareVersionStrings(servedNonDeprecatedVersions[i], servedNonDeprecatedVersions[j]) > 0
	})
	msg += fmt.Sprintf("; use %s/%s %s", crd.Group, servedNonDeprecatedVersions[0], crd.Names.Kind)
	return msg
}

// ---- YAML streams ----

// Common allow-list entries for ValidateYAML. An entry with an empty Version
// matches every version of the group and kind.
var (
	// FunctionConfig is the function's own functionConfig kind (not a CRD).
	FunctionConfig = schema.GroupVersionKind{Group: "fn.aigw.dev", Version: "v1alpha1", Kind: "AIBackendSpec"}
	// CoreKinds are built-in kinds a KRM package commonly holds next to the
	// generated resources; they have no CRD.
	CoreKinds = []schema.GroupVersionKind{
		{Version: "v1", Kind: "Secret"},
		{Version: "v1", Kind: "ConfigMap"},
		{Version: "v1", Kind: "Service"},
		{Version: "v1", Kind: "Namespace"},
		{Version: "v1", Kind: "ServiceAccount"},
	}
)

// Results are the per-object results of ValidateYAML, in stream order.
type Results []*Result

// Err returns nil when every object is OK (skipped objects are OK), else one error
// per failing object, joined.
func (rs Results) Err() error {
	var errs []error
	for _, r := range rs {
		if err := r.Err(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Warnings returns every warning and deprecation, prefixed with the object.
func (rs Results) Warnings() []string {
	var out []string
	for _, r := range rs {
		for _, w := range append(append([]string(nil), r.Deprecations...), r.Warnings...) {
			out = append(out, r.describe()+": "+w)
		}
	}
	return out
}

// ValidateYAML validates every object in a multi-document YAML stream. A
// config.kubernetes.io/v1 ResourceList (KRM function input/output) or v1 List
// document contributes its items (a ResourceList's functionConfig is not validated).
// Objects whose group and kind no loaded CRD defines fail with an
// *UnknownKindError unless allow contains their GVK (Version "" = any version), in
// which case their Result is Skipped. Duplicate mapping keys are reported like the
// server's strict decoding ("duplicate field"). The error return is for streams
// that cannot be split or parsed at all.
func (v *Validator) ValidateYAML(stream []byte, allow ...schema.GroupVersionKind) (Results, error) {
	docs, err := splitYAML(stream)
	if err != nil {
		return nil, err
	}
	var rs Results
	for i, doc := range docs {
		src := fmt.Sprintf("doc %d", i)
		obj, perr := parseDoc(doc)
		if perr != nil {
			rs = append(rs, &Result{Source: src, Errors: []error{perr}})
			continue
		}
		if obj == nil {
			continue // empty document
		}
		uo := &unstructured.Unstructured{Object: obj}
		gvk := uo.GroupVersionKind()
		if isList(gvk) {
			items, ok := obj["items"].([]interface{})
			if !ok && obj["items"] != nil {
				rs = append(rs, &Result{Source: src, GVK: gvk, Errors: []error{fmt.Errorf("items: expected a list, got %T", obj["items"])}})
				continue
			}
			for j, it := range items {
				isrc := fmt.Sprintf("%s items[%d]", src, j)
				m, ok := it.(map[string]interface{})
				if !ok {
					rs = append(rs, &Result{Source: isrc, Errors: []error{fmt.Errorf("expected an object, got %T", it)}})
					continue
				}
				rs = append(rs, v.validateOne(isrc, m, allow))
			}
			continue
		}
		rs = append(rs, v.validateOne(src, obj, allow))
	}
	return rs, nil
}

func isList(gvk schema.GroupVersionKind) bool {
	return (gvk.Group == "config.kubernetes.io" && gvk.Kind == "ResourceList") ||
		(gvk.Group == "" && gvk.Version == "v1" && gvk.Kind == "List")
}

func (v *Validator) validateOne(src string, obj map[string]interface{}, allow []schema.GroupVersionKind) *Result {
	uo := &unstructured.Unstructured{Object: obj}
	gvk := uo.GroupVersionKind()
	if !v.Knows(gvk.GroupKind()) && allowed(gvk, allow) {
		return &Result{Source: src, GVK: gvk, Name: uo.GetName(), Namespace: uo.GetNamespace(), Skipped: true}
	}
	r := v.Validate(obj)
	r.Source = src
	return r
}

func allowed(gvk schema.GroupVersionKind, allow []schema.GroupVersionKind) bool {
	for _, a := range allow {
		if a.Group == gvk.Group && a.Kind == gvk.Kind && (a.Version == "" || a.Version == gvk.Version) {
			return true
		}
	}
	return false
}

// splitYAML splits a multi-document stream; documents are returned raw.
func splitYAML(data []byte) ([][]byte, error) {
	rd := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var docs [][]byte
	for {
		doc, err := rd.Read()
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, doc)
	}
}

// parseDoc converts one YAML document to what the server decodes from the JSON
// kubectl sends: strict about duplicate keys, integers as int64.
func parseDoc(doc []byte) (map[string]interface{}, error) {
	j, err := sigsyaml.YAMLToJSONStrict(doc)
	if err != nil {
		return nil, fmt.Errorf("strict decoding error: %w", err)
	}
	j = bytes.TrimSpace(j)
	if len(j) == 0 || string(j) == "null" {
		return nil, nil
	}
	var obj map[string]interface{}
	if err := utiljson.Unmarshal(j, &obj); err != nil {
		return nil, fmt.Errorf("document is not an object: %w", err)
	}
	return obj, nil
}
