package generator

import "regexp"

// regionRule is how one cloud writes its region names. Every field that
// names a region (spec.endpoint.region, each entry of spec.endpoint.regions,
// spec.auth.aws.region, spec.auth.gcp.region) is checked by its family's
// rule, so a region is refused in the same words wherever it is written.
type regionRule struct {
	re      func() *regexp.Regexp
	what    string // a valid region, as the message describes it
	example string // the region a message suggests
}

// regionRuleOf is the region rule of a credentials family; ok is false
// for the families whose endpoints have no region.
func regionRuleOf(f authKind) (rule regionRule, ok bool) {
	switch f {
	case authAWS:
		return regionRule{awsRegionRE, `an AWS region such as "us-east-1"`, "us-east-1"}, true
	case authGCP:
		return regionRule{gcpRegionRE, `a GCP region such as "us-central1" or "global"`, "us-central1"}, true
	}
	return regionRule{}, false
}

func (rr regionRule) valid(region string) bool { return rr.re().MatchString(region) }

// refuse reports a region the rule does not accept.
func (rr regionRule) refuse(path, region string, c *errs) {
	c.add(path, region, "must be "+rr.what+", got %q", region)
}
