package decide

import (
	"path"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// specSource is one AIBackendSpec and where it came from, so that errors
// can name the file and generated objects can be written next to it.
type specSource struct {
	node  *yaml.RNode
	file  string // path of the config file, or "functionConfig" when unknown
	index int
	// dir is the package directory that receives generated objects.
	dir string
}

// Where the function looks for specs.
const (
	modeFunctionConfig = "functionConfig"
	modeInPackage      = "in-package"
)

// isSpecObject reports whether an object claims to be an AIBackendSpec
// (right or wrong version): such objects are decoded and validated rather
// than passed through, so a typo in apiVersion is an error, not silence.
func isSpecObject(n *yaml.RNode) bool { return meta.Of(n).Role == meta.RoleSpec }

// fileOf returns the orchestrator's path and index annotations of an item.
func fileOf(n *yaml.RNode) (string, int) {
	f := fileRefOf(n)
	return f.path, f.index
}

// findSpecs returns the specs to run and the mode. A functionConfig that
// is an AIBackendSpec wins; an absent or empty one (kpt render with no
// config, or a ConfigMap without data) selects every AIBackendSpec item.
// Anything else is an error result: silently ignoring a config the user
// wrote would be worse.
func findSpecs(fnConfig *yaml.RNode, items []*yaml.RNode, res *results) ([]specSource, string) {
	if isEmptyConfig(fnConfig) {
		var specs []specSource
		for _, it := range items {
			if isSpecObject(it) {
				file, idx := fileOf(it)
				specs = append(specs, specSource{node: it, file: orDefault(file, "item"), index: idx, dir: dirOf(file)})
			}
		}
		return specs, modeInPackage
	}
	if isSpecObject(fnConfig) {
		src := specSource{node: fnConfig, file: "functionConfig"}
		if file, idx := fileOf(fnConfig); file != "" {
			src.file, src.index, src.dir = file, idx, dirOf(file)
		}
		// kpt passes a Kptfile's configPath file both as functionConfig and
		// as an item; the item knows the file.
		for _, it := range items {
			if src.file == "functionConfig" && sameID(it, fnConfig) {
				if file, idx := fileOf(it); file != "" {
					src.file, src.index, src.dir = file, idx, dirOf(file)
				}
			}
		}
		return []specSource{src}, modeFunctionConfig
	}
	res.configError(fnConfig, "functionConfig", "unsupported functionConfig (kind %q, apiVersion %q): write an %s (apiVersion: %s), or give none to use the AIBackendSpec objects in the package",
		fnConfig.GetKind(), fnConfig.GetApiVersion(), generator.Kind, generator.APIVersion)
	return nil, modeFunctionConfig
}

func isEmptyConfig(n *yaml.RNode) bool {
	if n == nil || n.YNode() == nil || n.IsNilOrEmpty() {
		return true
	}
	if n.GetKind() == "ConfigMap" && n.GetApiVersion() == "v1" {
		data, _ := n.Pipe(yaml.Lookup("data"))
		return data.IsNilOrEmpty()
	}
	return false
}

func sameID(a, b *yaml.RNode) bool {
	return a.GetKind() == b.GetKind() && a.GetApiVersion() == b.GetApiVersion() &&
		a.GetName() == b.GetName() && a.GetNamespace() == b.GetNamespace()
}

func dirOf(file string) string {
	if file == "" {
		return ""
	}
	d := path.Dir(file)
	if d == "." {
		return ""
	}
	return d
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
