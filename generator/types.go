// Package generator turns an AIBackendSpec into the Envoy AI Gateway backend
// resource set. It is pure: no I/O, no global state. Decoding, defaulting,
// validation, the provider catalog and object construction all live here so
// that the ResourceList glue in package fn only has to find specs and merge
// the objects this package returns.
package generator

// Group, version and Kind of the functionConfig this function accepts.
const (
	Group      = "fn.aigw.dev"
	version    = "v1alpha1"
	Kind       = "AIBackendSpec"
	APIVersion = Group + "/" + version
)

// AnnotationImportIncomplete marks a spec `aigw-backend import` printed
// although it does not regenerate what was imported (a field import could
// not carry, or a credential it would not copy). Its value says what was
// lost. The function refuses a spec that carries it until a person has
// finished the spec and removed the annotation: a script that saves
// import's output cannot apply a lossy spec by mistake.
const AnnotationImportIncomplete = Group + "/import-incomplete"

// AIBackendSpec is the functionConfig (or in-package local-config object)
// that describes one AI provider backend. Ten lines of it replace the three
// or four upstream resources that must agree with each other.
type AIBackendSpec struct {
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Metadata   ObjectMeta `json:"metadata"`
	Spec       Spec       `json:"spec"`

	// failed lists the field paths Decode reported, so that Generate does
	// not report their defaults or absence a second time (one problem,
	// one error); decodeErrs keeps those problems so that Generate never
	// returns objects for a spec Decode refused.
	failed     []string
	decodeErrs FieldErrors
}

// ObjectMeta is the subset of Kubernetes object metadata a spec may carry.
// The name is the stem of every generated object's name.
type ObjectMeta struct {
	// Name of the spec; generated objects are <name>, <name>-tls, <name>-auth.
	Name string `json:"name"`
	// Namespace of every generated object. Default "default".
	Namespace string `json:"namespace,omitempty"`
	// Labels and Annotations of the spec itself (orchestrators put their
	// path/index annotations here). They are not copied to generated
	// objects; use spec.labels / spec.annotations for that.
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// Spec describes the provider backend.
type Spec struct {
	// Provider is a catalog key such as openai, anthropic, aws-bedrock,
	// azure-openai, gcp-vertex-ai, gemini or openai-compatible. Required
	// unless both schema.name and endpoint are given.
	Provider string `json:"provider,omitempty"`
	// Schema overrides the provider's upstream API schema.
	Schema *Schema `json:"schema,omitempty"`
	// Endpoint overrides or completes the provider's endpoint.
	Endpoint *Endpoint `json:"endpoint,omitempty"`
	// TLS controls the BackendTLSPolicy.
	TLS *TLS `json:"tls,omitempty"`
	// Auth references the credentials; it becomes a BackendSecurityPolicy.
	Auth *Auth `json:"auth,omitempty"`
	// HeaderMutation is copied to the AIServiceBackend.
	HeaderMutation *HeaderMutation `json:"headerMutation,omitempty"`
	// BodyMutation is copied to the AIServiceBackend.
	BodyMutation *BodyMutation `json:"bodyMutation,omitempty"`
	// Target selects the upstream API versions to emit.
	Target *Target `json:"target,omitempty"`
	// Labels are added to every generated object.
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations are added to every generated object.
	Annotations map[string]string `json:"annotations,omitempty"`
}

// Schema is the upstream AIServiceBackend schema (versionedAPISchema).
type Schema struct {
	// Name is the upstream schema enum: OpenAI, Anthropic, AWSBedrock,
	// AzureOpenAI, GCPVertexAI, GCPAnthropic, AWSAnthropic or Cohere.
	Name string `json:"name,omitempty"`
	// Version is the Azure api-version, the Cohere path version or the
	// Anthropic-on-cloud version. Upstream ignores it for OpenAI, Anthropic,
	// AWSBedrock and GCPVertexAI, so setting it there is an error.
	Version *string `json:"version,omitempty"`
	// Prefix is the path prefix of OpenAI and Anthropic schemas; it must
	// start with "/" ("/" alone means no prefix).
	Prefix *string `json:"prefix,omitempty"`
}

// Endpoint is where the provider is reached.
type Endpoint struct {
	// Hostname is a lowercase FQDN with at least two labels, not an IP.
	Hostname string `json:"hostname,omitempty"`
	// Port is 1-65535. Default 443, or 80 for an in-cluster service.
	Port *int `json:"port,omitempty"`
	// Region fills the hostname pattern of AWS and GCP providers and is the
	// default region of their credentials.
	Region string `json:"region,omitempty"`
	// Resource is the Azure OpenAI resource name: {resource}.openai.azure.com.
	Resource string `json:"resource,omitempty"`
	// Service is an in-cluster Service. It becomes the Backend FQDN
	// <name>.<namespace>.svc.cluster.local, never a Service backendRef.
	Service *ServiceRef `json:"service,omitempty"`
	// Regions (AWS and GCP providers, instead of Region) emits one full
	// object set per region, named <name>-<region>, so that a route can fail
	// over between regions; each set's credentials use its own region.
	Regions []string `json:"regions,omitempty"`
}

// ServiceRef names an in-cluster Service serving the model.
type ServiceRef struct {
	Name string `json:"name"`
	// Namespace defaults to the spec's namespace.
	Namespace string `json:"namespace,omitempty"`
	// Port defaults to endpoint.port, then 80.
	Port *int `json:"port,omitempty"`
}

// TLS configures the BackendTLSPolicy.
type TLS struct {
	// Enabled emits a BackendTLSPolicy. Default: true for port 443 and for
	// public catalog providers, false for in-cluster services.
	Enabled *bool `json:"enabled,omitempty"`
	// Hostname is the certificate/SNI hostname. Default: the endpoint
	// hostname without a trailing dot.
	Hostname string `json:"hostname,omitempty"`
	// CACertificateRefs names ConfigMaps holding ca.crt. Without them the
	// policy trusts the system CAs (wellKnownCACertificates: System).
	CACertificateRefs []string `json:"caCertificateRefs,omitempty"`
}

// Auth references credentials. At most one of SecretRef, AWS, Azure, GCP.
type Auth struct {
	// SecretRef names a Secret with key "apiKey". The policy type follows
	// the schema: APIKey, AnthropicAPIKey or AzureAPIKey.
	SecretRef *SecretRef `json:"secretRef,omitempty"`
	// AWS becomes an AWSCredentials policy.
	AWS *AWSAuth `json:"aws,omitempty"`
	// Azure becomes an AzureCredentials policy.
	Azure *AzureAuth `json:"azure,omitempty"`
	// GCP becomes a GCPCredentials policy.
	GCP *GCPAuth `json:"gcp,omitempty"`
	// Override lets a trusted filter supply the credential per request
	// (AI Gateway v1.1 credentialOverride); the credential above stays the
	// fallback.
	Override *CredentialOverride `json:"override,omitempty"`
}

// CredentialOverride sources the upstream credential per request: exactly
// one of FromRequestHeaders and FromDynamicMetadata. It maps one to one to
// the v1beta1 BackendSecurityPolicy spec.credentialOverride.
type CredentialOverride struct {
	FromRequestHeaders  *OverrideFromRequestHeaders  `json:"fromRequestHeaders,omitempty"`
	FromDynamicMetadata *OverrideFromDynamicMetadata `json:"fromDynamicMetadata,omitempty"`
}

// OverrideFromRequestHeaders reads the credential from a request header
// that a trusted filter writes (any client can send headers).
type OverrideFromRequestHeaders struct {
	// Header defaults upstream to the x-aigw-* header of the policy type;
	// for AWS it is a prefix (x-aigw-aws-).
	Header string `json:"header,omitempty"`
	// FallbackToConfigured: true (upstream default) uses the configured
	// credential when the header is absent; false answers 401.
	FallbackToConfigured *bool `json:"fallbackToConfigured,omitempty"`
}

// OverrideFromDynamicMetadata reads the credential from Envoy dynamic
// metadata set by a trusted filter such as ext_authz.
type OverrideFromDynamicMetadata struct {
	// Namespace is the metadata namespace, e.g. envoy.filters.http.ext_authz.
	Namespace string `json:"namespace"`
	// Key defaults upstream to the x-aigw-* name of the policy type.
	Key                  string `json:"key,omitempty"`
	FallbackToConfigured *bool  `json:"fallbackToConfigured,omitempty"`
}

// SecretRef names a Secret; the value never appears in the spec.
type SecretRef struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

// AWSAuth configures SigV4 signing. With neither credentialsSecretRef nor
// oidc the AWS SDK default chain is used (IRSA, EKS Pod Identity, IMDS...).
type AWSAuth struct {
	// Region defaults to endpoint.region.
	Region string `json:"region,omitempty"`
	// CredentialsSecretRef names a Secret with key "credentials" (an AWS
	// credentials file).
	CredentialsSecretRef *SecretRef `json:"credentialsSecretRef,omitempty"`
	// Profile in the credentials file; only with credentialsSecretRef.
	Profile string `json:"profile,omitempty"`
	// OIDC exchanges an OIDC token for the role in roleArn.
	OIDC *OIDC `json:"oidc,omitempty"`
	// RoleARN is the role assumed with the OIDC token; required with oidc.
	RoleARN string `json:"roleArn,omitempty"`
}

// AzureAuth configures Entra ID credentials: exactly one of
// clientSecretRef and oidc.
type AzureAuth struct {
	ClientID string `json:"clientID"`
	TenantID string `json:"tenantID"`
	// ClientSecretRef names a Secret with key "client-secret".
	ClientSecretRef *SecretRef `json:"clientSecretRef,omitempty"`
	OIDC            *OIDC      `json:"oidc,omitempty"`
}

// GCPAuth configures GCP credentials. With neither credentialsSecretRef nor
// workloadIdentityFederation, Application Default Credentials are used
// (upstream v1beta1 only).
type GCPAuth struct {
	ProjectName string `json:"projectName"`
	// Region defaults to endpoint.region.
	Region string `json:"region,omitempty"`
	// CredentialsSecretRef names a Secret with key "service_account.json".
	CredentialsSecretRef       *SecretRef                  `json:"credentialsSecretRef,omitempty"`
	WorkloadIdentityFederation *WorkloadIdentityFederation `json:"workloadIdentityFederation,omitempty"`
}

// WorkloadIdentityFederation is GCP workload identity federation.
type WorkloadIdentityFederation struct {
	ProjectID                    string `json:"projectID"`
	WorkloadIdentityPoolName     string `json:"workloadIdentityPoolName"`
	WorkloadIdentityProviderName string `json:"workloadIdentityProviderName"`
	// ServiceAccountName, when set, is impersonated.
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
	OIDC               OIDC   `json:"oidc"`
}

// OIDC is the token exchange used by AWS, Azure and GCP federation. It maps
// to Envoy Gateway's OIDC type.
type OIDC struct {
	Issuer        string `json:"issuer"`
	TokenEndpoint string `json:"tokenEndpoint,omitempty"`
	// Exactly one of ClientID and ClientIDRef.
	ClientID    string     `json:"clientID,omitempty"`
	ClientIDRef *SecretRef `json:"clientIDRef,omitempty"`
	// ClientSecretRef names the Secret with the client secret (required).
	ClientSecretRef *SecretRef `json:"clientSecretRef,omitempty"`
	Scopes          []string   `json:"scopes,omitempty"`
	GrantType       string     `json:"grantType,omitempty"`
	Aud             string     `json:"aud,omitempty"`
}

// HeaderMutation sets or removes request headers (at most 16 each).
type HeaderMutation struct {
	Set    []Header `json:"set,omitempty"`
	Remove []string `json:"remove,omitempty"`
}

// Header is one header to set.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// BodyMutation sets or removes top-level JSON body fields (at most 16 each).
type BodyMutation struct {
	Set    []BodyField `json:"set,omitempty"`
	Remove []string    `json:"remove,omitempty"`
}

// BodyField is one body field to set. A value that looks like JSON (a
// quoted string, a number, true/false/null, an object or an array) is
// inserted raw and must be valid JSON; anything else becomes a JSON string.
type BodyField struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// Target selects upstream API versions for older installations.
type Target struct {
	// AIGatewayAPIVersion: v1beta1 (AI Gateway >= 0.6, default) or v1alpha1 (<= 0.5).
	AIGatewayAPIVersion string `json:"aiGatewayAPIVersion,omitempty"`
	// BackendTLSPolicyAPIVersion: v1 (Envoy Gateway >= 1.6, default) or v1alpha3 (<= 1.5).
	BackendTLSPolicyAPIVersion string `json:"backendTLSPolicyAPIVersion,omitempty"`
}
