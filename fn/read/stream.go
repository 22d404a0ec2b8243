package read

import (
	"bytes"
	"errors"
	"io"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// hasDocMarker reports a line that starts or ends a YAML document ("---"
// or "..." at column 0, alone or followed by a space or tab). At column 0
// such a line cannot belong to an item (items are indented under
// `items:`), so input without one is a single document. (A byte scan, not
// a regular expression: docs/performance.md has the figures.)
func hasDocMarker(input []byte) bool {
	for _, m := range [][]byte{[]byte("---"), []byte("...")} {
		for i := 0; i < len(input); {
			j := bytes.Index(input[i:], m)
			if j < 0 {
				break
			}
			at := i + j
			if (at == 0 || input[at-1] == '\n') && markerEnds(input[at+3:]) {
				return true
			}
			i = at + 1
		}
	}
	return false
}

// markerEnds reports whether what follows a marker ends it: a space, a
// tab, a line break or the end of the input.
func markerEnds(rest []byte) bool {
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' ||
		rest[0] == '\r' && (len(rest) == 1 || rest[1] == '\n')
}

// OneDocument reads stdin as a stream of YAML documents. A function reads
// one ResourceList per run; kpt and kustomize send exactly one. Empty
// documents (`---` alone, comments, `...`) are ignored. It returns the
// input itself when it is one document (doc), else its non-empty
// documents (docs: none, the one left, which the caller re-emits, or
// several, which the caller refuses).
//
// ok is false when the input is not a readable stream; the caller then
// reads it as usual and says what is wrong with it.
func OneDocument(input []byte) (doc []byte, docs []*yaml.Node, ok bool) {
	if !hasDocMarker(input) {
		return input, nil, true
	}
	total := 0
	dec := yaml.NewDecoder(bytes.NewReader(input))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return input, nil, false
		}
		total++
		if !emptyDocument(&n) {
			docs = append(docs, &n)
		}
	}
	if len(docs) == 1 && total == 1 {
		return input, nil, true // one document with a `---` marker
	}
	return nil, docs, true
}

// emptyDocument reports a document with no content (only comments, or null).
func emptyDocument(n *yaml.Node) bool {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return true
		}
		n = n.Content[0]
	}
	return n.Kind == yaml.ScalarNode && n.ShortTag() == yaml.NodeTagNull
}
