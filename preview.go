package main

import (
	"bytes"
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/decide"
	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/fn/write"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// orchestratorAnnotations are stripped from a preview: they only mean
// something inside a kpt/kustomize pipeline.
var orchestratorAnnotations = []string{
	kioutil.PathAnnotation, kioutil.LegacyPathAnnotation,
	kioutil.IndexAnnotation, kioutil.LegacyIndexAnnotation,
	kioutil.IdAnnotation, kioutil.LegacyIdAnnotation,
}

// preview runs the specs found in the given files (each may hold several
// YAML documents) and returns the generated objects as a YAML stream, the
// stderr lines, and the exit code. It is the quick-look CLI mode.
func preview(files []string, inputs map[string][]byte, opt decide.Options) ([]byte, []string, int) {
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
		if decide.BadPackagePath(f) != "" {
			name = fmt.Sprintf("aigw-preview-file-%d.yaml", fi)
			pairs = append(pairs, name, f)
		}
		for i, n := range nodes {
			_ = n.PipeE(yaml.SetAnnotation(kioutil.PathAnnotation, name))
			_ = n.PipeE(yaml.SetAnnotation(kioutil.IndexAnnotation, fmt.Sprint(i)))
			items = append(items, n)
		}
	}
	p, err := decide.Decide(read.FromNodes(items, nil), opt)
	if err != nil {
		return nil, []string{fmt.Sprintf("error: %v", err)}, 1
	}
	// a failed plan includes lint's unknown-field error: it fails a quick look too
	res := write.Finish(nil, p.Results, p.Failed)
	failed := p.Failed
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
	for _, o := range p.Out {
		it := o.Node
		if meta.Of(it).Owner == "" {
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
