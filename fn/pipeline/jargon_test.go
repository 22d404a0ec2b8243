package pipeline

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// jargonRE matches the YAML libraries' vocabulary: node kinds by number or
// name, tags, kyaml's internal types.
var jargonRE = regexp.MustCompile(`node kind|Node Kind|\b(Document|Mapping|Sequence|Scalar|Alias)Node\b|Variant|!!(map|seq|str|int|bool|null)`)

// TestNoParserJargon: malformed inputs of every shape get messages in the
// user's words, on stderr and in results.
func TestNoParserJargon(t *testing.T) {
	const rl = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n"
	for name, in := range map[string]string{
		"empty first document, then a scalar": "---\n---\nhello\n",
		"a list at the top":                   "- a\n- b\n",
		"a scalar at the top":                 "hello\n",
		"items is a map":                      rl + "items: {a: b}\n",
		"items is a scalar":                   rl + "items: x\n",
		"functionConfig is a list":            rl + "items: []\nfunctionConfig: [a]\n",
		"an item that is a list":              rl + "items:\n- [a, b]\n",
		"an alias to a scalar item":           rl + "items:\n- &a x\n- *a\n",
		"spec metadata is a scalar":           rl + "items: []\nfunctionConfig: {apiVersion: fn.aigw.dev/v1alpha1, kind: AIBackendSpec, metadata: x, spec: {provider: openai}}\n",
		"spec is a list":                      rl + "items: []\nfunctionConfig: {apiVersion: fn.aigw.dev/v1alpha1, kind: AIBackendSpec, metadata: {name: x}, spec: [a]}\n",
		"a Backend whose spec is a list":      rl + "items:\n- {apiVersion: gateway.envoyproxy.io/v1alpha1, kind: Backend, metadata: {name: x}, spec: [a]}\nfunctionConfig: {apiVersion: fn.aigw.dev/v1alpha1, kind: AIBackendSpec, metadata: {name: x}, spec: {provider: openai, auth: {secretRef: {name: k}}}}\n",
	} {
		t.Run(name, func(t *testing.T) {
			out := Run([]byte(in))
			assert.Equal(t, 1, out.ExitCode, "%s", out.ResourceList)
			all := strings.Join(out.Stderr, "\n")
			assert.NotRegexp(t, jargonRE, all)
			i := strings.Index(string(out.ResourceList), "results:")
			assert.GreaterOrEqual(t, i, 0, "%s", out.ResourceList)
			assert.NotRegexp(t, jargonRE, string(out.ResourceList[max(i, 0):]))
		})
	}
}
