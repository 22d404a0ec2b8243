package generator

import "strings"

// The structs below mirror only the upstream fields this function emits
// (no status, no defaults the API server fills in). Field names and JSON
// tags follow the upstream CRDs pinned in testdata/crds; the CRD validation
// tests prove they agree. Hand-written structs keep the function binary
// small (the typed Envoy Gateway module doubles it) and the output minimal.

// Upstream API groups and kinds.
const (
	GroupEnvoyGateway = "gateway.envoyproxy.io"
	GroupAIGateway    = "aigateway.envoyproxy.io"
	GroupGatewayAPI   = "gateway.networking.k8s.io"

	KindBackend               = "Backend"
	KindAIServiceBackend      = "AIServiceBackend"
	KindBackendTLSPolicy      = "BackendTLSPolicy"
	KindBackendSecurityPolicy = "BackendSecurityPolicy"
)

// groupKind is a Kubernetes API group and kind.
type groupKind struct{ group, kind string }

// generatedKinds are the four group/kinds the function generates: the only
// ones it ever patches or prunes, and the ones lint checks. A Secret or an
// example.com Backend carrying the function's annotation is still the
// user's. This is the one table; fn and lint ask IsGeneratedKind.
var generatedKinds = map[groupKind]bool{
	{GroupEnvoyGateway, KindBackend}:            true,
	{GroupAIGateway, KindAIServiceBackend}:      true,
	{GroupAIGateway, KindBackendSecurityPolicy}: true,
	{GroupGatewayAPI, KindBackendTLSPolicy}:     true,
}

// IsGeneratedKind reports whether an API group and kind name one of the
// four kinds the function generates.
func IsGeneratedKind(group, kind string) bool { return generatedKinds[groupKind{group, kind}] }

// GroupOf is the API group of an apiVersion ("" for the core group "v1").
func GroupOf(apiVersion string) string {
	g, _, found := strings.Cut(apiVersion, "/")
	if !found {
		return ""
	}
	return g
}

// Object is one generated Kubernetes object.
type Object struct {
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Metadata   ObjectMeta `json:"metadata"`
	Spec       any        `json:"spec"`
}

// group returns the API group of the object.
func (o *Object) group() string { return GroupOf(o.APIVersion) }

// backendSpec is gateway.envoyproxy.io/v1alpha1 Backend spec.
type backendSpec struct {
	Endpoints []backendEndpoint `json:"endpoints"`
}

// backendEndpoint holds exactly one address; this function only emits fqdn.
type backendEndpoint struct {
	FQDN *fqdnEndpoint `json:"fqdn"`
}

// fqdnEndpoint is a DNS name and port.
type fqdnEndpoint struct {
	Hostname string `json:"hostname"`
	Port     int    `json:"port"`
}

// aiServiceBackendSpec is aigateway.envoyproxy.io AIServiceBackend spec.
type aiServiceBackendSpec struct {
	Schema         versionedAPISchema  `json:"schema"`
	BackendRef     backendRef          `json:"backendRef"`
	HeaderMutation *httpHeaderMutation `json:"headerMutation,omitempty"`
	BodyMutation   *httpBodyMutation   `json:"bodyMutation,omitempty"`
}

// versionedAPISchema is the upstream schema block.
type versionedAPISchema struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	Prefix  string `json:"prefix,omitempty"`
}

// backendRef always names an Envoy Gateway Backend explicitly: group and
// kind default to a core Service upstream, which the CRD rejects.
type backendRef struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Group string `json:"group"`
}

// httpHeaderMutation is Gateway API's header filter shape.
type httpHeaderMutation struct {
	Set    []Header `json:"set,omitempty"`
	Remove []string `json:"remove,omitempty"`
}

// httpBodyMutation is AI Gateway's body mutation.
type httpBodyMutation struct {
	Set    []BodyField `json:"set,omitempty"`
	Remove []string    `json:"remove,omitempty"`
}

// backendTLSPolicySpec is gateway.networking.k8s.io BackendTLSPolicy spec.
type backendTLSPolicySpec struct {
	TargetRefs []policyTargetRef `json:"targetRefs"`
	Validation tlsValidation     `json:"validation"`
}

// policyTargetRef is a local policy target (no namespace, no sectionName:
// a sectionName would only match a backendRef with a port).
type policyTargetRef struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
}

// tlsValidation: exactly one of CACertificateRefs and WellKnownCACertificates.
type tlsValidation struct {
	CACertificateRefs       []localObjectRef `json:"caCertificateRefs,omitempty"`
	Hostname                string           `json:"hostname"`
	WellKnownCACertificates string           `json:"wellKnownCACertificates,omitempty"`
}

// localObjectRef is Gateway API's LocalObjectReference (group required, "" = core).
type localObjectRef struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
}

// backendSecurityPolicySpec carries type plus exactly its one block.
type backendSecurityPolicySpec struct {
	TargetRefs       []policyTargetRef     `json:"targetRefs"`
	Type             string                `json:"type"`
	APIKey           *apiKeyCredentials    `json:"apiKey,omitempty"`
	AnthropicAPIKey  *apiKeyCredentials    `json:"anthropicAPIKey,omitempty"`
	AzureAPIKey      *apiKeyCredentials    `json:"azureAPIKey,omitempty"`
	AWSCredentials   *awsCredentialsSpec   `json:"awsCredentials,omitempty"`
	AzureCredentials *azureCredentialsSpec `json:"azureCredentials,omitempty"`
	GCPCredentials   *gcpCredentialsSpec   `json:"gcpCredentials,omitempty"`
	// CredentialOverride exists in v1beta1 from AI Gateway v1.1 on.
	CredentialOverride *credentialOverrideSpec `json:"credentialOverride,omitempty"`
}

// credentialOverrideSpec is upstream's credentialOverride (exactly one source).
type credentialOverrideSpec struct {
	FromRequestHeaders  *credentialFromRequestHeaders  `json:"fromRequestHeaders,omitempty"`
	FromDynamicMetadata *credentialFromDynamicMetadata `json:"fromDynamicMetadata,omitempty"`
}

// credentialFromRequestHeaders is upstream's fromRequestHeaders.
type credentialFromRequestHeaders struct {
	Header               string `json:"header,omitempty"`
	FallbackToConfigured *bool  `json:"fallbackToConfigured,omitempty"`
}

// credentialFromDynamicMetadata is upstream's fromDynamicMetadata.
type credentialFromDynamicMetadata struct {
	Namespace            string `json:"namespace"`
	Key                  string `json:"key,omitempty"`
	FallbackToConfigured *bool  `json:"fallbackToConfigured,omitempty"`
}

// BackendSecurityPolicy types.
const (
	policyAPIKey           = "APIKey"
	policyAnthropicAPIKey  = "AnthropicAPIKey"
	policyAzureAPIKey      = "AzureAPIKey"
	policyAWSCredentials   = "AWSCredentials"
	policyAzureCredentials = "AzureCredentials"
	policyGCPCredentials   = "GCPCredentials"
)

// secretObjectRef is Gateway API's SecretObjectReference (kind defaults to Secret).
type secretObjectRef struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

// apiKeyCredentials is the apiKey / anthropicAPIKey / azureAPIKey block.
type apiKeyCredentials struct {
	SecretRef secretObjectRef `json:"secretRef"`
}

// awsCredentialsSpec is the awsCredentials block.
type awsCredentialsSpec struct {
	Region            string                `json:"region"`
	CredentialsFile   *awsCredentialsFile   `json:"credentialsFile,omitempty"`
	OIDCExchangeToken *awsOIDCExchangeToken `json:"oidcExchangeToken,omitempty"`
}

// awsCredentialsFile references a Secret with key "credentials".
type awsCredentialsFile struct {
	SecretRef secretObjectRef `json:"secretRef"`
	Profile   string          `json:"profile,omitempty"`
}

// awsOIDCExchangeToken exchanges an OIDC token for an AWS role.
type awsOIDCExchangeToken struct {
	OIDC       egOIDC `json:"oidc"`
	AWSRoleArn string `json:"awsRoleArn"`
	GrantType  string `json:"grantType,omitempty"`
	Aud        string `json:"aud,omitempty"`
}

// oidcExchangeToken is the Azure / GCP token exchange.
type oidcExchangeToken struct {
	OIDC      egOIDC `json:"oidc"`
	GrantType string `json:"grantType,omitempty"`
	Aud       string `json:"aud,omitempty"`
}

// egOIDC is the subset of Envoy Gateway's OIDC type used for token exchange.
type egOIDC struct {
	Provider     oidcProvider     `json:"provider"`
	ClientID     string           `json:"clientID,omitempty"`
	ClientIDRef  *secretObjectRef `json:"clientIDRef,omitempty"`
	ClientSecret secretObjectRef  `json:"clientSecret"`
	Scopes       []string         `json:"scopes,omitempty"`
}

// oidcProvider names the issuer.
type oidcProvider struct {
	Issuer        string `json:"issuer"`
	TokenEndpoint string `json:"tokenEndpoint,omitempty"`
}

// azureCredentialsSpec is the azureCredentials block.
type azureCredentialsSpec struct {
	ClientID          string             `json:"clientID"`
	TenantID          string             `json:"tenantID"`
	ClientSecretRef   *secretObjectRef   `json:"clientSecretRef,omitempty"`
	OIDCExchangeToken *oidcExchangeToken `json:"oidcExchangeToken,omitempty"`
}

// gcpCredentialsSpec is the gcpCredentials block.
type gcpCredentialsSpec struct {
	ProjectName                      string                         `json:"projectName"`
	Region                           string                         `json:"region"`
	CredentialsFile                  *gcpCredentialsFile            `json:"credentialsFile,omitempty"`
	WorkloadIdentityFederationConfig *gcpWorkloadIdentityFederation `json:"workloadIdentityFederationConfig,omitempty"`
}

// gcpCredentialsFile references a Secret with key "service_account.json".
type gcpCredentialsFile struct {
	SecretRef secretObjectRef `json:"secretRef"`
}

// gcpWorkloadIdentityFederation is upstream's workloadIdentityFederationConfig.
type gcpWorkloadIdentityFederation struct {
	ProjectID                    string                          `json:"projectID"`
	WorkloadIdentityPoolName     string                          `json:"workloadIdentityPoolName"`
	WorkloadIdentityProviderName string                          `json:"workloadIdentityProviderName"`
	OIDCExchangeToken            oidcExchangeToken               `json:"oidcExchangeToken"`
	ServiceAccountImpersonation  *gcpServiceAccountImpersonation `json:"serviceAccountImpersonation,omitempty"`
}

// gcpServiceAccountImpersonation names the impersonated service account.
type gcpServiceAccountImpersonation struct {
	ServiceAccountName string `json:"serviceAccountName"`
}
