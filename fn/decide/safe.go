package decide

import (
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// safeApply is apply with a last line of defence: a bug must never cost the
// user their items, so a panic becomes an error result over unchanged items
// (panicked). Items are copied first because apply may have half-patched
// them — unless the caller has the input bytes of every item and writes
// those when the run failed (haveBytes), then o.orig is items itself.
func safeApply(fnConfig *yaml.RNode, items []*yaml.RNode, others []fileRef, asWritten map[objKey]bool, pre *generated, haveBytes bool) (o *outcome) {
	orig := items
	if !haveBytes {
		orig = make([]*yaml.RNode, len(items))
		for i, it := range items {
			if meta.Of(it).Role == meta.RoleSpec {
				orig[i] = it // apply never writes to a spec: no copy needed
				continue
			}
			orig[i] = it.Copy()
		}
	}
	defer func() {
		if r := recover(); r != nil {
			o = &outcome{items: orig, orig: orig, failed: true, panicked: true, results: sdk.Results{{Severity: sdk.Error,
				Message: fmt.Sprintf("internal error (please report it with your input): %v", r)}}}
		}
	}()
	o = apply(fnConfig, items, others, asWritten, pre)
	o.orig = orig
	return o
}

// hasError reports whether res holds an error.
func hasError(res sdk.Results) bool {
	for _, r := range res {
		if r.Severity == sdk.Error {
			return true
		}
	}
	return false
}
