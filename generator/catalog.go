package generator

import "sort"

// Upstream schema names (AIServiceBackend spec.schema.name).
const (
	SchemaOpenAI       = "OpenAI"
	SchemaAnthropic    = "Anthropic"
	SchemaAWSBedrock   = "AWSBedrock"
	SchemaAzureOpenAI  = "AzureOpenAI"
	SchemaGCPVertexAI  = "GCPVertexAI"
	SchemaGCPAnthropic = "GCPAnthropic"
	SchemaAWSAnthropic = "AWSAnthropic"
	SchemaCohere       = "Cohere"
)

// schemaNames is the upstream enum, in the CRD's order.
var schemaNames = []string{SchemaOpenAI, SchemaCohere, SchemaAWSBedrock, SchemaAzureOpenAI,
	SchemaGCPVertexAI, SchemaGCPAnthropic, SchemaAnthropic, SchemaAWSAnthropic}

// authKind is the family of credentials a provider takes.
type authKind string

const (
	authAPIKey authKind = "apiKey" // spec.auth.secretRef
	authAWS    authKind = "aws"
	authAzure  authKind = "azure" // secretRef (AzureAPIKey) or azure
	authGCP    authKind = "gcp"
)

// Provider is one catalog entry: everything the function knows about a
// provider so a spec only has to name it.
type Provider struct {
	Key    string
	Schema string
	// Prefix is emitted unless the spec overrides it (versions default by
	// schema: see defaultVersion).
	Prefix string
	// VersionRequired: the spec must give schema.version (Azure).
	VersionRequired bool
	// Hostname is fixed; HostPattern is filled from region or resource.
	Hostname    string
	HostPattern hostPattern
	Auth        authKind
	// AuthRequired: a spec without auth is an error (or, for AWS, gets the
	// SDK default chain).
	AuthRequired bool
	// Public providers get TLS by default whatever the port.
	Public bool
	// Doc is the one-line description shown in the README table.
	Doc string
}

// hostPattern says how a hostname is derived.
type hostPattern string

const (
	hostFixed    hostPattern = ""
	hostAWS      hostPattern = "bedrock-runtime.{region}.amazonaws.com"
	hostGCP      hostPattern = "{region}-aiplatform.googleapis.com"
	hostAzure    hostPattern = "{resource}.openai.azure.com"
	hostRequired hostPattern = "required"
)

// catalog is the provider table of the contract plus the OpenAI-compatible
// services whose hostname and prefix upstream (or the provider) documents.
var catalog = map[string]Provider{
	"openai":            {Key: "openai", Schema: SchemaOpenAI, Hostname: "api.openai.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "OpenAI"},
	"anthropic":         {Key: "anthropic", Schema: SchemaAnthropic, Hostname: "api.anthropic.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Anthropic (native Messages API)"},
	"aws-bedrock":       {Key: "aws-bedrock", Schema: SchemaAWSBedrock, HostPattern: hostAWS, Auth: authAWS, AuthRequired: true, Public: true, Doc: "AWS Bedrock"},
	"aws-anthropic":     {Key: "aws-anthropic", Schema: SchemaAWSAnthropic, HostPattern: hostAWS, Auth: authAWS, AuthRequired: true, Public: true, Doc: "Claude on AWS Bedrock (upstream defaults version to bedrock-2023-05-31)"},
	"azure-openai":      {Key: "azure-openai", Schema: SchemaAzureOpenAI, VersionRequired: true, HostPattern: hostAzure, Auth: authAzure, AuthRequired: true, Public: true, Doc: "Azure OpenAI (schema.version = api-version)"},
	"gcp-vertex-ai":     {Key: "gcp-vertex-ai", Schema: SchemaGCPVertexAI, HostPattern: hostGCP, Auth: authGCP, AuthRequired: true, Public: true, Doc: "Gemini on GCP Vertex AI"},
	"gcp-anthropic":     {Key: "gcp-anthropic", Schema: SchemaGCPAnthropic, HostPattern: hostGCP, Auth: authGCP, AuthRequired: true, Public: true, Doc: "Claude on GCP Vertex AI"},
	"cohere":            {Key: "cohere", Schema: SchemaCohere, Hostname: "api.cohere.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Cohere (native v2 API)"},
	"gemini":            {Key: "gemini", Schema: SchemaOpenAI, Prefix: "/v1beta/openai", Hostname: "generativelanguage.googleapis.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Gemini API (Google AI Studio), OpenAI-compatible endpoint"},
	"openai-compatible": {Key: "openai-compatible", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Doc: "any OpenAI-compatible server: set endpoint.hostname or endpoint.service (self-hosted vLLM, Ollama, TGI...)"},
	"groq":              {Key: "groq", Schema: SchemaOpenAI, Prefix: "/openai/v1", Hostname: "api.groq.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Groq"},
	"xai":               {Key: "xai", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.x.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Grok (xAI)"},
	"deepinfra":         {Key: "deepinfra", Schema: SchemaOpenAI, Prefix: "/v1/openai", Hostname: "api.deepinfra.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "DeepInfra"},
	"together":          {Key: "together", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.together.xyz", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Together AI"},
	"mistral":           {Key: "mistral", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.mistral.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Mistral AI"},
	"deepseek":          {Key: "deepseek", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.deepseek.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "DeepSeek"},
	"sambanova":         {Key: "sambanova", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.sambanova.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "SambaNova Cloud"},
	"tars":              {Key: "tars", Schema: SchemaOpenAI, Hostname: "api.router.tetrate.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Tetrate Agent Router Service"},
}

// LookupProvider returns the catalog entry for key.
func LookupProvider(key string) (Provider, bool) {
	p, ok := catalog[key]
	return p, ok
}

// Providers returns every catalog entry sorted by key (for docs and tests).
func Providers() []Provider {
	out := make([]Provider, 0, len(catalog))
	for _, p := range catalog {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// providerKeys lists the catalog keys for error messages.
func providerKeys() []string {
	keys := make([]string, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// schemaAuth is the credentials family a schema implies when the spec has
// no provider (or overrides the provider's schema).
func schemaAuth(schema string) authKind {
	switch schema {
	case SchemaAWSBedrock, SchemaAWSAnthropic:
		return authAWS
	case SchemaGCPVertexAI, SchemaGCPAnthropic:
		return authGCP
	case SchemaAzureOpenAI:
		return authAzure
	default:
		return authAPIKey
	}
}

// schemaUsesVersion: upstream reads schema.version for these schemas only.
func schemaUsesVersion(schema string) bool {
	switch schema {
	case SchemaAzureOpenAI, SchemaCohere, SchemaAWSAnthropic, SchemaGCPAnthropic:
		return true
	}
	return false
}

// schemaUsesPrefix: upstream reads schema.prefix for these schemas only.
func schemaUsesPrefix(schema string) bool {
	return schema == SchemaOpenAI || schema == SchemaAnthropic
}
