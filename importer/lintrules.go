package importer

import "github.com/aigw-dev/aigw-backend/lint"

// legacyFields are fields no pinned CRD defines that import translates
// itself, each with a correction line of its own (a policy named by an
// AIServiceBackend before v0.3, a request timeout on the backend), so they
// are not pruned with the other unknown fields.
var legacyFields = map[string][]string{
	lint.KindAIServiceBackend: {"spec.backendSecurityPolicyRef", "spec.timeouts"},
}

// warnedRules are the lint rules import cannot correct (the fix needs a
// fact the objects do not hold: an API key, the api-version, a release to
// upgrade to): the finding is printed as a warning and the object is
// imported as written.
var warnedRules = []string{lint.RuleBedrockVPCE, lint.RuleBedrockOpenAI, lint.RuleAzureHost, lint.RuleAzureVersion, lint.RuleBackendTLSBoth}

// applyLint applies lint's findings to the objects before they are
// imported: fields the pinned CRD does not define are removed with a note
// (the API server would drop them too, so nothing the cluster would have
// kept is lost), and the findings import cannot correct become warnings.
// The findings it corrects (region mismatches, v1alpha3, version used as a
// prefix, a Service backendRef...) are reported where the spec corrects
// them.
func (im *importer) applyLint() {
	for _, o := range im.objs {
		if o.Kind == lint.KindSecret {
			continue
		}
		messages := map[string]string{}
		for _, f := range im.findings[o] {
			if f.Rule == lint.RuleUnknownField {
				messages[f.Path] = f.Message
			}
		}
		for _, p := range lint.PruneUnknownFields(&o.Object, legacyFields[o.Kind]...) {
			im.line(sevNote, o, p, "removed: %s (the spec leaves it out)", messages[p])
		}
		for _, f := range im.findings[o] {
			for _, r := range warnedRules {
				if f.Rule == r {
					im.line(sevWarning, o, f.Path, "%s; imported as written", f.Message)
				}
			}
		}
	}
}
