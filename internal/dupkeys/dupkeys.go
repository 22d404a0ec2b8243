package dupkeys

import (
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Max bounds the duplicates reported for one tree.
const Max = 10

// Duplicate is a key written twice in one mapping.
type Duplicate struct {
	Path        string // field path of the key, e.g. spec.endpoints
	Key         string
	First, Next int // lines of the two copies
}

// Find lists the keys written twice in any mapping of n. Aliases are not
// followed (their target is checked where it is written); merge keys
// (<<) may repeat.
func Find(n *yaml.Node) []Duplicate {
	var out []Duplicate
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		if n == nil || len(out) >= Max {
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
				p := join(path, k.Value)
				if line, dup := seen[k.Value]; dup && k.Value != "<<" {
					out = append(out, Duplicate{Path: p, Key: k.Value, First: line, Next: k.Line})
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

func join(path, key string) string {
	if path == "" {
		return key
	}
	if strings.ContainsAny(key, ".[] ") {
		return fmt.Sprintf("%s[%q]", path, key)
	}
	return path + "." + key
}
