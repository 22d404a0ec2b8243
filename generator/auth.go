package generator

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// resolveAuth turns spec.auth into the BackendSecurityPolicy spec. The
// policy type follows the schema, so a spec never names it.
func resolveAuth(s *Spec, r *resolved, c, warn *errs) {
	a := s.Auth
	if a == nil {
		a = &Auth{}
	}
	// the credential blocks; each but secretRef (an API key, which several
	// families take) belongs to one family
	var given []string
	var block authKind
	for _, b := range []struct {
		name   string
		set    bool
		family authKind
	}{{"secretRef", a.SecretRef != nil, ""}, {"aws", a.AWS != nil, authAWS}, {"azure", a.Azure != nil, authAzure}, {"gcp", a.GCP != nil, authGCP}} {
		if b.set {
			given, block = append(given, b.name), b.family
		}
	}
	if len(given) > 1 {
		c.add("spec.auth", nil, "sets %s; set exactly one of them", strings.Join(given, " and "))
		return
	}
	family := r.authFamily
	if family == "" {
		// the provider is unknown (reported at spec.provider): which
		// credentials apply is unknown too; only the Secret name is checked
		if a.SecretRef != nil {
			secretRef(a.SecretRef, "spec.auth.secretRef", c)
		}
		return
	}
	label := r.schema.Name
	if r.provider != nil {
		label = r.provider.Key
	}
	if len(given) == 0 {
		required := r.provider != nil && r.provider.AuthRequired
		switch {
		case family == authAWS:
			// Requests must be signed; with no credentials given the AWS SDK
			// default chain (IRSA, EKS Pod Identity, instance role) is used.
			a = &Auth{AWS: &AWSAuth{}, Override: a.Override}
		case family == authGCP:
			c.add("spec.auth.gcp", nil, "is required for %s: AI Gateway takes the project and region from it; write gcp: {projectName: <project>}", label)
			return
		case required && family == authAzure:
			c.add("spec.auth", nil, "is required for %s: write secretRef: {name: <Secret with key apiKey>} or azure: {clientID, tenantID, clientSecretRef}", label)
			return
		case required:
			c.add("spec.auth", nil, "is required for %s: write secretRef: {name: <Secret with key apiKey>}", label)
			return
		case a.Override != nil:
			c.add("spec.auth.override", nil, "overrides the credential of the BackendSecurityPolicy, but spec.auth configures none; add spec.auth.secretRef (the key used when the request brings none): upstream needs it to build the policy")
			return
		default:
			return // optional (self-hosted and OpenAI-compatible endpoints)
		}
	}
	if a.AWS != nil && r.provider != nil && r.provider.HostPattern == hostBedrockOpenAI {
		c.add("spec.auth.aws", nil, "does not apply to %s: AI Gateway cannot sign requests to Bedrock's OpenAI-compatible endpoint (bedrock-mantle.<region>.api.aws) with AWS credentials, as its SigV4 signer targets bedrock-runtime (envoyproxy/ai-gateway#2182); write secretRef: {name: <Secret with key apiKey>} holding a Bedrock API key, or use provider aws-bedrock for SigV4", label)
		return
	}
	if block != "" && block != family {
		c.add("spec.auth."+given[0], nil, "does not apply to %s; %s", label, authHint(family))
		return
	}
	p := &backendSecurityPolicySpec{}
	switch {
	case a.SecretRef != nil:
		ref := secretRef(a.SecretRef, "spec.auth.secretRef", c)
		block := &apiKeyCredentials{SecretRef: ref}
		switch family {
		case authAPIKey:
			if r.schema.Name == SchemaAnthropic {
				p.Type, p.AnthropicAPIKey = policyAnthropicAPIKey, block
			} else {
				p.Type, p.APIKey = policyAPIKey, block
			}
		case authAzure:
			p.Type, p.AzureAPIKey = policyAzureAPIKey, block
		case authAWS:
			c.add("spec.auth.secretRef", nil, "does not apply to %s: requests are signed with AWS credentials; use spec.auth.aws (credentialsSecretRef, oidc, or {} for the default chain)", label)
		case authGCP:
			c.add("spec.auth.secretRef", nil, "does not apply to %s: use spec.auth.gcp with projectName and credentialsSecretRef or workloadIdentityFederation", label)
		}
	case a.AWS != nil:
		p.Type, p.AWSCredentials = policyAWSCredentials, awsCredentials(a.AWS, r, c)
	case a.Azure != nil:
		p.Type, p.AzureCredentials = policyAzureCredentials, azureCredentials(a.Azure, c)
	case a.GCP != nil:
		p.Type, p.GCPCredentials = policyGCPCredentials, gcpCredentials(a.GCP, r, c)
	}
	if a.Override != nil && p.Type != "" {
		p.CredentialOverride = credentialOverride(a.Override, p.Type, r, c, warn)
	}
	if p.Type != "" {
		r.policy = p
	}
}

// credentialOverride maps spec.auth.override to upstream's
// credentialOverride. The CRD (v1beta1, AI Gateway v1.1) accepts it on
// every policy type; v1alpha1 has no such field, and an API server would
// silently prune it, so that target is refused rather than emitted.
func credentialOverride(o *CredentialOverride, policyType string, r *resolved, c, warn *errs) *credentialOverrideSpec {
	const base = "spec.auth.override"
	if r.aigwVersion == "v1alpha1" {
		c.add(base, nil, "needs the v1beta1 BackendSecurityPolicy of AI Gateway v1.1 or later: v1alpha1 has no credentialOverride; remove spec.target.aiGatewayAPIVersion: v1alpha1 or remove the override")
	}
	switch {
	case o.FromRequestHeaders != nil && o.FromDynamicMetadata != nil:
		c.add(base, nil, "sets both fromRequestHeaders and fromDynamicMetadata; set exactly one of them")
	case o.FromRequestHeaders == nil && o.FromDynamicMetadata == nil:
		c.add(base, nil, "needs exactly one of fromRequestHeaders: {header: <name>} and fromDynamicMetadata: {namespace: <filter namespace>, key: <key>}")
		return nil
	}
	out := &credentialOverrideSpec{}
	if h := o.FromRequestHeaders; h != nil {
		p := base + ".fromRequestHeaders"
		if looksLikeCredential(h.Header) {
			c.add(p+".header", nil, "looks like a credential (not shown), not a header name: the override names the request header that carries a per-request credential, for example x-tenant-key; put stored credentials in a Secret referenced from spec.auth")
		} else if h.Header != "" && (len(h.Header) > 256 || !headerNameRE().MatchString(h.Header)) {
			c.add(p+".header", h.Header, "must be an HTTP header name (token characters, no spaces or ':'), got %q; leave it out for the default x-aigw-* header", h.Header)
		}
		if policyType == policyAWSCredentials {
			warn.add(p, nil, "carries an AWS secret access key in request headers, which any client can send; upstream recommends fromDynamicMetadata for AWSCredentials")
			if h.Header != "" && !strings.HasSuffix(h.Header, "-") {
				warn.add(p+".header", h.Header, "is a prefix for AWSCredentials (AI Gateway appends access-key-id, secret-access-key and session-token); write %q", h.Header+"-")
			}
		}
		out.FromRequestHeaders = &credentialFromRequestHeaders{Header: h.Header, FallbackToConfigured: h.FallbackToConfigured}
	}
	if m := o.FromDynamicMetadata; m != nil {
		p := base + ".fromDynamicMetadata"
		switch {
		case looksLikeCredential(m.Namespace):
			c.add(p+".namespace", nil, "looks like a credential (not shown), not an Envoy metadata namespace such as envoy.filters.http.ext_authz; put stored credentials in a Secret referenced from spec.auth")
		case m.Namespace == "":
			c.add(p+".namespace", nil, "is required: the Envoy metadata namespace the trusted filter writes, for example envoy.filters.http.ext_authz")
		case strings.ContainsAny(m.Namespace, " \t\n"):
			c.add(p+".namespace", m.Namespace, "must be an Envoy metadata namespace without spaces, such as envoy.filters.http.ext_authz, got %q", m.Namespace)
		}
		if looksLikeCredential(m.Key) {
			c.add(p+".key", nil, "looks like a credential (not shown), not a metadata key: the override names the dynamic-metadata key a trusted filter writes the per-request credential to, for example x-tenant-key; put stored credentials in a Secret referenced from spec.auth")
		} else if strings.ContainsAny(m.Key, " \t\n") {
			c.add(p+".key", m.Key, "must be a metadata key without spaces, got %q; leave it out for the default x-aigw-* key", m.Key)
		}
		out.FromDynamicMetadata = &credentialFromDynamicMetadata{Namespace: m.Namespace, Key: m.Key, FallbackToConfigured: m.FallbackToConfigured}
	}
	return out
}

func authHint(f authKind) string {
	switch f {
	case authAWS:
		return "use spec.auth.aws"
	case authGCP:
		return "use spec.auth.gcp"
	case authAzure:
		return "use spec.auth.secretRef (API key) or spec.auth.azure (Entra ID)"
	}
	return "use spec.auth.secretRef naming a Secret with key apiKey"
}

func secretRef(s *SecretRef, path string, c *errs) secretObjectRef {
	if s.Name == "" {
		c.add(path+".name", nil, "is required: the name of the Secret")
	} else if credentialName(s.Name) {
		c.add(path+".name", nil, "looks like a credential (not shown), not the name of a Secret: put the value in a Secret and write the Secret's name here")
	} else if len(s.Name) > 253 || !dnsSubdomainRE().MatchString(s.Name) {
		c.add(path+".name", s.Name, "must be the name of a Secret: a lowercase DNS name such as openai-api-key, got %q", s.Name)
	}
	if s.Namespace != "" && (len(s.Namespace) > 63 || !dnsLabelRE().MatchString(s.Namespace)) {
		c.add(path+".namespace", s.Namespace, "must be a namespace name: a lowercase DNS label, got %q", s.Namespace)
	}
	return secretObjectRef{Name: s.Name, Namespace: s.Namespace}
}

func awsCredentials(a *AWSAuth, r *resolved, c *errs) *awsCredentialsSpec {
	const base = "spec.auth.aws"
	rule, _ := regionRuleOf(authAWS)
	region := a.Region
	if region == "" {
		region = r.endpointRegion
	}
	switch {
	case r.multiRegion && a.Region != "":
		c.add(base+".region", a.Region, "conflicts with spec.endpoint.regions: each region's policy signs for its own region; remove it")
	case region == "" && r.regionGiven:
		// spec.endpoint.region is invalid or missing, and already reported
	case region == "":
		c.add(base+".region", nil, "is required: set spec.endpoint.region or spec.auth.aws.region (for example us-east-1)")
	case a.Region != "" && !rule.valid(a.Region):
		rule.refuse(base+".region", a.Region, c)
	default:
		checkRegionAgrees(base+".region", region, r, bedrockHostRE(), c)
	}
	out := &awsCredentialsSpec{Region: region}
	if a.CredentialsSecretRef != nil && a.OIDC != nil {
		c.add(base, nil, "sets both credentialsSecretRef and oidc; set one of them (or neither for the AWS SDK default chain)")
	}
	if a.CredentialsSecretRef != nil {
		out.CredentialsFile = &awsCredentialsFile{SecretRef: secretRef(a.CredentialsSecretRef, base+".credentialsSecretRef", c), Profile: a.Profile}
	} else if a.Profile != "" {
		c.add(base+".profile", nil, "is only used with credentialsSecretRef (a profile in the credentials file); remove it or add credentialsSecretRef")
	}
	switch {
	case a.OIDC != nil:
		if a.RoleARN == "" {
			c.add(base+".roleArn", nil, "is required with oidc: the IAM role to assume, for example arn:aws:iam::123456789012:role/bedrock")
		} else if !roleArnRE().MatchString(a.RoleARN) {
			c.add(base+".roleArn", a.RoleARN, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/bedrock, got %q", a.RoleARN)
		}
		o := oidc(a.OIDC, base+".oidc", c)
		out.OIDCExchangeToken = &awsOIDCExchangeToken{OIDC: o, AWSRoleArn: a.RoleARN, GrantType: a.OIDC.GrantType, Aud: a.OIDC.Aud}
	case a.RoleARN != "":
		c.add(base+".roleArn", nil, "is only used with oidc; add spec.auth.aws.oidc or remove roleArn")
	}
	return out
}

func azureCredentials(a *AzureAuth, c *errs) *azureCredentialsSpec {
	const base = "spec.auth.azure"
	for _, f := range []struct{ name, val string }{{"clientID", a.ClientID}, {"tenantID", a.TenantID}} {
		if f.val == "" {
			c.add(base+"."+f.name, nil, "is required: the Entra ID application's %s", f.name)
		} else if strings.ContainsAny(f.val, " \t\n/") {
			c.add(base+"."+f.name, f.val, "must be an Entra ID identifier (a GUID or domain), got %q", f.val)
		}
	}
	out := &azureCredentialsSpec{ClientID: a.ClientID, TenantID: a.TenantID}
	switch {
	case a.ClientSecretRef != nil && a.OIDC != nil:
		c.add(base, nil, "sets both clientSecretRef and oidc; set exactly one of them")
	case a.ClientSecretRef != nil:
		ref := secretRef(a.ClientSecretRef, base+".clientSecretRef", c)
		out.ClientSecretRef = &ref
	case a.OIDC != nil:
		out.OIDCExchangeToken = &oidcExchangeToken{OIDC: oidc(a.OIDC, base+".oidc", c), GrantType: a.OIDC.GrantType, Aud: a.OIDC.Aud}
	default:
		c.add(base, nil, "needs exactly one of clientSecretRef (a Secret with key client-secret) and oidc")
	}
	return out
}

func gcpCredentials(g *GCPAuth, r *resolved, c *errs) *gcpCredentialsSpec {
	const base = "spec.auth.gcp"
	if g.ProjectName == "" {
		c.add(base+".projectName", nil, "is required: the GCP project that hosts the model")
	} else if !gcpProjectRE().MatchString(g.ProjectName) {
		c.add(base+".projectName", g.ProjectName, "must be a GCP project ID (6-30 lowercase letters, digits and '-'), got %q", g.ProjectName)
	}
	rule, _ := regionRuleOf(authGCP)
	region := g.Region
	if region == "" {
		region = r.endpointRegion
	}
	switch {
	case r.multiRegion && g.Region != "":
		c.add(base+".region", g.Region, "conflicts with spec.endpoint.regions: each region's policy uses its own region; remove it")
	case region == "" && r.regionGiven:
		// spec.endpoint.region is invalid or missing, and already reported
	case region == "":
		c.add(base+".region", nil, "is required: set spec.endpoint.region or spec.auth.gcp.region (for example us-central1)")
	case g.Region != "" && !rule.valid(g.Region):
		rule.refuse(base+".region", g.Region, c)
	default:
		checkRegionAgrees(base+".region", region, r, vertexHostRE(), c)
	}
	out := &gcpCredentialsSpec{ProjectName: g.ProjectName, Region: region}
	switch {
	case g.CredentialsSecretRef != nil && g.WorkloadIdentityFederation != nil:
		c.add(base, nil, "sets both credentialsSecretRef and workloadIdentityFederation; set at most one of them")
	case g.CredentialsSecretRef != nil:
		out.CredentialsFile = &gcpCredentialsFile{SecretRef: secretRef(g.CredentialsSecretRef, base+".credentialsSecretRef", c)}
	case g.WorkloadIdentityFederation != nil:
		out.WorkloadIdentityFederationConfig = wif(g.WorkloadIdentityFederation, c)
	case r.aigwVersion == "v1alpha1":
		c.add(base, nil, "needs credentialsSecretRef or workloadIdentityFederation for target v1alpha1 (AI Gateway v0.5 and earlier have no Application Default Credentials)")
	}
	return out
}

func wif(w *WorkloadIdentityFederation, c *errs) *gcpWorkloadIdentityFederation {
	const base = "spec.auth.gcp.workloadIdentityFederation"
	for _, f := range []struct{ name, val string }{{"projectID", w.ProjectID}, {"workloadIdentityPoolName", w.WorkloadIdentityPoolName}, {"workloadIdentityProviderName", w.WorkloadIdentityProviderName}} {
		if f.val == "" {
			c.add(base+"."+f.name, nil, "is required for workload identity federation")
		}
	}
	out := &gcpWorkloadIdentityFederation{ProjectID: w.ProjectID, WorkloadIdentityPoolName: w.WorkloadIdentityPoolName,
		WorkloadIdentityProviderName: w.WorkloadIdentityProviderName,
		OIDCExchangeToken:            oidcExchangeToken{OIDC: oidc(&w.OIDC, base+".oidc", c), GrantType: w.OIDC.GrantType, Aud: w.OIDC.Aud}}
	if w.ServiceAccountName != "" {
		out.ServiceAccountImpersonation = &gcpServiceAccountImpersonation{ServiceAccountName: w.ServiceAccountName}
	}
	return out
}

func oidc(o *OIDC, base string, c *errs) egOIDC {
	if o.Issuer == "" {
		c.add(base+".issuer", nil, "is required: the OIDC issuer URL, for example https://token.actions.githubusercontent.com")
	} else if u, err := url.Parse(o.Issuer); err != nil || u.Scheme != "https" || u.Host == "" {
		c.add(base+".issuer", o.Issuer, "must be an https:// URL such as https://token.actions.githubusercontent.com, got %q", o.Issuer)
	}
	out := egOIDC{Provider: oidcProvider{Issuer: o.Issuer, TokenEndpoint: o.TokenEndpoint}, ClientID: o.ClientID, Scopes: o.Scopes}
	switch {
	case o.ClientID != "" && o.ClientIDRef != nil:
		c.add(base, nil, "sets both clientID and clientIDRef; set exactly one of them")
	case o.ClientID == "" && o.ClientIDRef == nil:
		c.add(base+".clientID", nil, "is required (or clientIDRef naming a Secret)")
	case o.ClientIDRef != nil:
		ref := secretRef(o.ClientIDRef, base+".clientIDRef", c)
		out.ClientIDRef = &ref
	}
	if o.ClientSecretRef == nil {
		c.add(base+".clientSecretRef", nil, "is required: the Secret holding the OIDC client secret")
	} else {
		out.ClientSecret = secretRef(o.ClientSecretRef, base+".clientSecretRef", c)
	}
	for i, s := range o.Scopes {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, " \t\n") {
			c.add(fmt.Sprintf("%s.scopes[%d]", base, i), s, "must be a single scope without spaces, got %q", s)
		}
	}
	return out
}

// checkRegionAgrees: when the endpoint hostname encodes a region, the
// credentials must use the same one (AWS signs for it; GCP builds the
// /projects/.../locations/<region>/ path from it).
func checkRegionAgrees(path, region string, r *resolved, hostRE *regexp.Regexp, c *errs) {
	hostRegion, ok := regionOfHost(hostRE, r.hostname)
	if ok && hostRegion != region {
		c.add(path, nil, "does not match the endpoint hostname %q, which is in region %q; use the same region in both", r.hostname, hostRegion)
	}
}

// regionOfHost extracts the region a Bedrock or Vertex hostname encodes.
func regionOfHost(hostRE *regexp.Regexp, host string) (string, bool) {
	m := hostRE.FindStringSubmatch(strings.TrimSuffix(host, "."))
	if m == nil {
		return "", false
	}
	if m[1] == "" {
		return "global", true
	}
	return m[1], true
}
