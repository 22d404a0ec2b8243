// Package importer turns hand-written Envoy AI Gateway backend objects
// (Backend, AIServiceBackend, BackendTLSPolicy, BackendSecurityPolicy) into
// the AIBackendSpecs that regenerate them: `aigw-backend import FILE...`.
//
// Objects are grouped by their references (AIServiceBackend -> Backend ->
// BackendTLSPolicy; BackendSecurityPolicy -> AIServiceBackend), one spec
// per AIServiceBackend, except that the per-region sets of one
// multi-region backend fold back into one spec with endpoint.regions
// (regions.go). Where upstream would reject or misread an object
// (a Service backendRef, `version` used as an OpenAI path, a v1alpha3
// BackendTLSPolicy, credentials in another region than the endpoint...),
// the spec says what was meant and a `corrected:` line says what changed,
// with the file, the object and the field path. The rules that detect
// these problems are package lint's, shared with the function's warnings.
//
// Data flows one way: importer -> generator (every spec is checked by
// generating it) and importer -> lint; neither imports this package.
package importer

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/dupkeys"
	"github.com/aigw-dev/aigw-backend/internal/meta"
	"github.com/aigw-dev/aigw-backend/internal/plainwords"
	"github.com/aigw-dev/aigw-backend/internal/redact"
	"github.com/aigw-dev/aigw-backend/lint"
)

// Input is one file given to import.
type Input struct {
	File string
	Data []byte
}

// Severity of a report line.
const (
	sevCorrected = "corrected" // the spec differs from the object on purpose
	sevNote      = "note"      // nothing lost, but worth knowing (skipped kinds, renames, splits)
	sevWarning   = "warning"   // imported as written, but probably wrong
	sevError     = "error"     // not imported, or not without loss
)

// line is one stderr line: what happened to which field of which object.
type line struct {
	Severity string
	File     string
	// Object is "Kind namespace/name" ("" for a whole file).
	Object  string
	Path    string
	Message string
}

// String renders the line; it passes through the redaction policy, like
// every channel of the project.
func (l line) String() string { return redact.String(plainwords.Rewrite(l.text())) }

func (l line) text() string {
	s := l.Severity + ": "
	if l.File != "" {
		s += l.File + ": "
	}
	if l.Object != "" {
		s += l.Object + ": "
	}
	if l.Path != "" {
		s += l.Path + ": "
	}
	return s + l.Message
}

// importedSpec is one imported AIBackendSpec and the objects it came from.
type importedSpec struct {
	Spec    *generator.AIBackendSpec
	Sources []string // "FILE: Kind ns/name"
	// Incomplete: some of the objects could not be carried into the spec
	// (each is named by an error line); the spec is printed all the same
	// so the user can finish it.
	Incomplete bool
	// Lost names what could not be carried ("Kind ns/name field"); an
	// incomplete spec carries it in generator.AnnotationImportIncomplete.
	Lost []string

	// owner is the ownership annotation (fn.aigw.dev/spec) every source
	// carries, "" when they do not all carry the same one; anyOwned says
	// some source carries one. Multi-region sets are folded by them.
	owner    string
	anyOwned bool
	asb      *object
}

// Result is everything one import produced.
type Result struct {
	Specs []*importedSpec
	Lines []line
	// Failed is true when some backend object could not be imported (or
	// not without loss); each is named by an error line.
	Failed bool
}

// object is one input object.
type object struct {
	lint.Object
	owner string // the ownership annotation ("" for a hand-written object)
	file  string
	index int // position in the whole input (for lint findings)
	used  bool
}

func (o *object) src() string { return o.file + ": " + o.ID() }

// importer holds the state of one run.
type importer struct {
	objs []*object
	res  *Result
	// findings per object, by rule
	findings map[*object][]lint.Finding
	// refused are the files not read (duplicate keys): an object that may
	// be in them is not called missing
	refused []string
}

// Options are what import cannot read from its files: the command line's
// choices and the environment's, read by main.
type Options struct {
	// AIGatewayVersion is the target AI Gateway release for lint's rules
	// (main reads lint.EnvAIGatewayVersion).
	AIGatewayVersion string
	// For is the tool the specs are written for: "" (only the local-config
	// annotation, which both need), ForKustomize or ForKpt.
	For string
	// Exec or Image is how kustomize runs the function (ForKustomize only);
	// with neither, the bare name aigw-backend (looked up on PATH).
	Exec, Image string
}

// importFiles reads every input and returns the specs and the report.
func importFiles(inputs []Input, opt Options) *Result {
	im := &importer{res: &Result{}, findings: map[*object][]lint.Finding{}}
	im.read(inputs)
	lobjs := make([]lint.Object, len(im.objs))
	for i, o := range im.objs {
		lobjs[i] = o.Object
	}
	for _, f := range lint.Check(lobjs, lint.Options{AIGatewayVersion: opt.AIGatewayVersion}) {
		o := im.objs[f.Object]
		im.findings[o] = append(im.findings[o], f)
	}
	im.applyLint()
	for _, o := range im.objs {
		if o.Kind == lint.KindAIServiceBackend {
			im.importBackend(o)
		}
	}
	im.foldRegions()
	for _, s := range im.res.Specs {
		im.markIncomplete(s)
	}
	im.leftovers()
	for _, o := range im.objs {
		if o.Kind == lint.KindSecret {
			for _, f := range im.findings[o] {
				im.line(sevWarning, o, f.Path, "%s", f.Message)
			}
		}
	}
	return im.res
}

func (im *importer) line(sev string, o *object, path, format string, args ...any) {
	l := line{Severity: sev, Path: path, Message: fmt.Sprintf(format, args...)}
	if o != nil {
		l.File, l.Object = o.file, o.ID()
	}
	if sev == sevError {
		im.res.Failed = true
	}
	// an object shared by several specs (one Backend behind two
	// AIServiceBackends) is corrected once, so it is reported once
	for _, prev := range im.res.Lines {
		if prev == l {
			return
		}
	}
	im.res.Lines = append(im.res.Lines, l)
}

// finding returns the lint finding of a rule on an object, if any.
func (im *importer) finding(o *object, rule string) (lint.Finding, bool) {
	for _, f := range im.findings[o] {
		if f.Rule == rule {
			return f, true
		}
	}
	return lint.Finding{}, false
}

// read parses every file; objects of other kinds are skipped with a note.
func (im *importer) read(inputs []Input) {
	for _, in := range inputs {
		if im.duplicateKeys(in) {
			continue
		}
		nodes, err := (&kio.ByteReader{Reader: bytes.NewReader(in.Data), OmitReaderAnnotations: true}).Read()
		if err != nil {
			im.res.Lines = append(im.res.Lines, line{Severity: sevError, File: in.File, Message: fmt.Sprintf("not valid YAML, nothing imported from it: %v", err)})
			im.res.Failed = true
			continue
		}
		for i, n := range nodes {
			m := meta.Of(n) // the function's one reading of an item's identity
			apiVersion, kind, name := m.APIVersion, m.Kind, m.Name
			id := fmt.Sprintf("%s %s (document %d)", orWord(kind, "object without kind"), name, i+1)
			if !lint.Reads(apiVersion, kind) {
				im.res.Lines = append(im.res.Lines, line{Severity: sevNote, File: in.File, Object: strings.TrimSpace(id),
					Message: "skipped: not an AI Gateway backend object (import reads Backend, AIServiceBackend, BackendTLSPolicy and BackendSecurityPolicy)"})
				continue
			}
			obj, ok := lint.Decode(n, apiVersion, kind)
			if !ok {
				im.res.Lines = append(im.res.Lines, line{Severity: sevError, File: in.File, Object: id, Message: "cannot be read as an object (a map of fields); not imported"})
				im.res.Failed = true
				continue
			}
			body := obj.Body
			o := &object{file: in.File, index: len(im.objs), Object: obj, owner: m.Owner}
			if prev := im.get(kind, o.Namespace, o.Name); prev != nil {
				if reflect.DeepEqual(prev.Body, body) {
					im.res.Lines = append(im.res.Lines, line{Severity: sevNote, File: in.File, Object: o.ID(), Message: "skipped: the same object is in " + prev.file})
				} else {
					im.res.Lines = append(im.res.Lines, line{Severity: sevError, File: in.File, Object: o.ID(), Message: "not imported: " + prev.file + " defines another object with this kind, namespace and name (import the two files separately)"})
					im.res.Failed = true
				}
				continue
			}
			if kind == lint.KindSecret {
				o.used = true // read for the Secret-key rule only, never imported
				im.res.Lines = append(im.res.Lines, line{Severity: sevNote, File: in.File, Object: o.ID(),
					Message: "skipped: Secrets stay as they are (the spec references them by name); checked for the key its policy reads"})
			}
			im.objs = append(im.objs, o)
		}
	}
}

// duplicateKeys reports every key written twice in a file, with both
// lines (YAML readers disagree on which copy counts, so import does not
// pick one), and says whether the file is refused for it. A refused file
// is named as such: the objects in it are never called missing.
func (im *importer) duplicateKeys(in Input) bool {
	dec := yaml.NewDecoder(bytes.NewReader(in.Data))
	refused := false
	for doc := 1; ; doc++ {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			break // the end, or YAML that the reader below reports
		}
		for _, d := range dupkeys.Find(&n) {
			refused = true
			im.res.Lines = append(im.res.Lines, line{Severity: sevError, File: in.File, Object: fmt.Sprintf("document %d", doc), Path: d.Path,
				Message: fmt.Sprintf("key %q is written twice (line %d and line %d); YAML readers disagree on which copy counts, so nothing is imported from this file: keep one and import it again", d.Key, d.First, d.Next)})
		}
	}
	if refused {
		im.res.Failed = true
		im.refused = append(im.refused, in.File)
	}
	return refused
}

func (im *importer) get(kind, ns, name string) *object {
	for _, o := range im.objs {
		if o.Kind == kind && nsOf(o.Namespace) == nsOf(ns) && o.Name == name {
			return o
		}
	}
	return nil
}

// leftovers names every backend object no spec took.
func (im *importer) leftovers() {
	for _, o := range im.objs {
		if o.used {
			continue
		}
		why := "no AIServiceBackend in the input uses it; give the file that holds its AIServiceBackend to the same import"
		switch o.Kind {
		case lint.KindBackendTLSPolicy:
			why = "it targets no Backend that an imported AIServiceBackend uses; give the files of that Backend and AIServiceBackend to the same import"
		case lint.KindBackendSecurityPolicy:
			why = "it targets no AIServiceBackend in the input; give the file of that AIServiceBackend to the same import"
		}
		if o.Kind == lint.KindBackend {
			for i, e := range lint.List(o.Body, "spec", "endpoints") {
				if m, _ := e.(map[string]any); lint.Map(m, "fqdn") == nil {
					why += fmt.Sprintf("; also, spec.endpoints[%d] is not an fqdn endpoint, which an AIBackendSpec cannot express (write the server's DNS name)", i)
				}
			}
		}
		im.line(sevError, o, "", "not imported: %s", why)
	}
}

func nsOf(ns string) string {
	if ns == "" {
		return generator.DefaultNamespace
	}
	return ns
}

func orWord(s, w string) string {
	if s == "" {
		return w
	}
	return s
}
