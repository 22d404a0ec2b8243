package generator

import (
	"fmt"
	"sort"
	"strings"
)

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
	// Port is the default port when it is not 443 (the local-server
	// presets listen on their own ports, for a hostname and a Service alike).
	Port int
	// Source is where the hostname and prefix are documented (the README
	// table links it).
	Source string
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

// Where the entries come from (also the README's "source" column). AI
// Gateway's own files are cited by path in the envoyproxy/ai-gateway
// repository; the others by the provider's documentation page.
const (
	srcAIGWBasic     = "https://github.com/envoyproxy/ai-gateway/tree/main/examples/basic"
	srcAIGWProviders = "https://aigateway.envoyproxy.io/docs/capabilities/llm-integrations/supported-providers"
	srcAIGWDataPlane = "https://github.com/envoyproxy/ai-gateway/blob/main/tests/data-plane/envoy.yaml"
)

// keyAzureV1 is the Azure OpenAI v1 API entry, which has rules of its own.
const keyAzureV1 = "azure-openai-v1"

// catalog is the provider table of the contract plus the OpenAI-compatible
// services whose hostname and prefix upstream (or the provider) documents.
// Every entry's Source says where; the README table shows it.
//
// Prefixes: AI Gateway replaces an unset or empty schema.prefix with "v1"
// (controller schemaToFilterAPI: cmp.Or(prefix, "v1")) and joins it with
// path.Join("/", prefix, "chat/completions"), so "/" is the only way to
// reach a provider whose API has no path prefix (perplexity).
var catalog = map[string]Provider{
	"openai":            {Key: "openai", Schema: SchemaOpenAI, Hostname: "api.openai.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "OpenAI", Source: srcAIGWBasic + "/openai.yaml"},
	"anthropic":         {Key: "anthropic", Schema: SchemaAnthropic, Hostname: "api.anthropic.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Anthropic (native Messages API)", Source: srcAIGWProviders},
	"aws-bedrock":       {Key: "aws-bedrock", Schema: SchemaAWSBedrock, HostPattern: hostAWS, Auth: authAWS, AuthRequired: true, Public: true, Doc: "AWS Bedrock", Source: srcAIGWBasic + "/aws.yaml"},
	"aws-anthropic":     {Key: "aws-anthropic", Schema: SchemaAWSAnthropic, HostPattern: hostAWS, Auth: authAWS, AuthRequired: true, Public: true, Doc: "Claude on AWS Bedrock (upstream defaults version to bedrock-2023-05-31)", Source: srcAIGWProviders},
	"azure-openai":      {Key: "azure-openai", Schema: SchemaAzureOpenAI, VersionRequired: true, HostPattern: hostAzure, Auth: authAzure, AuthRequired: true, Public: true, Doc: "Azure OpenAI (schema.version = api-version)", Source: srcAIGWBasic + "/azure_openai.yaml"},
	"gcp-vertex-ai":     {Key: "gcp-vertex-ai", Schema: SchemaGCPVertexAI, HostPattern: hostGCP, Auth: authGCP, AuthRequired: true, Public: true, Doc: "Gemini on GCP Vertex AI", Source: srcAIGWProviders},
	"gcp-anthropic":     {Key: "gcp-anthropic", Schema: SchemaGCPAnthropic, HostPattern: hostGCP, Auth: authGCP, AuthRequired: true, Public: true, Doc: "Claude on GCP Vertex AI", Source: srcAIGWProviders},
	"cohere":            {Key: "cohere", Schema: SchemaCohere, Hostname: "api.cohere.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Cohere (native v2 API)", Source: srcAIGWBasic + "/cohere.yaml"},
	"gemini":            {Key: "gemini", Schema: SchemaOpenAI, Prefix: "/v1beta/openai", Hostname: "generativelanguage.googleapis.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Gemini API (Google AI Studio), OpenAI-compatible endpoint", Source: srcAIGWDataPlane},
	"openai-compatible": {Key: "openai-compatible", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Doc: "any OpenAI-compatible server: set endpoint.hostname or endpoint.service (self-hosted vLLM, Ollama, TGI...)", Source: srcAIGWBasic + "/basic.yaml"},
	"groq":              {Key: "groq", Schema: SchemaOpenAI, Prefix: "/openai/v1", Hostname: "api.groq.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Groq", Source: srcAIGWDataPlane},
	"xai":               {Key: "xai", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.x.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Grok (xAI)", Source: srcAIGWDataPlane},
	"deepinfra":         {Key: "deepinfra", Schema: SchemaOpenAI, Prefix: "/v1/openai", Hostname: "api.deepinfra.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "DeepInfra", Source: srcAIGWDataPlane},
	"together":          {Key: "together", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.together.xyz", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Together AI", Source: "https://docs.together.ai/docs/openai-api-compatibility"},
	"mistral":           {Key: "mistral", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.mistral.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Mistral AI", Source: "https://docs.mistral.ai/api/"},
	"deepseek":          {Key: "deepseek", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.deepseek.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "DeepSeek", Source: "https://api-docs.deepseek.com/"},
	"sambanova":         {Key: "sambanova", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.sambanova.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "SambaNova Cloud", Source: "https://docs.sambanova.ai/cloud/docs/capabilities/openai-compatibility"},
	"tars":              {Key: "tars", Schema: SchemaOpenAI, Hostname: "api.router.tetrate.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Tetrate Agent Router Service", Source: srcAIGWProviders},

	// Base URL https://openrouter.ai/api/v1.
	"openrouter": {Key: "openrouter", Schema: SchemaOpenAI, Prefix: "/api/v1", Hostname: "openrouter.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "OpenRouter", Source: "https://openrouter.ai/docs/api-reference/overview"},
	// POST https://api.perplexity.ai/chat/completions: no prefix, so "/"
	// (an empty prefix would become /v1/chat/completions upstream).
	"perplexity": {Key: "perplexity", Schema: SchemaOpenAI, Prefix: "/", Hostname: "api.perplexity.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Perplexity (Sonar API, served without a path prefix)", Source: "https://docs.perplexity.ai/api-reference/chat-completions-post"},
	// The v1 API (base URL https://{resource}.openai.azure.com/openai/v1/)
	// takes no api-version and is called with the OpenAI schema. It takes
	// the key in the api-key header (AzureAPIKey) or an Entra ID token
	// (AzureCredentials); see checkAzureV1 for what cannot work.
	"azure-openai-v1": {Key: "azure-openai-v1", Schema: SchemaOpenAI, Prefix: "/openai/v1", HostPattern: hostAzure, Auth: authAzure, AuthRequired: true, Public: true, Doc: "Azure OpenAI v1 API (OpenAI schema, no api-version)", Source: "https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle"},
	// Base URL https://api.cohere.ai/compatibility/v1.
	"cohere-compat": {Key: "cohere-compat", Schema: SchemaOpenAI, Prefix: "/compatibility/v1", Hostname: "api.cohere.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Cohere Compatibility API (OpenAI schema)", Source: "https://docs.cohere.com/docs/compatibility-api"},
	// Base URL https://api.fireworks.ai/inference/v1.
	"fireworks": {Key: "fireworks", Schema: SchemaOpenAI, Prefix: "/inference/v1", Hostname: "api.fireworks.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Fireworks AI", Source: "https://docs.fireworks.ai/tools-sdks/openai-compatibility"},
	// Base URL https://api.cerebras.ai/v1.
	"cerebras": {Key: "cerebras", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.cerebras.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Cerebras Inference", Source: "https://inference-docs.cerebras.ai/resources/openai"},
	// Base URL https://integrate.api.nvidia.com/v1 (hosted NIM; a
	// self-hosted NIM is a preset-less openai-compatible server on port 8000).
	"nvidia-nim": {Key: "nvidia-nim", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "integrate.api.nvidia.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "NVIDIA NIM (API catalog, build.nvidia.com)", Source: "https://docs.api.nvidia.com/nim/reference/llm-apis"},
	// Base URL https://router.huggingface.co/v1.
	"huggingface": {Key: "huggingface", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "router.huggingface.co", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Hugging Face Inference Providers (router)", Source: "https://huggingface.co/docs/inference-providers/index"},

	// Local-server presets: openai-compatible with the server's own port
	// (and /v1). The endpoint (hostname or in-cluster service) is required;
	// the API key is optional, as the servers run without one by default.
	"vllm":      {Key: "vllm", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Port: 8000, Doc: "vLLM server preset (openai-compatible, port 8000)", Source: "https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html"},
	"ollama":    {Key: "ollama", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Port: 11434, Doc: "Ollama preset (openai-compatible, port 11434)", Source: "https://github.com/ollama/ollama/blob/main/docs/openai.md"},
	"llama-cpp": {Key: "llama-cpp", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Port: 8080, Doc: "llama.cpp llama-server preset (openai-compatible, port 8080)", Source: "https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md"},
	"lm-studio": {Key: "lm-studio", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Port: 1234, Doc: "LM Studio server preset (openai-compatible, port 1234)", Source: "https://lmstudio.ai/docs/app/api/endpoints/openai"},
}

// providerAliases maps names users type to the catalog key they mean
// (compared lowercased, without '-', '_', '.' or spaces). Edit distance
// catches typos; this catches other vocabularies.
var providerAliases = map[string]string{
	"bedrock": "aws-bedrock", "aws": "aws-bedrock", "amazon": "aws-bedrock", "amazonbedrock": "aws-bedrock", "awsbedrock": "aws-bedrock",
	"vertex": "gcp-vertex-ai", "vertexai": "gcp-vertex-ai", "gcp": "gcp-vertex-ai", "googlevertex": "gcp-vertex-ai", "googlevertexai": "gcp-vertex-ai", "gcpvertex": "gcp-vertex-ai",
	"azure": "azure-openai", "azureai": "azure-openai", "aoai": "azure-openai", "microsoft": "azure-openai", "azureopenai": "azure-openai", "azurev1": "azure-openai-v1",
	"claude": "anthropic", "anthropicclaude": "anthropic", "bedrockclaude": "aws-anthropic", "bedrockanthropic": "aws-anthropic", "vertexclaude": "gcp-anthropic", "vertexanthropic": "gcp-anthropic",
	"gpt": "openai", "chatgpt": "openai", "gpt4": "openai", "gpt4o": "openai", "gpt5": "openai", "oai": "openai", "openaiapi": "openai",
	"google": "gemini", "googleai": "gemini", "aistudio": "gemini", "googleaistudio": "gemini", "bard": "gemini",
	"grok": "xai", "x": "xai",
	"compatible": "openai-compatible", "custom": "openai-compatible", "selfhosted": "openai-compatible", "local": "openai-compatible", "tgi": "openai-compatible", "localai": "openai-compatible", "sglang": "openai-compatible",
	"llamacpp": "llama-cpp", "llamaserver": "llama-cpp", "lmstudio": "lm-studio",
	"nvidia": "nvidia-nim", "nim": "nvidia-nim", "hf": "huggingface", "huggingfacerouter": "huggingface",
	"pplx": "perplexity", "sonar": "perplexity", "fireworksai": "fireworks", "togetherai": "together", "mistralai": "mistral",
	"cohereopenai": "cohere-compat", "coherecompatibility": "cohere-compat", "tetrate": "tars",
}

// alsoConsider adds the second key an alias may mean.
var alsoConsider = map[string]string{
	"google": "gcp-vertex-ai for Gemini on Vertex AI", "googleai": "gcp-vertex-ai for Gemini on Vertex AI",
	"vertex": "gcp-anthropic for Claude on Vertex AI", "gcp": "gcp-anthropic for Claude on Vertex AI",
	"bedrock": "aws-anthropic for Claude on Bedrock", "aws": "aws-anthropic for Claude on Bedrock",
	"claude": "aws-anthropic or gcp-anthropic for Claude on AWS or GCP",
	"azure":  "azure-openai-v1 for the v1 API without api-version", "azureopenai": "azure-openai-v1 for the v1 API without api-version",
}

// suggestProvider returns the hint for an unknown provider name, or "".
func suggestProvider(name string) string {
	norm := strings.NewReplacer("-", "", "_", "", ".", "", " ", "").Replace(strings.ToLower(name))
	if key, ok := providerAliases[norm]; ok {
		if other, ok := alsoConsider[norm]; ok {
			return fmt.Sprintf("did you mean %q (or %s)?", key, other)
		}
		return fmt.Sprintf("did you mean %q?", key)
	}
	for _, k := range providerKeys() {
		if strings.NewReplacer("-", "", "_", "").Replace(k) == norm {
			return fmt.Sprintf("did you mean %q?", k)
		}
	}
	if near := closest(name, providerKeys()); near != "" {
		return fmt.Sprintf("did you mean %q?", near)
	}
	// a key with a word added or cut off: perplexity-ai, openai_compat
	best, bestDiff := "", 1<<30
	for _, k := range providerKeys() {
		nk := strings.ReplaceAll(k, "-", "")
		if min(len(nk), len(norm)) < 4 || !(strings.HasPrefix(nk, norm) || strings.HasPrefix(norm, nk)) {
			continue
		}
		if d := max(len(nk), len(norm)) - min(len(nk), len(norm)); d < bestDiff {
			best, bestDiff = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return ""
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
