package generator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// generateAll decodes and generates, returning every object in order.
func generateAll(t *testing.T, doc string) (*Result, FieldErrors) {
	t.Helper()
	n, err := yaml.Parse(doc)
	require.NoError(t, err)
	spec, errs := Decode(n)
	require.Empty(t, errs, "the test specs decode")
	return Generate(spec)
}

// TestRegions: one full set per region, named <name>-<region>, each with
// its own hostname, TLS hostname and credential region, all owned by the
// one spec.
func TestRegions(t *testing.T) {
	type set struct{ region, host, authRegion string }
	cases := []struct {
		name string
		body string
		want []set
	}{
		{"bedrock two regions, default chain", "provider: aws-bedrock\nendpoint: {regions: [us-east-1, us-west-2]}", []set{
			{"us-east-1", "bedrock-runtime.us-east-1.amazonaws.com", "us-east-1"},
			{"us-west-2", "bedrock-runtime.us-west-2.amazonaws.com", "us-west-2"}}},
		{"aws-anthropic with credentials file keeps the list order", "provider: aws-anthropic\nendpoint: {regions: [eu-west-1, eu-central-1]}\nauth: {aws: {credentialsSecretRef: {name: c}}}", []set{
			{"eu-west-1", "bedrock-runtime.eu-west-1.amazonaws.com", "eu-west-1"},
			{"eu-central-1", "bedrock-runtime.eu-central-1.amazonaws.com", "eu-central-1"}}},
		{"vertex with global", "provider: gcp-vertex-ai\nendpoint: {regions: [us-central1, global]}\nauth: {gcp: {projectName: my-project}}", []set{
			{"us-central1", "us-central1-aiplatform.googleapis.com", "us-central1"},
			{"global", "aiplatform.googleapis.com", "global"}}},
		{"one region is allowed", "provider: gcp-anthropic\nendpoint: {regions: [us-east5]}\nauth: {gcp: {projectName: my-project}}", []set{
			{"us-east5", "us-east5-aiplatform.googleapis.com", "us-east5"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errs := generateAll(t, specYAML(tc.body))
			require.Empty(t, errs)
			require.Len(t, out.Objects, 4*len(tc.want))
			for i, w := range tc.want {
				stem := "be-" + w.region
				be, asb, tls, bsp := out.Objects[4*i], out.Objects[4*i+1], out.Objects[4*i+2], out.Objects[4*i+3]
				assert.Equal(t, []string{KindBackend, KindAIServiceBackend, KindBackendTLSPolicy, KindBackendSecurityPolicy},
					[]string{be.Kind, asb.Kind, tls.Kind, bsp.Kind})
				assert.Equal(t, []string{stem, stem, stem + "-tls", stem + "-auth"},
					[]string{be.Metadata.Name, asb.Metadata.Name, tls.Metadata.Name, bsp.Metadata.Name})
				assert.Equal(t, w.host, be.Spec.(backendSpec).Endpoints[0].FQDN.Hostname)
				assert.Equal(t, backendRef{Name: stem, Kind: KindBackend, Group: GroupEnvoyGateway}, asb.Spec.(aiServiceBackendSpec).BackendRef)
				ts := tls.Spec.(backendTLSPolicySpec)
				assert.Equal(t, w.host, ts.Validation.Hostname)
				assert.Equal(t, stem, ts.TargetRefs[0].Name)
				ps := bsp.Spec.(backendSecurityPolicySpec)
				assert.Equal(t, []policyTargetRef{{Group: GroupAIGateway, Kind: KindAIServiceBackend, Name: stem}}, ps.TargetRefs)
				switch {
				case ps.AWSCredentials != nil:
					assert.Equal(t, w.authRegion, ps.AWSCredentials.Region)
				case ps.GCPCredentials != nil:
					assert.Equal(t, w.authRegion, ps.GCPCredentials.Region)
				default:
					t.Fatalf("unexpected policy %+v", ps)
				}
				for _, o := range out.Objects[4*i : 4*i+4] {
					assert.Equal(t, "ns/be", o.Metadata.Annotations[AnnotationSpec], "every set is owned by the spec itself")
					assert.Equal(t, ManagedByValue, o.Metadata.Labels[LabelManagedBy])
					assert.Equal(t, "ns", o.Metadata.Namespace)
				}
			}
		})
	}
}

// TestRegionsSharedFields: everything but the region-derived values is the
// same in every set (labels, mutations, target versions, credentials).
func TestRegionsSharedFields(t *testing.T) {
	out, errs := generateAll(t, specYAML(`provider: aws-bedrock
endpoint: {regions: [us-east-1, us-west-2]}
auth: {aws: {roleArn: 'arn:aws:iam::123456789012:role/r', oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}}}
headerMutation: {set: [{name: x-team, value: ml}]}
labels: {team: ml}
target: {backendTLSPolicyAPIVersion: v1alpha3}`))
	require.Empty(t, errs)
	require.Len(t, out.Objects, 8)
	for i := 0; i < 4; i++ {
		a, b := out.Objects[i], out.Objects[4+i]
		assert.Equal(t, a.APIVersion, b.APIVersion)
		assert.Equal(t, "ml", a.Metadata.Labels["team"])
		assert.Equal(t, a.Metadata.Labels, b.Metadata.Labels)
	}
	assert.Equal(t, "gateway.networking.k8s.io/v1alpha3", out.Objects[2].APIVersion)
	assert.Equal(t, out.Objects[1].Spec.(aiServiceBackendSpec).HeaderMutation, out.Objects[5].Spec.(aiServiceBackendSpec).HeaderMutation)
	east, west := out.Objects[3].Spec.(backendSecurityPolicySpec).AWSCredentials, out.Objects[7].Spec.(backendSecurityPolicySpec).AWSCredentials
	assert.Equal(t, "us-east-1", east.Region)
	assert.Equal(t, "us-west-2", west.Region)
	assert.Equal(t, east.OIDCExchangeToken, west.OIDCExchangeToken)
}

// TestRegionsErrors: every bad combination is reported at its field, once
// (not once per region), and nothing is generated.
func TestRegionsErrors(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []string // "path: message fragment"
	}{
		{"empty list", "provider: aws-bedrock\nendpoint: {regions: []}",
			[]string{"spec.endpoint.regions: is empty"}},
		{"with region", "provider: aws-bedrock\nendpoint: {region: us-east-1, regions: [us-west-2]}",
			[]string{"spec.endpoint.regions: conflicts with spec.endpoint.region"}},
		{"with hostname", "provider: aws-bedrock\nendpoint: {hostname: bedrock-runtime.us-east-1.amazonaws.com, regions: [us-west-2]}",
			[]string{"spec.endpoint.regions: conflicts with spec.endpoint.hostname"}},
		{"not an AWS/GCP provider", "provider: openai\nendpoint: {regions: [us-east-1]}\nauth: {secretRef: {name: k}}",
			[]string{"spec.endpoint.regions: is only used by AWS and GCP providers"}},
		{"schema without provider", "schema: {name: AWSBedrock}\nendpoint: {hostname: bedrock.example.com, regions: [us-east-1]}",
			[]string{"spec.endpoint.regions: conflicts with spec.endpoint.hostname"}},
		{"bad AWS region at its index", "provider: aws-bedrock\nendpoint: {regions: [us-east-1, US-West-2, '']}",
			[]string{`spec.endpoint.regions[1]: must be an AWS region`, "spec.endpoint.regions[2]: is empty"}},
		{"global is GCP only", "provider: aws-bedrock\nendpoint: {regions: [global]}",
			[]string{`spec.endpoint.regions[0]: must be an AWS region`}},
		{"bad GCP region", "provider: gcp-vertex-ai\nendpoint: {regions: [us-central1, us_east1]}\nauth: {gcp: {projectName: my-project}}",
			[]string{`spec.endpoint.regions[1]: must be a GCP region`}},
		{"duplicate", "provider: aws-bedrock\nendpoint: {regions: [us-east-1, us-west-2, us-east-1]}",
			[]string{`spec.endpoint.regions[2]: lists region "us-east-1" twice`}},
		{"auth region is per set", "provider: aws-bedrock\nendpoint: {regions: [us-east-1, us-west-2]}\nauth: {aws: {region: us-east-1}}",
			[]string{"spec.auth.aws.region: conflicts with spec.endpoint.regions"}},
		{"gcp auth region is per set", "provider: gcp-vertex-ai\nendpoint: {regions: [us-central1]}\nauth: {gcp: {projectName: my-project, region: us-central1}}",
			[]string{"spec.auth.gcp.region: conflicts with spec.endpoint.regions"}},
		{"tls hostname is per set", "provider: aws-bedrock\nendpoint: {regions: [us-east-1]}\ntls: {hostname: bedrock.example.com}",
			[]string{"spec.tls.hostname: conflicts with spec.endpoint.regions"}},
		{"name too long with the region", "provider: aws-bedrock\nendpoint: {regions: [us-east-1, ap-southeast-2]}",
			[]string{"spec.endpoint.regions[1]: makes the object name"}},
		{"other errors once, not per region", "provider: gcp-vertex-ai\nendpoint: {regions: [us-central1, europe-west4], port: 0}\nauth: {gcp: {projectName: my-project}}",
			[]string{"spec.endpoint.port: must be between 1 and 65535"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := specYAML(tc.body)
			if strings.HasPrefix(tc.name, "name too long") {
				// 234 + "-us-east-1-auth" = 249 fits; 234 + "-ap-southeast-2-auth" = 254 does not
				doc = strings.Replace(doc, "name: be", "name: "+strings.Repeat("a", 234), 1)
			}
			out, errs := generateAll(t, doc)
			assert.Nil(t, out)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			require.Len(t, got, len(tc.want), "errors: %q", got)
			for i, w := range tc.want {
				assert.True(t, strings.HasPrefix(got[i], w), "error %d: got %q, want prefix %q", i, got[i], w)
			}
		})
	}
}

// TestCredentialOverride: both sources on every policy type upstream has,
// copied field by field, fallbackToConfigured only when written.
func TestCredentialOverride(t *testing.T) {
	f := false
	hdr := "override: {fromRequestHeaders: {header: x-tenant-key, fallbackToConfigured: false}}"
	meta := "override: {fromDynamicMetadata: {namespace: envoy.filters.http.ext_authz, key: tenant-key}}"
	cases := []struct {
		name, body, policy string
		want               credentialOverrideSpec
	}{
		{"APIKey from header", "provider: openai\nauth: {secretRef: {name: k}, " + hdr + "}", policyAPIKey,
			credentialOverrideSpec{FromRequestHeaders: &credentialFromRequestHeaders{Header: "x-tenant-key", FallbackToConfigured: &f}}},
		{"AnthropicAPIKey from metadata", "provider: anthropic\nauth: {secretRef: {name: k}, " + meta + "}", policyAnthropicAPIKey,
			credentialOverrideSpec{FromDynamicMetadata: &credentialFromDynamicMetadata{Namespace: "envoy.filters.http.ext_authz", Key: "tenant-key"}}},
		{"AzureAPIKey default header", "provider: azure-openai\nschema: {version: '2025-01-01-preview'}\nendpoint: {resource: contoso}\nauth: {secretRef: {name: k}, override: {fromRequestHeaders: {}}}", policyAzureAPIKey,
			credentialOverrideSpec{FromRequestHeaders: &credentialFromRequestHeaders{}}},
		{"AzureCredentials", "provider: azure-openai\nschema: {version: '2025-01-01-preview'}\nendpoint: {resource: contoso}\nauth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s}}, " + meta + "}", policyAzureCredentials,
			credentialOverrideSpec{FromDynamicMetadata: &credentialFromDynamicMetadata{Namespace: "envoy.filters.http.ext_authz", Key: "tenant-key"}}},
		{"GCPCredentials", "provider: gcp-vertex-ai\nendpoint: {region: us-central1}\nauth: {gcp: {projectName: my-project}, override: {fromDynamicMetadata: {namespace: ext}}}", policyGCPCredentials,
			credentialOverrideSpec{FromDynamicMetadata: &credentialFromDynamicMetadata{Namespace: "ext"}}},
		{"AWSCredentials, default chain kept", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {" + meta + "}", policyAWSCredentials,
			credentialOverrideSpec{FromDynamicMetadata: &credentialFromDynamicMetadata{Namespace: "envoy.filters.http.ext_authz", Key: "tenant-key"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errs := generateAll(t, specYAML(tc.body))
			require.Empty(t, errs)
			bsp := out.Objects[len(out.Objects)-1]
			require.Equal(t, KindBackendSecurityPolicy, bsp.Kind)
			s := bsp.Spec.(backendSecurityPolicySpec)
			assert.Equal(t, tc.policy, s.Type)
			assert.Equal(t, 1, credentialBlocks(s), "the configured credential stays: it is the fallback")
			require.NotNil(t, s.CredentialOverride)
			assert.Equal(t, tc.want, *s.CredentialOverride)
			assert.Equal(t, "aigateway.envoyproxy.io/v1beta1", bsp.APIVersion)
		})
	}
}

func TestCredentialOverrideErrors(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []string
	}{
		{"both sources", "provider: openai\nauth: {secretRef: {name: k}, override: {fromRequestHeaders: {header: x-k}, fromDynamicMetadata: {namespace: ext}}}",
			[]string{"spec.auth.override: sets both fromRequestHeaders and fromDynamicMetadata"}},
		{"no source", "provider: openai\nauth: {secretRef: {name: k}, override: {}}",
			[]string{"spec.auth.override: needs exactly one of"}},
		{"v1alpha1 cannot carry it", "provider: openai\nauth: {secretRef: {name: k}, override: {fromRequestHeaders: {}}}\ntarget: {aiGatewayAPIVersion: v1alpha1}",
			[]string{"spec.auth.override: needs the v1beta1 BackendSecurityPolicy"}},
		{"every problem at once", "provider: openai\nauth: {secretRef: {name: k}, override: {fromRequestHeaders: {header: 'a:b'}, fromDynamicMetadata: {key: k}}}\ntarget: {aiGatewayAPIVersion: v1alpha1}",
			[]string{"spec.auth.override: needs the v1beta1 BackendSecurityPolicy", "spec.auth.override: sets both",
				"spec.auth.override.fromRequestHeaders.header: must be", "spec.auth.override.fromDynamicMetadata.namespace: is required"}},
		{"metadata namespace required", "provider: openai\nauth: {secretRef: {name: k}, override: {fromDynamicMetadata: {key: k}}}",
			[]string{"spec.auth.override.fromDynamicMetadata.namespace: is required"}},
		{"bad header name", "provider: openai\nauth: {secretRef: {name: k}, override: {fromRequestHeaders: {header: 'x key'}}}",
			[]string{"spec.auth.override.fromRequestHeaders.header: must be an HTTP header name"}},
		{"no credential to fall back to", "provider: openai-compatible\nendpoint: {hostname: llm.example.com}\nauth: {override: {fromRequestHeaders: {}}}",
			[]string{"spec.auth.override: overrides the credential of the BackendSecurityPolicy, but spec.auth configures none"}},
		{"still exactly one credential", "provider: openai\nauth: {secretRef: {name: k}, azure: {clientID: c, tenantID: t}, override: {fromRequestHeaders: {}}}",
			[]string{"spec.auth: sets secretRef and azure"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errs := generateAll(t, specYAML(tc.body))
			assert.Nil(t, out)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			require.Len(t, got, len(tc.want), "errors: %q", got)
			for i, w := range tc.want {
				assert.True(t, strings.HasPrefix(got[i], w), "error %d: got %q, want prefix %q", i, got[i], w)
			}
		})
	}
}

// TestCredentialOverrideAWSHeaders: upstream recommends metadata for AWS
// and treats the header as a prefix; both are warnings, not errors.
func TestCredentialOverrideAWSHeaders(t *testing.T) {
	out, errs := generateAll(t, specYAML("provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {override: {fromRequestHeaders: {header: x-aws}}}"))
	require.Empty(t, errs)
	var got []string
	for _, w := range out.Warnings {
		got = append(got, w.Error())
	}
	require.Len(t, got, 2, "%q", got)
	assert.Contains(t, got[0], "spec.auth.override.fromRequestHeaders: carries an AWS secret access key")
	assert.Contains(t, got[1], `spec.auth.override.fromRequestHeaders.header: is a prefix for AWSCredentials`)
	assert.Contains(t, got[1], `"x-aws-"`)
}
