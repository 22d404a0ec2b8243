package plainwords

import (
	"regexp"
	"strings"
	"sync"
)

// jargon maps the YAML parsers' vocabulary (node kinds by number or name,
// tags) to words a user of kustomize or kpt knows.
var jargon = strings.NewReplacer(
	"failed to parse input bytes: failed to extract objects: ", "",
	"failed to parse input bytes: ", "",
	"wrong node kind: ", "wrong shape: ",
	"wrong Node Kind for ", "wrong shape for ",
	"unhandled node kind 1", "an empty YAML document",
	"unhandled node kind 2", "a list where a map was expected",
	"unhandled node kind 4", "a map where a different value was expected",
	"unhandled node kind 8", "a single value or an empty YAML document where a map was expected",
	"unhandled node kind 16", "an alias where a map was expected",
	"DocumentNode", "YAML document",
	"MappingNode", "map",
	"SequenceNode", "list",
	"ScalarNode", "single value",
	"AliasNode", "alias",
	"!!map", "map",
	"!!seq", "list",
	"!!str", "string",
	"!!int", "integer",
	"!!bool", "boolean",
	"!!float", "number",
	"!!null", "null",
)

// Rewrite returns msg in the user's words.
func Rewrite(msg string) string {
	if !strings.Contains(msg, "node kind") && !strings.Contains(msg, "Node") && !strings.Contains(msg, "!!") &&
		!strings.Contains(msg, "failed to") && !strings.Contains(msg, "Variant") {
		return msg
	}
	msg = variantRE().ReplaceAllStringFunc(msg, func(m string) string {
		sub := variantRE().FindStringSubmatch(m)
		return sub[1] + " is " + variantWords[strings.ToLower(sub[2])] + ", not what is expected there"
	})
	msg = jargon.Replace(msg)
	return nodeKindRE().ReplaceAllString(msg, "an unexpected YAML value")
}

var (
	nodeKindRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`unhandled node kind \d+`) })
	// the SDK's "failed when tried to get items: incorrect type, was *internal.MapVariant"
	variantRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`failed when tried to get (\w+): incorrect type, was \*internal\.(\w+)Variant`)
	})
	variantWords = map[string]string{"map": "a map", "slice": "a list", "scalar": "a single value"}
)
