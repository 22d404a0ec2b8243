package importer

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/aigw-dev/aigw-backend/generator"
)

// Multi-region sets. A spec with spec.endpoint.regions generates one full
// set per region, named <name>-<region>, every object annotated with the
// one spec (fn.aigw.dev/spec: <namespace>/<name>). Import first makes one
// spec per AIServiceBackend, so such a set comes back as one spec per
// region; foldRegions then folds them into the one spec with
// endpoint.regions, so that import(generate(spec)) gives back that spec.
//
// Two kinds of groups are folded:
//   - generated objects: every source of each per-region spec carries the
//     ownership annotation of the same spec <ns>/<name>, and each spec is
//     called RegionalName(name, its region) (a single region too, since
//     regions: [us-east-1] is what the annotation says);
//   - hand-written objects: two or more AIServiceBackends named
//     <stem>-<region> whose hostnames are their region's catalog hostname
//     (folded with a note: the generated names are the same, only the
//     ownership changes).
//
// A group is folded only when the folded spec generates exactly the
// objects of its per-region specs (ownership annotation aside), in the
// same order; otherwise each region stays a spec of its own.

// regionPart is one per-region spec and the group it belongs to.
type regionPart struct {
	index  int // in Result.Specs
	region string
}

// regionalGroup returns the folding key of an imported spec ("" for
// none), whether the key comes from the ownership annotation, and the
// spec's region.
func regionalGroup(s *importedSpec) (key string, owned bool, region string) {
	spec := s.Spec
	e := spec.Spec.Endpoint
	if s.Incomplete || e == nil || e.Region == "" || e.Hostname != "" || e.Service != nil || len(e.Regions) > 0 {
		return "", false, ""
	}
	p, ok := generator.LookupProvider(spec.Spec.Provider)
	if !ok || !strings.Contains(p.HostPatternString(), "{region}") {
		return "", false, ""
	}
	ns := nsOf(spec.Metadata.Namespace)
	if s.owner != "" {
		ownerNS, stem, ok := strings.Cut(s.owner, "/")
		if !ok || ownerNS != ns || stem == spec.Metadata.Name || generator.RegionalName(stem, e.Region) != spec.Metadata.Name {
			return "", false, ""
		}
		return s.owner, true, e.Region
	}
	if s.anyOwned {
		return "", false, "" // owned by several specs, or partly hand-written: left as it is
	}
	stem, ok := strings.CutSuffix(spec.Metadata.Name, "-"+e.Region)
	if !ok || stem == "" {
		return "", false, ""
	}
	return ns + "/" + stem, false, e.Region
}

// foldRegions folds the per-region specs of one multi-region set into one
// spec with endpoint.regions (see above).
func (im *importer) foldRegions() {
	groups := map[string][]regionPart{}
	var order []string
	ownedGroup := map[string]bool{}
	for i, s := range im.res.Specs {
		key, owned, region := regionalGroup(s)
		if key == "" {
			continue
		}
		// an owned and a hand-written group could share a key; keep them apart
		if !owned {
			key = "hand-written " + key
		}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], regionPart{index: i, region: region})
		ownedGroup[key] = owned
	}
	drop := map[int]bool{}
	for _, key := range order {
		parts := groups[key]
		owned := ownedGroup[key]
		if !owned && len(parts) < 2 {
			continue // one hand-written regional name is just a name
		}
		folded, ok := im.fold(parts)
		if !ok {
			continue
		}
		first := im.res.Specs[parts[0].index]
		if !owned {
			var names, regions []string
			for _, p := range parts {
				names = append(names, im.res.Specs[p.index].Spec.Metadata.Name)
				regions = append(regions, p.region)
			}
			im.line(sevNote, first.asb, "metadata.name", "AIServiceBackends %s are one backend in regions %s: they come back as one spec %s with endpoint.regions, which generates the same objects under the same names",
				strings.Join(names, ", "), strings.Join(regions, ", "), folded.Spec.Metadata.Name)
		}
		for _, p := range parts[1:] {
			folded.Sources = append(folded.Sources, im.res.Specs[p.index].Sources...)
			drop[p.index] = true
		}
		im.res.Specs[parts[0].index] = folded
	}
	if len(drop) == 0 {
		return
	}
	kept := im.res.Specs[:0]
	for i, s := range im.res.Specs {
		if !drop[i] {
			kept = append(kept, s)
		}
	}
	im.res.Specs = kept
}

// fold returns the one spec of a group when the per-region specs differ in
// their region only and it generates exactly their objects.
func (im *importer) fold(parts []regionPart) (*importedSpec, bool) {
	first := im.res.Specs[parts[0].index].Spec
	stem := strings.TrimSuffix(first.Metadata.Name, "-"+parts[0].region)
	var want []*generator.Object
	var folded *generator.AIBackendSpec
	var regions []string
	seen := map[string]bool{}
	for _, p := range parts {
		part := im.res.Specs[p.index].Spec
		if seen[p.region] {
			return nil, false
		}
		seen[p.region] = true
		out, errs := generator.Generate(part)
		if len(errs) > 0 {
			return nil, false
		}
		want = append(want, out.Objects...)
		norm, err := copySpec(part)
		if err != nil {
			return nil, false
		}
		norm.Metadata.Name, norm.Spec.Endpoint.Region = stem, ""
		switch {
		case folded == nil:
			folded = norm
		case !reflect.DeepEqual(folded, norm):
			return nil, false // the regions differ in more than their region
		}
		regions = append(regions, p.region)
	}
	folded.Spec.Endpoint.Regions = regions
	got, errs := generator.Generate(folded)
	if len(errs) > 0 || !sameObjects(want, got.Objects, generator.SpecID(folded.Metadata.Namespace, stem)) {
		return nil, false
	}
	s := *im.res.Specs[parts[0].index]
	s.Spec = folded
	s.Sources = append([]string(nil), s.Sources...)
	return &s, true
}

// sameObjects compares the objects of the per-region specs with those of
// the folded spec, whose ownership annotation names the folded spec.
func sameObjects(parts, folded []*generator.Object, owner string) bool {
	if len(parts) != len(folded) {
		return false
	}
	for i, o := range parts {
		c := *o
		c.Metadata.Annotations = map[string]string{}
		for k, v := range o.Metadata.Annotations {
			c.Metadata.Annotations[k] = v
		}
		c.Metadata.Annotations[generator.AnnotationSpec] = owner
		a, err1 := json.Marshal(&c)
		b, err2 := json.Marshal(folded[i])
		if err1 != nil || err2 != nil || string(a) != string(b) {
			return false
		}
	}
	return true
}

// copySpec is a deep copy (the spec is plain data with JSON tags).
func copySpec(s *generator.AIBackendSpec) (*generator.AIBackendSpec, error) {
	j, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("copying spec %s: %w", s.Metadata.Name, err)
	}
	out := &generator.AIBackendSpec{}
	if err := json.Unmarshal(j, out); err != nil {
		return nil, fmt.Errorf("copying spec %s: %w", s.Metadata.Name, err)
	}
	return out, nil
}
