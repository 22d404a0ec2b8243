package importer

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/redact"
)

// keepCredentialsOut makes sure import never writes a credential it found
// (an Authorization or x-api-key header value, an api_key body field, a
// key-shaped annotation...) into the spec it prints: the value would land
// in the user's file and terminal, and the function would refuse the spec
// anyway. Each such field is left out with a located error line that says
// how to move the value; a credential header becomes spec.auth.secretRef
// naming a Secret to create. The spec is then incomplete (marked, see
// markIncomplete). The policy for what counts is package redact's.
func (im *importer) keepCredentialsOut(s *importedSpec) {
	sp := s.Spec
	secret := sp.Metadata.Name + "-api-key"
	ns := orWord(sp.Metadata.Namespace, generator.DefaultNamespace)
	lose := func(path, msg string, args ...any) {
		s.Incomplete = true
		s.Lost = append(s.Lost, "credential at "+path)
		im.line(sevError, s.asb, path, msg, args...)
	}
	if redact.Contains(sp.Metadata.Name) {
		sp.Metadata.Name = fmt.Sprintf("imported-%d", len(im.res.Specs))
		secret = sp.Metadata.Name + "-api-key"
		lose("metadata.name", "the AIServiceBackend's name looks like a credential (not shown) and is not copied: the spec is named %s; give it the backend's name", sp.Metadata.Name)
	}
	if redact.Contains(sp.Metadata.Namespace) {
		sp.Metadata.Namespace = ""
		ns = generator.DefaultNamespace
		lose("metadata.namespace", "the AIServiceBackend's namespace looks like a credential (not shown) and is not copied; write the namespace the backend objects go to")
	}
	create := fmt.Sprintf("kubectl create secret generic %s -n %s --from-literal=apiKey=<the key>", secret, ns)

	if hm := sp.Spec.HeaderMutation; hm != nil {
		kept := hm.Set[:0]
		for i, h := range hm.Set {
			path := fmt.Sprintf("spec.headerMutation.set[%d].value", i)
			switch {
			case !redact.Contains(h.Value) && !redact.Contains(h.Name):
				kept = append(kept, h)
			case generator.APIKeyHeader(h.Name) && sp.Spec.Auth == nil:
				sp.Spec.Auth = &generator.Auth{SecretRef: &generator.SecretRef{Name: secret}}
				lose(path, "header %s carries a credential (not shown), which is not copied into the spec: spec.auth.secretRef now names the Secret %s; create it with `%s` (the key without any \"Bearer \"), and AI Gateway sends it for you", h.Name, secret, create)
			default:
				lose(path, "header %s carries a credential (not shown), which is not copied into the spec: move the value into a Secret (`%s`) and reference it from spec.auth, or have a trusted filter set the header", headerName(h.Name), create)
			}
		}
		hm.Set = kept
		if len(hm.Set) == 0 && len(hm.Remove) == 0 {
			sp.Spec.HeaderMutation = nil
		}
	}
	if bm := sp.Spec.BodyMutation; bm != nil {
		kept := bm.Set[:0]
		for i, f := range bm.Set {
			if redact.Contains(f.Value) || redact.Contains(f.Path) {
				lose(fmt.Sprintf("spec.bodyMutation.set[%d].value", i), "body field carries a credential (not shown), which is not copied into the spec: put the key in a Secret (`%s`) and reference it from spec.auth.secretRef; AI Gateway adds it to each request", create)
				continue
			}
			kept = append(kept, f)
		}
		bm.Set = kept
		if len(bm.Set) == 0 && len(bm.Remove) == 0 {
			sp.Spec.BodyMutation = nil
		}
	}
	for _, m := range []struct {
		path string
		m    map[string]string
	}{{"metadata.annotations", sp.Metadata.Annotations}, {"metadata.labels", sp.Metadata.Labels}, {"spec.annotations", sp.Spec.Annotations}, {"spec.labels", sp.Spec.Labels}} {
		for _, k := range slices.Sorted(maps.Keys(m.m)) {
			if redact.Contains(k) || redact.Contains(m.m[k]) {
				delete(m.m, k)
				lose(m.path, "an entry carries a credential (not shown) and is not copied into the spec: keep credentials in Secrets (`%s`), never in annotations or labels", create)
			}
		}
	}
	// every other string field: names must not be known key shapes, any
	// other value must not hold a credential
	walkStrings(reflect.ValueOf(&sp.Spec).Elem(), "spec", func(path string, v reflect.Value) {
		val := v.String()
		if val == "" {
			return
		}
		if redact.Contains(val) {
			v.SetString("")
			lose(path, "looks like a credential (not shown) and is not copied into the spec: put it in a Secret (`%s`) and write the Secret's name where a reference is expected", create)
		}
	})
}

// headerName is a header name for a message, or a phrase when the name
// itself is key-shaped.
func headerName(n string) string {
	if redact.Contains(n) {
		return "(name not shown)"
	}
	return n
}

// walkStrings calls f with every settable string field under v (maps are
// handled by the caller), with its field path.
func walkStrings(v reflect.Value, path string, f func(string, reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), path, f)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			walkStrings(v.Field(i), path+"."+name, f)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkStrings(v.Index(i), fmt.Sprintf("%s[%d]", path, i), f)
		}
	case reflect.String:
		if v.CanSet() {
			f(path, v)
		}
	}
}

// markIncomplete puts generator.AnnotationImportIncomplete on a spec that
// does not regenerate what was imported, naming what was lost: the
// function refuses such a spec until a person removes the mark.
func (im *importer) markIncomplete(s *importedSpec) {
	if !s.Incomplete {
		return
	}
	im.line(sevError, s.asb, "metadata.annotations", "the printed spec %s does not regenerate these objects, so it carries the annotation %s naming what was lost; the function refuses it until you finish the spec and remove that annotation",
		redact.Name(s.Spec.Metadata.Name), generator.AnnotationImportIncomplete)
	lost := append([]string(nil), s.Lost...)
	sort.Strings(lost)
	lost = compactStrings(lost)
	if len(lost) == 0 {
		lost = []string{"see import's error lines"}
	}
	if s.Spec.Metadata.Annotations == nil {
		s.Spec.Metadata.Annotations = map[string]string{}
	}
	s.Spec.Metadata.Annotations[generator.AnnotationImportIncomplete] = redact.String(strings.Join(lost, "; "))
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// missingHint ends a "not in the input" message: the object may be in a
// file import refused to read.
func (im *importer) missingHint() string {
	if len(im.refused) > 0 {
		return fmt.Sprintf(" as read: it may be in %s, which was not read (a key written twice, see above); fix that file and import again", strings.Join(im.refused, ", "))
	}
	return "; give its file to the same import"
}
