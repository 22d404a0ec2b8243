package buildmeta

// LocalConfig marks configuration for the tools (specs, function configs)
// that kpt and kustomize never send to the cluster.
const LocalConfig = "config.kubernetes.io/local-config"

// The names, namespaces and kinds an object had before a kustomize
// transformer renamed it (comma-separated, one entry per rename, oldest
// first). kustomize writes the internal spelling; a function may also see
// the legacy one.
const (
	PreviousNames      = "internal.config.kubernetes.io/previousNames"
	PreviousNamespaces = "internal.config.kubernetes.io/previousNamespaces"
	PreviousKinds      = "internal.config.kubernetes.io/previousKinds"

	LegacyPreviousNames      = "config.kubernetes.io/previousNames"
	LegacyPreviousNamespaces = "config.kubernetes.io/previousNamespaces"
	LegacyPreviousKinds      = "config.kubernetes.io/previousKinds"
)

// CheckKind is the kind of the whole-build check's functionConfig
// (AIBackendCheck, in the spec's group): an item of this kind in a package
// is configuration for the check, never a spec.
const CheckKind = "AIBackendCheck"
