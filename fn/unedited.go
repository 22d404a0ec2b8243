package fn

import "sigs.k8s.io/kustomize/kyaml/yaml"

// neverEdited reports whether apply leaves an item's tree exactly as it
// came in, so the fast path may copy the item's original bytes without
// serializing the tree before and after the run to find out. apply reads
// AIBackendSpecs but never writes to them: patch only touches items of
// roleGenerated (classify.go), and pruning drops items without editing them.
// Skipping the two serializations per spec is a sixth of a run with 1 000
// in-package specs; safeApply also keeps such items instead of copying them
// for its panic fallback (a fifth of the run's allocations).
// TestApplyNeverEditsSpecs holds apply to it.
func neverEdited(n *yaml.RNode) bool {
	return nodeRole(n) == roleSpec
}
