package fn

import (
	"bytes"
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
)

// orchestratorAnnotations are stripped from a preview: they only mean
// something inside a kpt/kustomize pipeline.
var orchestratorAnnotations = []string{
	kioutil.PathAnnotation, kioutil.LegacyPathAnnotation,
	kioutil.IndexAnnotation, kioutil.LegacyIndexAnnotation,
	kioutil.IdAnnotation, kioutil.LegacyIdAnnotation,
}

// Preview runs the specs found in the given files (each may hold several
// YAML documents) and returns the generated objects as a YAML stream, the
// stderr lines, and the exit code. It is the quick-look CLI mode.
func Preview(files []string, inputs map[string][]byte, opt Options) ([]byte, []string, int) {
	var items []*yaml.RNode
	// A file named on the command line may be anywhere (an absolute path,
	// "../x.yaml"), which apply refuses for a spec inside a package: such a
	// file gets a stand-in name that messages turn back into the real one.
	var pairs []string
	for fi, f := range files {
		nodes, err := (&kio.ByteReader{Reader: bytes.NewReader(inputs[f]), OmitReaderAnnotations: true}).Read()
		if err != nil {
			return nil, []string{fmt.Sprintf("error: %s: not valid YAML: %v", f, err)}, 1
		}
		name := f
		if badPackagePath(f) != "" {
			name = fmt.Sprintf("aigw-preview-file-%d.yaml", fi)
			pairs = append(pairs, name, f)
		}
		for i, n := range nodes {
			_ = n.PipeE(yaml.SetAnnotation(kioutil.PathAnnotation, name))
			_ = n.PipeE(yaml.SetAnnotation(kioutil.IndexAnnotation, fmt.Sprint(i)))
			items = append(items, n)
		}
	}
	o := apply(nil, items, nil, opt)
	failed := o.failed || hasError(o.results) // lint's unknown-field error fails a quick look too
	res := finish(nil, o.results, failed)
	if len(pairs) > 0 {
		standIn := strings.NewReplacer(pairs...)
		for i, l := range res.Stderr {
			res.Stderr[i] = standIn.Replace(l)
		}
	}
	if failed {
		return nil, res.Stderr, 1
	}
	var generated []*yaml.RNode
	for _, it := range o.items {
		if annotations(it)[generator.AnnotationSpec] == "" {
			continue
		}
		for _, a := range orchestratorAnnotations {
			_ = it.PipeE(yaml.ClearAnnotation(a))
		}
		generated = append(generated, it)
	}
	if len(generated) == 0 {
		return nil, append(res.Stderr, "error: no AIBackendSpec found in "+fmt.Sprint(files)), 1
	}
	var buf bytes.Buffer
	if err := (kio.ByteWriter{Writer: &buf}).Write(generated); err != nil {
		return nil, []string{fmt.Sprintf("error: writing output: %v", err)}, 1
	}
	return buf.Bytes(), res.Stderr, 0
}
