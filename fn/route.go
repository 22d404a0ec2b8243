package fn

import (
	"github.com/aigw-dev/aigw-backend/fn/rawlist"
	"github.com/aigw-dev/aigw-backend/internal/jsonyaml"
)

// fastList reads the input the way the fast route takes it, or says it
// cannot (ok=false: the full route reads the input). It only changes how
// bytes are read, never what a run decides: a JSON ResourceList is
// rewritten as the block YAML kyaml reads it as (package jsonyaml), and a
// list without a final line break gets one that changes no value
// (rawlist.Terminate), so that the fast route, which writes after the last
// item, cannot change a block scalar that ends the input. The full route,
// if the fast one gives up, reads the original input, so its messages
// point at the user's own lines.
func fastList(input []byte) (*rawlist.List, bool) {
	if jsonyaml.IsObject(input) {
		b, ok := jsonyaml.ToBlock(input)
		if !ok {
			return nil, false
		}
		input = b
	}
	input, ok := rawlist.Terminate(input)
	if !ok {
		return nil, false
	}
	return rawlist.Parse(input)
}
