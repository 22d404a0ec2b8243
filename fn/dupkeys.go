package fn

import (
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// maxDuplicateReports bounds the duplicate keys reported for one item.
const maxDuplicateReports = 10

// duplicate is a key written twice in one mapping.
type duplicate struct {
	path        string // field path of the key, e.g. spec.endpoints
	key         string
	first, next int // lines of the two copies
}

// duplicateKeys lists the keys written twice in any mapping of n (aliases
// are not followed: their target is checked where it is written). YAML
// readers disagree about such a key — go-yaml and the API machinery refuse
// it, kyaml's getters take the first copy, JSON-style decoders the last —
// so an item the function reads or patches must not have one: patching
// one copy would leave the other to whichever reader takes it.
func duplicateKeys(n *yaml.Node) []duplicate {
	var out []duplicate
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		if n == nil || len(out) >= maxDuplicateReports {
			return
		}
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			seen := make(map[string]int, len(n.Content)/2)
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				p := joinField(path, k.Value)
				if line, dup := seen[k.Value]; dup && k.Value != "<<" {
					out = append(out, duplicate{path: p, key: k.Value, first: line, next: k.Line})
				} else {
					seen[k.Value] = k.Line
				}
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(n, "")
	return out
}

func joinField(path, key string) string {
	if path == "" {
		return key
	}
	if strings.ContainsAny(key, ".[] ") {
		return fmt.Sprintf("%s[%q]", path, key)
	}
	return path + "." + key
}

// checkDuplicateKeys reports, as located errors, every duplicate key in the
// items of the generated kinds, which the function reads (lint, ownership,
// names) and patches. AIBackendSpecs report theirs when decoded, with the
// same wording.
func checkDuplicateKeys(items []*yaml.RNode, res *results) {
	for _, it := range items {
		if nodeRole(it) != roleGenerated {
			continue
		}
		for _, d := range duplicateKeys(it.YNode()) {
			res.itemError(it, d.path, "key %q is written twice (line %d and line %d of the input); YAML readers disagree on which copy counts (kubectl and kustomize refuse the file), so nothing was changed: keep one of them", d.key, d.first, d.next)
		}
	}
}

// hasDuplicateKeys reports whether n has a key written twice anywhere.
func hasDuplicateKeys(n *yaml.RNode) bool { return len(duplicateKeys(n.YNode())) > 0 }
