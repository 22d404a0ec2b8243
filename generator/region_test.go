package generator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRegionRuleEveryField: each field that names a region refuses a bad
// one with its family's words, path and value, whichever provider family
// reaches it (every row of regionRuleOf, every place it is used).
func TestRegionRuleEveryField(t *testing.T) {
	const (
		awsWords = `must be an AWS region such as "us-east-1", got `
		gcpWords = `must be a GCP region such as "us-central1" or "global", got `
	)
	gcpAuth := map[string]any{"gcp": map[string]any{"projectName": "my-project"}}
	cases := []struct {
		name    string
		spec    map[string]any
		path    string
		value   any
		message string
	}{
		{"aws endpoint.region", map[string]any{"provider": "aws-bedrock", "endpoint": map[string]any{"region": "US-EAST-1"}},
			"spec.endpoint.region", "US-EAST-1", awsWords + `"US-EAST-1"`},
		{"bedrock-openai endpoint.region is AWS", map[string]any{"provider": "aws-bedrock-openai", "endpoint": map[string]any{"region": "global"}, "auth": map[string]any{"secretRef": map[string]any{"name": "k"}}},
			"spec.endpoint.region", "global", awsWords + `"global"`},
		{"gcp endpoint.region", map[string]any{"provider": "gcp-vertex-ai", "endpoint": map[string]any{"region": "us_central1"}, "auth": gcpAuth},
			"spec.endpoint.region", "us_central1", gcpWords + `"us_central1"`},
		{"aws endpoint.regions entry", map[string]any{"provider": "aws-bedrock", "endpoint": map[string]any{"regions": []any{"us-east-1", "useast2"}}},
			"spec.endpoint.regions[1]", "useast2", awsWords + `"useast2"`},
		{"gcp endpoint.regions entry", map[string]any{"provider": "gcp-vertex-ai", "endpoint": map[string]any{"regions": []any{"Europe"}}, "auth": gcpAuth},
			"spec.endpoint.regions[0]", "Europe", gcpWords + `"Europe"`},
		{"aws empty regions entry", map[string]any{"provider": "aws-bedrock", "endpoint": map[string]any{"regions": []any{""}}},
			"spec.endpoint.regions[0]", nil, `is empty; write a region such as "us-east-1"`},
		{"gcp empty regions entry", map[string]any{"provider": "gcp-vertex-ai", "endpoint": map[string]any{"regions": []any{""}}, "auth": gcpAuth},
			"spec.endpoint.regions[0]", nil, `is empty; write a region such as "us-central1"`},
		{"auth.aws.region", map[string]any{"provider": "aws-bedrock", "endpoint": map[string]any{"region": "us-east-1"}, "auth": map[string]any{"aws": map[string]any{"region": "useast1"}}},
			"spec.auth.aws.region", "useast1", awsWords + `"useast1"`},
		{"auth.gcp.region", map[string]any{"provider": "gcp-vertex-ai", "endpoint": map[string]any{"region": "us-central1"}, "auth": map[string]any{"gcp": map[string]any{"projectName": "my-project", "region": "Europe"}}},
			"spec.auth.gcp.region", "Europe", gcpWords + `"Europe"`},
		{"openai has no region", map[string]any{"provider": "openai", "endpoint": map[string]any{"region": "us-east-1"}, "auth": map[string]any{"secretRef": map[string]any{"name": "k"}}},
			"spec.endpoint.region", "us-east-1", "is only used by AWS and GCP providers; remove it"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := FieldError{Path: tc.path, Value: tc.value, Message: tc.message}
			assert.Equal(t, FieldErrors{want}, problems(t, tc.spec))
		})
	}
}

// TestHostPatternHost: the host a pattern gives is the pattern with its
// placeholder filled, for every catalog entry (GCP's "global" region is
// the one exception: aiplatform.googleapis.com); fixed and required
// hostnames give none.
func TestHostPatternHost(t *testing.T) {
	seen := map[hostPattern]bool{}
	for _, p := range Providers() {
		seen[p.HostPattern] = true
		switch p.HostPattern {
		case hostFixed, hostRequired:
			assert.Empty(t, p.Host("us-east-1", "contoso"), p.Key)
		default:
			want := strings.NewReplacer("{region}", "eu-west-1", "{resource}", "contoso").Replace(string(p.HostPattern))
			assert.Equal(t, want, p.Host("eu-west-1", "contoso"), p.Key)
		}
	}
	assert.Equal(t, "aiplatform.googleapis.com", hostGCP.host("global", ""))
	for _, p := range []hostPattern{hostFixed, hostAWS, hostGCP, hostAzure, hostBedrockOpenAI, hostRequired} {
		assert.True(t, seen[p], "no catalog entry has host pattern %q", p)
	}
}
