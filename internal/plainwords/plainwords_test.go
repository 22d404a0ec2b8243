package plainwords

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRewrite(t *testing.T) {
	for in, want := range map[string]string{
		"input is not a ResourceList: failed to parse input bytes: failed to extract objects: unhandled node kind 8": "input is not a ResourceList: a single value or an empty YAML document where a map was expected",
		"failed to parse input bytes: failed to extract objects: unhandled node kind 2":                              "a list where a map was expected",
		"wrong node kind: expected MappingNode but got SequenceNode":                                                 "wrong shape: expected map but got list",
		"failed when tried to get items: incorrect type, was *internal.MapVariant":                                   "items is a map, not what is expected there",
		"unhandled node kind 32":                 "an unexpected YAML value",
		"must be between 1 and 65535, got 70000": "must be between 1 and 65535, got 70000",
	} {
		assert.Equal(t, want, Rewrite(in), in)
	}
}
