package decide

import (
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/dupkeys"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// checkDuplicateKeys reports, as located errors, every duplicate key in the
// items of the generated kinds, which the function reads (lint, ownership,
// names) and patches. AIBackendSpecs report theirs when decoded, with the
// same wording.
func checkDuplicateKeys(items []*yaml.RNode, res *results) {
	for _, it := range items {
		if meta.Of(it).Role != meta.RoleGenerated {
			continue
		}
		for _, d := range dupkeys.Find(it.YNode()) {
			res.itemError(it, d.Path, "key %q is written twice (line %d and line %d of the input); YAML readers disagree on which copy counts (kubectl and kustomize refuse the file), so nothing was changed: keep one of them", d.Key, d.First, d.Next)
		}
	}
}

// hasDuplicateKeys reports whether n has a key written twice anywhere.
func hasDuplicateKeys(n *yaml.RNode) bool { return len(dupkeys.Find(n.YNode())) > 0 }
