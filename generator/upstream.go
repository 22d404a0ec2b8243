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

// Group returns the API group of the object.
func (o *Object) Group() string { return GroupOf(o.APIVersion) }

// BackendSpec is gateway.envoyproxy.io/v1alpha1 Backend spec.
type BackendSpec struct {
	Endpoints []BackendEndpoint `json:"endpoints"`
}

// BackendEndpoint holds exactly one address; this function only emits fqdn.
type BackendEndpoint struct {
	FQDN *FQDNEndpoint `json:"fqdn"`
}

// FQDNEndpoint is a DNS name and port.
type FQDNEndpoint struct {
	Hostname string `json:"hostname"`
	Port     int    `json:"port"`
}

// AIServiceBackendSpec is aigateway.envoyproxy.io AIServiceBackend spec.
type AIServiceBackendSpec struct {
	Schema         VersionedAPISchema  `json:"schema"`
	BackendRef     BackendRef          `json:"backendRef"`
	HeaderMutation *HTTPHeaderMutation `json:"headerMutation,omitempty"`
	BodyMutation   *HTTPBodyMutation   `json:"bodyMutation,omitempty"`
}

// VersionedAPISchema is the upstream schema block.
type VersionedAPISchema struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	Prefix  string `json:"prefix,omitempty"`
}

// BackendRef always names an Envoy Gateway Backend explicitly: group and
// kind default to a core Service upstream, which the CRD rejects.
type BackendRef struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Group string `json:"group"`
}

// HTTPHeaderMutation is Gateway API's header filter shape.
type HTTPHeaderMutation struct {
	Set    []Header `json:"set,omitempty"`
	Remove []string `json:"remove,omitempty"`
}

// HTTPBodyMutation is AI Gateway's body mutation.
type HTTPBodyMutation struct {
	Set    []BodyField `json:"set,omitempty"`
	Remove []string    `json:"remove,omitempty"`
}

// BackendTLSPolicySpec is gateway.networking.k8s.io BackendTLSPolicy spec.
type BackendTLSPolicySpec struct {
	TargetRefs []PolicyTargetRef `json:"targetRefs"`
	Validation TLSValidation     `json:"validation"`
}

// PolicyTargetRef is a local policy target (no namespace, no sectionName:
// a sectionName would only match a backendRef with a port).
type PolicyTargetRef struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
}

// TLSValidation: exactly one of CACertificateRefs and WellKnownCACertificates.
type TLSValidation struct {
	CACertificateRefs       []LocalObjectRef `json:"caCertificateRefs,omitempty"`
	Hostname                string           `json:"hostname"`
	WellKnownCACertificates string           `json:"wellKnownCACertificates,omitempty"`
}

// LocalObjectRef is Gateway API's LocalObjectReference (group required, "" = core).
type LocalObjectRef struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
}

// BackendSecurityPolicySpec carries type plus exactly its one block.
type BackendSecurityPolicySpec struct {
	TargetRefs       []PolicyTargetRef  `json:"targetRefs"`
	Type             string             `json:"type"`
	APIKey           *APIKeyCredentials `json:"apiKey,omitempty"`
	AnthropicAPIKey  *APIKeyCredentials `json:"anthropicAPIKey,omitempty"`
	AzureAPIKey      *APIKeyCredentials `json:"azureAPIKey,omitempty"`
	AWSCredentials   *AWSCredentials    `json:"awsCredentials,omitempty"`
	AzureCredentials *AzureCredentials  `json:"azureCredentials,omitempty"`
	GCPCredentials   *GCPCredentials    `json:"gcpCredentials,omitempty"`
	// CredentialOverride exists in v1beta1 from AI Gateway v1.1 on.
	CredentialOverride *CredentialOverrideSpec `json:"credentialOverride,omitempty"`
}

// CredentialOverrideSpec is upstream's credentialOverride (exactly one source).
type CredentialOverrideSpec struct {
	FromRequestHeaders  *CredentialFromRequestHeaders  `json:"fromRequestHeaders,omitempty"`
	FromDynamicMetadata *CredentialFromDynamicMetadata `json:"fromDynamicMetadata,omitempty"`
}

// CredentialFromRequestHeaders is upstream's fromRequestHeaders.
type CredentialFromRequestHeaders struct {
	Header               string `json:"header,omitempty"`
	FallbackToConfigured *bool  `json:"fallbackToConfigured,omitempty"`
}

// CredentialFromDynamicMetadata is upstream's fromDynamicMetadata.
type CredentialFromDynamicMetadata struct {
	Namespace            string `json:"namespace"`
	Key                  string `json:"key,omitempty"`
	FallbackToConfigured *bool  `json:"fallbackToConfigured,omitempty"`
}

// BackendSecurityPolicy types.
const (
	PolicyAPIKey           = "APIKey"
	PolicyAnthropicAPIKey  = "AnthropicAPIKey"
	PolicyAzureAPIKey      = "AzureAPIKey"
	PolicyAWSCredentials   = "AWSCredentials"
	PolicyAzureCredentials = "AzureCredentials"
	PolicyGCPCredentials   = "GCPCredentials"
)

// SecretObjectRef is Gateway API's SecretObjectReference (kind defaults to Secret).
type SecretObjectRef struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

// APIKeyCredentials is the apiKey / anthropicAPIKey / azureAPIKey block.
type APIKeyCredentials struct {
	SecretRef SecretObjectRef `json:"secretRef"`
}

// AWSCredentials is the awsCredentials block.
type AWSCredentials struct {
	Region            string                `json:"region"`
	CredentialsFile   *AWSCredentialsFile   `json:"credentialsFile,omitempty"`
	OIDCExchangeToken *AWSOIDCExchangeToken `json:"oidcExchangeToken,omitempty"`
}

// AWSCredentialsFile references a Secret with key "credentials".
type AWSCredentialsFile struct {
	SecretRef SecretObjectRef `json:"secretRef"`
	Profile   string          `json:"profile,omitempty"`
}

// AWSOIDCExchangeToken exchanges an OIDC token for an AWS role.
type AWSOIDCExchangeToken struct {
	OIDC       EGOIDC `json:"oidc"`
	AWSRoleArn string `json:"awsRoleArn"`
	GrantType  string `json:"grantType,omitempty"`
	Aud        string `json:"aud,omitempty"`
}

// OIDCExchangeToken is the Azure / GCP token exchange.
type OIDCExchangeToken struct {
	OIDC      EGOIDC `json:"oidc"`
	GrantType string `json:"grantType,omitempty"`
	Aud       string `json:"aud,omitempty"`
}

// EGOIDC is the subset of Envoy Gateway's OIDC type used for token exchange.
type EGOIDC struct {
	Provider     OIDCProvider     `json:"provider"`
	ClientID     string           `json:"clientID,omitempty"`
	ClientIDRef  *SecretObjectRef `json:"clientIDRef,omitempty"`
	ClientSecret SecretObjectRef  `json:"clientSecret"`
	Scopes       []string         `json:"scopes,omitempty"`
}

// OIDCProvider names the issuer.
type OIDCProvider struct {
	Issuer        string `json:"issuer"`
	TokenEndpoint string `json:"tokenEndpoint,omitempty"`
}

// AzureCredentials is the azureCredentials block.
type AzureCredentials struct {
	ClientID          string             `json:"clientID"`
	TenantID          string             `json:"tenantID"`
	ClientSecretRef   *SecretObjectRef   `json:"clientSecretRef,omitempty"`
	OIDCExchangeToken *OIDCExchangeToken `json:"oidcExchangeToken,omitempty"`
}

// GCPCredentials is the gcpCredentials block.
type GCPCredentials struct {
	ProjectName                      string                         `json:"projectName"`
	Region                           string                         `json:"region"`
	CredentialsFile                  *GCPCredentialsFile            `json:"credentialsFile,omitempty"`
	WorkloadIdentityFederationConfig *GCPWorkloadIdentityFederation `json:"workloadIdentityFederationConfig,omitempty"`
}

// GCPCredentialsFile references a Secret with key "service_account.json".
type GCPCredentialsFile struct {
	SecretRef SecretObjectRef `json:"secretRef"`
}

// GCPWorkloadIdentityFederation is upstream's workloadIdentityFederationConfig.
type GCPWorkloadIdentityFederation struct {
	ProjectID                    string                          `json:"projectID"`
	WorkloadIdentityPoolName     string                          `json:"workloadIdentityPoolName"`
	WorkloadIdentityProviderName string                          `json:"workloadIdentityProviderName"`
	OIDCExchangeToken            OIDCExchangeToken               `json:"oidcExchangeToken"`
	ServiceAccountImpersonation  *GCPServiceAccountImpersonation `json:"serviceAccountImpersonation,omitempty"`
}

// GCPServiceAccountImpersonation names the impersonated service account.
type GCPServiceAccountImpersonation struct {
	ServiceAccountName string `json:"serviceAccountName"`
}
