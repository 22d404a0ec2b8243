package buildmeta

// IsLocalConfig reports whether an object with these annotations is
// configuration for the tools, never sent to the cluster: it carries
// LocalConfig with any value except "false" — "true", "TRUE", "yes", even
// "" count.
//
// This is the rule of the tool that decides what a build outputs:
// kustomize's resource Factory.DropLocalNodes (api/resource/factory.go)
// keeps an object only when the annotation is absent or exactly "false".
// The other readers are looser or stricter, never safer to follow: kyaml's
// kio/filters/local.go and kpt live (cli-utils' FilterLocalConfig) drop an
// object whatever the value, even "false"; the KRM functions SDK's
// KubeObject.IsLocalConfig (go/fn/object.go) treats "" like absent; some
// catalog functions want exactly "true". So an object this function counts
// as local is left out by kustomize and by kpt live alike, and one it counts
// as deployed is deployed by kustomize.
func IsLocalConfig(annotations map[string]string) bool {
	v, ok := annotations[LocalConfig]
	return ok && v != "false"
}
