package decide

import (
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"

	"github.com/aigw-dev/aigw-backend/generator"
)

// checkClashes refuses two specs that would generate the same object. With
// spec.endpoint.regions a spec "bedrock" generates Backend
// "bedrock-us-east-1", which is also the Backend of a spec named
// "bedrock-us-east-1": emitting both would duplicate the object, and each
// spec would prune the other's on the next run.
func checkClashes(plans []*plan, res *results) {
	first := map[objKey]*plan{}
	for _, p := range plans {
		for _, k := range p.keys {
			other, seen := first[k]
			if !seen {
				first[k] = p
				continue
			}
			if other == p {
				continue
			}
			res.fieldError(p.src, sdk.Error, generator.FieldError{Path: "metadata.name", Value: p.src.node.GetName(),
				Message: fmt.Sprintf("AIBackendSpec %s would generate %s, which AIBackendSpec %s (%s) also generates (with spec.endpoint.regions a spec's objects are named <name>-<region>); rename one of the specs", p.id, k, other.id, other.src.file)})
			break // one error per spec pair is enough
		}
	}
}
