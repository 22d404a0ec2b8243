package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/lint"
)

var apiKeyTypes = map[string]bool{"APIKey": true, "AnthropicAPIKey": true, "AzureAPIKey": true}

// apiKeyType is the policy type the generator writes for spec.auth.secretRef:
// it follows the schema, except for a provider that takes Azure
// credentials on another schema (azure-openai-v1: OpenAI schema, api-key
// header).
func (b *build) apiKeyType() string {
	if p := b.provider; p != nil && p.Schema == b.schema && p.Auth == "azure" {
		return "AzureAPIKey"
	}
	switch b.schema {
	case generator.SchemaAnthropic:
		return "AnthropicAPIKey"
	case generator.SchemaAzureOpenAI:
		return "AzureAPIKey"
	}
	return "APIKey"
}

// policies returns the BackendSecurityPolicies that target the AIServiceBackend.
func (b *build) policies(asb *object) []*object {
	var policies []*object
	for _, o := range b.im.objs {
		if o.Kind == lint.KindBackendSecurityPolicy && nsOf(o.Namespace) == nsOf(asb.Namespace) && slices.Contains(lint.PolicyTargets(&o.Object), asb.Name) {
			policies = append(policies, o)
		}
	}
	if ref := lint.Map(asb.Body, "spec", "backendSecurityPolicyRef"); ref != nil {
		if p := b.im.get(lint.KindBackendSecurityPolicy, asb.Namespace, lint.Str(ref, "name")); p != nil && !slices.Contains(policies, p) {
			policies = append(policies, p)
		}
	}
	return policies
}

// auth takes the BackendSecurityPolicy of the AIServiceBackend into spec.auth.
func (b *build) auth(asb *object, policies []*object) {
	im := b.im
	if ref := lint.Map(asb.Body, "spec", "backendSecurityPolicyRef"); ref != nil {
		name := lint.Str(ref, "name")
		p := im.get(lint.KindBackendSecurityPolicy, asb.Namespace, name)
		switch {
		case p == nil:
			b.fail(asb, "spec.backendSecurityPolicyRef", "names BackendSecurityPolicy %s/%s, which is not in the input%s", nsOf(asb.Namespace), name, b.im.missingHint())
		default:
			b.correct(asb, "spec.backendSecurityPolicyRef", "removed: AI Gateway v0.3 and later attach a policy through its targetRefs; the spec generates the policy with a targetRef to this AIServiceBackend")
		}
	}
	if len(policies) == 0 {
		if b.schema == generator.SchemaAWSBedrock || b.schema == generator.SchemaAWSAnthropic {
			b.correct(asb, "", "no BackendSecurityPolicy targets it, so requests are not signed and AWS rejects them; the spec signs them with the AWS SDK default credential chain (IRSA, Pod Identity, instance role)")
		}
		return
	}
	p := policies[0]
	for _, extra := range policies[1:] {
		extra.used = true
		msg := fmt.Sprintf("also targets AIServiceBackend %s/%s, which %s targets", nsOf(asb.Namespace), asb.Name, p.ID())
		if f, ok := im.finding(extra, lint.RuleTwoPolicies); ok {
			msg = f.Message
		}
		b.fail(extra, "spec.targetRefs", "%s; not imported: the spec takes %s", msg, p.ID())
	}
	p.used = true
	b.sources = append(b.sources, p)
	if n := len(lint.PolicyTargets(&p.Object)); n > 1 {
		im.line(sevNote, p, "spec.targetRefs", "targets %d AIServiceBackends; each spec generates its own policy with the same credentials (%s for this one)", n, generator.BackendSecurityPolicyName(asb.Name))
	}
	b.target(p, "v1beta1", "v1alpha1", "aiGatewayAPIVersion", "aigateway.envoyproxy.io/v1beta1 (AI Gateway v0.6 and later; v1alpha1 is deprecated)")
	spec := lint.Map(p.Body, "spec")
	typ := lint.Str(spec, "type")
	block := lint.PolicyBlock(typ)
	if block == "" {
		b.fail(p, "spec.type", "is %q; expected one of APIKey, AnthropicAPIKey, AzureAPIKey, AWSCredentials, AzureCredentials, GCPCredentials", typ)
		return
	}
	b.unknownFields(p, "spec", spec, "targetRefs", "type", "apiKey", "anthropicAPIKey", "azureAPIKey", "awsCredentials", "azureCredentials", "gcpCredentials", "credentialOverride")
	for _, other := range []string{"apiKey", "anthropicAPIKey", "azureAPIKey", "awsCredentials", "azureCredentials", "gcpCredentials"} {
		if _, ok := spec[other]; ok && other != block {
			b.fail(p, "spec."+other, "does not belong to type %s (the CRD allows only the %s block); remove one of them", typ, block)
		}
	}
	finding, mismatch := im.finding(p, lint.RulePolicyType)
	s := &b.spec.Spec
	base := "spec." + block
	m := lint.Map(spec, block)
	if m == nil {
		b.fail(p, base, "is missing; type %s needs it", typ)
		return
	}
	switch {
	case apiKeyTypes[typ]:
		want := b.apiKeyType()
		switch {
		case typ == want:
		case mismatch && apiKeyTypes[lint.AllowedPolicyTypes(b.schema)[0]]:
			b.correct(p, "spec.type", "%s; the spec generates type %s with the same Secret", finding.Message, want)
		case mismatch:
			b.fail(p, "spec.type", "%s", finding.Message)
			return
		default:
			hint := ""
			if typ == "AzureAPIKey" && strings.HasSuffix(strings.TrimSuffix(b.hostname, "."), ".openai.azure.com") {
				hint = " (provider azure-openai-v1 generates it for the Azure OpenAI v1 API, whose prefix is /openai/v1)"
			}
			b.fail(p, "spec.type", "is %s on the %s schema, which aigw-backend does not generate here (it writes %s)%s; keep this policy as it is", typ, b.schema, want, hint)
			return
		}
		b.unknownFields(p, base, m, "secretRef")
		s.Auth = &generator.Auth{SecretRef: b.secretRef(p, base+".secretRef", lint.Map(m, "secretRef"))}
	case mismatch:
		b.fail(p, "spec.type", "%s", finding.Message)
		return
	case typ == "AWSCredentials":
		s.Auth = &generator.Auth{AWS: b.aws(p, base, m)}
	case typ == "AzureCredentials":
		s.Auth = &generator.Auth{Azure: b.azure(p, base, m)}
	case typ == "GCPCredentials":
		s.Auth = &generator.Auth{GCP: b.gcp(p, base, m)}
	}
	if co, ok := spec["credentialOverride"]; ok && s.Auth != nil {
		s.Auth.Override = b.override(p, co)
	}
}

// override maps upstream's credentialOverride (v1beta1, AI Gateway v1.1)
// to spec.auth.override, field for field: the header or metadata key and
// fallbackToConfigured stay unset when the object leaves them to
// upstream's defaults, so the regenerated policy is the same.
func (b *build) override(p *object, v any) *generator.CredentialOverride {
	const base = "spec.credentialOverride"
	m, ok := v.(map[string]any)
	if !ok {
		b.fail(p, base, "is not a map with fromRequestHeaders or fromDynamicMetadata; not imported")
		return nil
	}
	b.unknownFields(p, base, m, "fromRequestHeaders", "fromDynamicMetadata")
	out := &generator.CredentialOverride{}
	if h, ok := m["fromRequestHeaders"]; ok {
		path := base + ".fromRequestHeaders"
		hm, _ := h.(map[string]any)
		if h != nil && hm == nil {
			b.fail(p, path, "is not a map with header and fallbackToConfigured; not imported")
		}
		b.unknownFields(p, path, hm, "header", "fallbackToConfigured")
		out.FromRequestHeaders = &generator.OverrideFromRequestHeaders{Header: lint.Str(hm, "header"),
			FallbackToConfigured: b.boolField(p, path+".fallbackToConfigured", hm, "fallbackToConfigured")}
	}
	if d, ok := m["fromDynamicMetadata"]; ok {
		path := base + ".fromDynamicMetadata"
		dm, _ := d.(map[string]any)
		if d != nil && dm == nil {
			b.fail(p, path, "is not a map with namespace, key and fallbackToConfigured; not imported")
		}
		b.unknownFields(p, path, dm, "namespace", "key", "fallbackToConfigured")
		out.FromDynamicMetadata = &generator.OverrideFromDynamicMetadata{Namespace: lint.Str(dm, "namespace"), Key: lint.Str(dm, "key"),
			FallbackToConfigured: b.boolField(p, path+".fallbackToConfigured", dm, "fallbackToConfigured")}
	}
	return out
}

// boolField reads an optional boolean; nil when absent.
func (b *build) boolField(p *object, path string, m map[string]any, key string) *bool {
	v, ok := m[key]
	if !ok {
		return nil
	}
	x, ok := v.(bool)
	if !ok {
		b.fail(p, path, "is not true or false; not imported")
		return nil
	}
	return &x
}

func (b *build) secretRef(p *object, path string, m map[string]any) *generator.SecretRef {
	if m == nil {
		b.fail(p, path, "is missing")
		return nil
	}
	b.unknownFields(p, path, m, "name", "namespace", "kind", "group")
	if k := lint.Str(m, "kind"); k != "" && k != "Secret" || lint.Str(m, "group") != "" {
		b.fail(p, path, "references a %s; an AIBackendSpec references Secrets only", orWord(lint.Str(m, "kind"), "non-core object"))
	}
	return &generator.SecretRef{Name: lint.Str(m, "name"), Namespace: lint.Str(m, "namespace")}
}

// region returns the credentials' region, corrected to the one the
// endpoint hostname encodes, and "" when it equals the endpoint region
// the spec already carries (the generator defaults to it).
func (b *build) region(p *object, path, region string, ofHost func(string) (string, bool), why string) string {
	if hr, ok := ofHost(strings.TrimSuffix(b.hostname, ".")); ok && hr != region {
		b.correct(p, path, "is %q but the Backend hostname %q is in region %q: %s; the spec uses %q", region, b.hostname, hr, why, hr)
		region = hr
	}
	if e := b.spec.Spec.Endpoint; e != nil && e.Region == region {
		return ""
	}
	return region
}

func (b *build) aws(p *object, base string, m map[string]any) *generator.AWSAuth {
	b.unknownFields(p, base, m, "region", "credentialsFile", "oidcExchangeToken")
	out := &generator.AWSAuth{}
	out.Region = b.region(p, base+".region", lint.Str(m, "region"), generator.BedrockRegion,
		"AI Gateway v1.1 signs for the host's region (v1.0 and earlier for the policy's), so they must agree")
	if cf := lint.Map(m, "credentialsFile"); cf != nil {
		b.unknownFields(p, base+".credentialsFile", cf, "secretRef", "profile")
		out.CredentialsSecretRef = b.secretRef(p, base+".credentialsFile.secretRef", lint.Map(cf, "secretRef"))
		out.Profile = lint.Str(cf, "profile")
	}
	if ot := lint.Map(m, "oidcExchangeToken"); ot != nil {
		path := base + ".oidcExchangeToken"
		b.unknownFields(p, path, ot, "oidc", "awsRoleArn", "grantType", "aud")
		out.OIDC = b.oidc(p, path+".oidc", lint.Map(ot, "oidc"), ot)
		out.RoleARN = lint.Str(ot, "awsRoleArn")
	}
	return out
}

func (b *build) azure(p *object, base string, m map[string]any) *generator.AzureAuth {
	b.unknownFields(p, base, m, "clientID", "tenantID", "clientSecretRef", "oidcExchangeToken")
	out := &generator.AzureAuth{ClientID: lint.Str(m, "clientID"), TenantID: lint.Str(m, "tenantID")}
	if ref := lint.Map(m, "clientSecretRef"); ref != nil {
		out.ClientSecretRef = b.secretRef(p, base+".clientSecretRef", ref)
	}
	if ot := lint.Map(m, "oidcExchangeToken"); ot != nil {
		path := base + ".oidcExchangeToken"
		b.unknownFields(p, path, ot, "oidc", "grantType", "aud")
		out.OIDC = b.oidc(p, path+".oidc", lint.Map(ot, "oidc"), ot)
	}
	return out
}

func (b *build) gcp(p *object, base string, m map[string]any) *generator.GCPAuth {
	b.unknownFields(p, base, m, "projectName", "region", "credentialsFile", "workloadIdentityFederationConfig")
	out := &generator.GCPAuth{ProjectName: lint.Str(m, "projectName")}
	out.Region = b.region(p, base+".region", lint.Str(m, "region"), generator.VertexRegion,
		"AI Gateway builds the request path (/locations/<region>/) from the policy's region and sends it to the Backend's host, so they must agree")
	if cf := lint.Map(m, "credentialsFile"); cf != nil {
		b.unknownFields(p, base+".credentialsFile", cf, "secretRef")
		out.CredentialsSecretRef = b.secretRef(p, base+".credentialsFile.secretRef", lint.Map(cf, "secretRef"))
	}
	if w := lint.Map(m, "workloadIdentityFederationConfig"); w != nil {
		path := base + ".workloadIdentityFederationConfig"
		b.unknownFields(p, path, w, "projectID", "workloadIdentityPoolName", "workloadIdentityProviderName", "oidcExchangeToken", "serviceAccountImpersonation")
		out.WorkloadIdentityFederation = &generator.WorkloadIdentityFederation{
			ProjectID: lint.Str(w, "projectID"), WorkloadIdentityPoolName: lint.Str(w, "workloadIdentityPoolName"),
			WorkloadIdentityProviderName: lint.Str(w, "workloadIdentityProviderName"),
		}
		if sa := lint.Map(w, "serviceAccountImpersonation"); sa != nil {
			b.unknownFields(p, path+".serviceAccountImpersonation", sa, "serviceAccountName")
			out.WorkloadIdentityFederation.ServiceAccountName = lint.Str(sa, "serviceAccountName")
		}
		ot := lint.Map(w, "oidcExchangeToken")
		b.unknownFields(p, path+".oidcExchangeToken", ot, "oidc", "grantType", "aud")
		if o := b.oidc(p, path+".oidcExchangeToken.oidc", lint.Map(ot, "oidc"), ot); o != nil {
			out.WorkloadIdentityFederation.OIDC = *o
		}
	}
	return out
}

// oidc maps Envoy Gateway's OIDC (token exchange subset) and the
// exchange's grantType/aud.
func (b *build) oidc(p *object, path string, m, exchange map[string]any) *generator.OIDC {
	if m == nil {
		b.fail(p, path, "is missing")
		return nil
	}
	b.unknownFields(p, path, m, "provider", "clientID", "clientIDRef", "clientSecret", "scopes")
	prov := lint.Map(m, "provider")
	b.unknownFields(p, path+".provider", prov, "issuer", "tokenEndpoint")
	out := &generator.OIDC{Issuer: lint.Str(prov, "issuer"), TokenEndpoint: lint.Str(prov, "tokenEndpoint"),
		ClientID: lint.Str(m, "clientID"), GrantType: lint.Str(exchange, "grantType"), Aud: lint.Str(exchange, "aud")}
	if ref := lint.Map(m, "clientIDRef"); ref != nil {
		out.ClientIDRef = b.secretRef(p, path+".clientIDRef", ref)
	}
	if ref := lint.Map(m, "clientSecret"); ref != nil {
		out.ClientSecretRef = b.secretRef(p, path+".clientSecret", ref)
	}
	for _, s := range lint.List(m, "scopes") {
		out.Scopes = append(out.Scopes, fmt.Sprint(s))
	}
	return out
}
