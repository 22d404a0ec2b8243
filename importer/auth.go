package importer

import (
	"fmt"
	"strings"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/lint"
)

var apiKeyTypes = map[string]bool{"APIKey": true, "AnthropicAPIKey": true, "AzureAPIKey": true}

// apiKeyType is the policy type the generator writes for spec.auth.secretRef.
func apiKeyType(schema string) string {
	switch schema {
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
		if o.Kind == lint.KindBackendSecurityPolicy && nsOf(o.Namespace) == nsOf(asb.Namespace) && contains(lint.PolicyTargets(&o.Object), asb.Name) {
			policies = append(policies, o)
		}
	}
	if ref := lint.Map(asb.Body, "spec", "backendSecurityPolicyRef"); ref != nil {
		if p := b.im.get(lint.KindBackendSecurityPolicy, asb.Namespace, lint.Str(ref, "name")); p != nil && !containsObj(policies, p) {
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
			b.fail(asb, "spec.backendSecurityPolicyRef", "names BackendSecurityPolicy %s/%s, which is not in the input; give its file to the same import", nsOf(asb.Namespace), name)
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
		im.line(Note, p, "spec.targetRefs", "targets %d AIServiceBackends; each spec generates its own policy with the same credentials (%s for this one)", n, generator.BackendSecurityPolicyName(asb.Name))
	}
	b.target(p, "v1beta1", "v1alpha1", "aiGatewayAPIVersion", "aigateway.envoyproxy.io/v1beta1 (AI Gateway v0.6 and later; v1alpha1 is deprecated)")
	spec := lint.Map(p.Body, "spec")
	typ := lint.Str(spec, "type")
	block := lint.PolicyBlock(typ)
	if block == "" {
		b.fail(p, "spec.type", "is %q; expected one of APIKey, AnthropicAPIKey, AzureAPIKey, AWSCredentials, AzureCredentials, GCPCredentials", typ)
		return
	}
	b.unknownFields(p, "spec", spec, "targetRefs", "type", "apiKey", "anthropicAPIKey", "azureAPIKey", "awsCredentials", "azureCredentials", "gcpCredentials")
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
		want := apiKeyType(b.schema)
		switch {
		case typ == want:
		case mismatch && apiKeyTypes[lint.AllowedPolicyTypes(b.schema)[0]]:
			b.correct(p, "spec.type", "%s; the spec generates type %s with the same Secret", finding.Message, want)
		case mismatch:
			b.fail(p, "spec.type", "%s", finding.Message)
			return
		default:
			b.fail(p, "spec.type", "is %s on the %s schema, which aigw-backend does not generate (it writes %s); keep this policy as it is", typ, b.schema, want)
			return
		}
		b.unknownFields(p, base, m, "secretRef")
		s.Auth = &generator.Auth{SecretRef: b.secretRef(p, base+".secretRef", lint.Map(m, "secretRef"))}
		return
	case mismatch:
		b.fail(p, "spec.type", "%s", finding.Message)
		return
	}
	switch typ {
	case "AWSCredentials":
		s.Auth = &generator.Auth{AWS: b.aws(p, base, m)}
	case "AzureCredentials":
		s.Auth = &generator.Auth{Azure: b.azure(p, base, m)}
	case "GCPCredentials":
		s.Auth = &generator.Auth{GCP: b.gcp(p, base, m)}
	}
}

func containsObj(l []*object, o *object) bool {
	for _, x := range l {
		if x == o {
			return true
		}
	}
	return false
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
