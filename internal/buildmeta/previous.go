package buildmeta

import "strings"

// ID is one earlier identity of an object in a kustomize build.
type ID struct {
	// Name and Kind are as kustomize recorded them.
	Name, Kind string
	// Namespace is kustomize's effective namespace: "default" for an
	// object that had none, "_non_namespaceable_" for a cluster-scoped one.
	Namespace string
}

// previousSpellings are the two key sets kustomize has written, newest
// first: the three keys of one set are written together, so they are read
// together.
var previousSpellings = [][3]string{
	{PreviousNames, PreviousNamespaces, PreviousKinds},
	{LegacyPreviousNames, LegacyPreviousNamespaces, LegacyPreviousKinds},
}

// PreviousIDs returns the identities an object had earlier in a kustomize
// build, oldest first, read from its annotations; nil when it has none.
// namespace and kind are the object's current ones: an empty entry in the
// namespace or kind list (kustomize always writes one; a hand-written
// annotation may not) means it did not change.
//
// It reads what kustomize writes and the way kustomize reads it back
// (api/resource/resource.go StorePreviousId/setPreviousId append the
// current name, effective namespace and kind, each to its own
// comma-separated list; api/internal/utils/annotations.go PrevIds reads
// them): the previousNames key decides whether there are any, the three
// lists are split on "," without trimming and are parallel, one entry per
// rename. Lists of different lengths are malformed (kustomize refuses them):
// no identity is read from them. kustomize v5 writes the
// internal.config.kubernetes.io/ keys, earlier releases the
// config.kubernetes.io/ ones; the newer set wins when both are present,
// and the sets are never mixed.
func PreviousIDs(annotations map[string]string, namespace, kind string) []ID {
	for _, keys := range previousSpellings {
		names, ok := annotations[keys[0]]
		if !ok {
			continue
		}
		ns := strings.Split(annotations[keys[1]], ",")
		kinds := strings.Split(annotations[keys[2]], ",")
		ids := strings.Split(names, ",")
		if len(ns) != len(ids) || len(kinds) != len(ids) {
			return nil
		}
		out := make([]ID, len(ids))
		for i := range ids {
			out[i] = ID{Name: ids[i], Namespace: or(ns[i], namespace), Kind: or(kinds[i], kind)}
		}
		return out
	}
	return nil
}

func or(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}
