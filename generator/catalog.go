package generator

import (
	"fmt"
	"maps"
	"slices"
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
	// Unverified says which of the entry's facts were not checked against
	// the provider's own documentation ("" when all were); the README table
	// shows it.
	Unverified string
}

// hostPattern says how a hostname is derived.
type hostPattern string

const (
	hostFixed hostPattern = ""
	hostAWS   hostPattern = "bedrock-runtime.{region}.amazonaws.com"
	hostGCP   hostPattern = "{region}-aiplatform.googleapis.com"
	hostAzure hostPattern = "{resource}.openai.azure.com"
	// hostBedrockOpenAI is Bedrock's OpenAI-compatible endpoint ("Mantle"):
	// an AWS region, but an API key instead of AWS credentials.
	hostBedrockOpenAI hostPattern = "bedrock-mantle.{region}.api.aws"
	hostRequired      hostPattern = "required"
)

// host is the hostname a pattern gives for a region or an Azure resource
// ("" for a fixed or required hostname, which no field fills).
func (p hostPattern) host(region, resource string) string {
	switch p {
	case hostAWS:
		return "bedrock-runtime." + region + ".amazonaws.com"
	case hostBedrockOpenAI:
		return "bedrock-mantle." + region + ".api.aws"
	case hostGCP:
		return VertexHost(region)
	case hostAzure:
		return resource + ".openai.azure.com"
	}
	return ""
}

// Where the entries come from (also the README's "source" column). AI
// Gateway's own files are cited at tag v1.1.0 of envoyproxy/ai-gateway
// (examples/basic, the supported-providers page, and the data-plane tests,
// which run every OpenAI-compatible provider upstream tests against its
// real host: tests/data-plane/envoy.yaml for hosts, extproc_test.go for
// prefixes); the others by the provider's own page. Each entry's comment
// says which fields that source confirms (host, port, prefix, schema,
// auth); an entry whose provider page was not read says so in Unverified.
const (
	srcAIGWBasic     = "https://github.com/envoyproxy/ai-gateway/tree/v1.1.0/examples/basic"
	srcAIGWProviders = "https://github.com/envoyproxy/ai-gateway/blob/v1.1.0/site/docs/capabilities/llm-integrations/supported-providers.md"
	srcAIGWDataPlane = "https://github.com/envoyproxy/ai-gateway/blob/v1.1.0/tests/data-plane/envoy.yaml"
)

// keyAzureV1 is the Azure OpenAI v1 API entry, which has rules of its own.
const keyAzureV1 = "azure-openai-v1"

// catalog is the provider table of the contract plus the OpenAI-compatible
// services whose hostname and prefix upstream (or the provider) documents.
// Every entry's Source says where; the README table shows it. Every
// provider on upstream's supported-providers page (v1.1.0) has an entry:
// OpenAI, AWS Bedrock, Azure OpenAI (both forms), Gemini on AI Studio,
// Vertex AI, Anthropic on Vertex AI, Groq, Grok, Together AI, Cohere (both
// forms), Mistral, DeepInfra, DeepSeek, Hunyuan, Tencent LKE, TARS,
// SambaNova, self-hosted models, Anthropic.
//
// Prefixes: AI Gateway replaces an unset or empty schema.prefix with "v1"
// (controller schemaToFilterAPI: cmp.Or(prefix, "v1")) and joins it with
// path.Join("/", prefix, "chat/completions"), so "/" is the only way to
// reach a provider whose API has no path prefix (perplexity).
var catalog = map[string]Provider{
	// examples/basic/openai.yaml: api.openai.com:443, schema OpenAI, APIKey.
	"openai": {Key: "openai", Schema: SchemaOpenAI, Hostname: "api.openai.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "OpenAI", Source: srcAIGWBasic + "/openai.yaml"},
	// examples/basic/anthropic.yaml: api.anthropic.com:443, schema
	// Anthropic, AnthropicAPIKey.
	"anthropic": {Key: "anthropic", Schema: SchemaAnthropic, Hostname: "api.anthropic.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Anthropic (native Messages API)", Source: srcAIGWBasic + "/anthropic.yaml"},
	// examples/basic/aws.yaml: bedrock-runtime.us-east-1.amazonaws.com:443,
	// AWSBedrock and AWSAnthropic (version bedrock-2023-05-31), AWSCredentials.
	"aws-bedrock":   {Key: "aws-bedrock", Schema: SchemaAWSBedrock, HostPattern: hostAWS, Auth: authAWS, AuthRequired: true, Public: true, Doc: "AWS Bedrock", Source: srcAIGWBasic + "/aws.yaml"},
	"aws-anthropic": {Key: "aws-anthropic", Schema: SchemaAWSAnthropic, HostPattern: hostAWS, Auth: authAWS, AuthRequired: true, Public: true, Doc: "Claude on AWS Bedrock (upstream defaults version to bedrock-2023-05-31)", Source: srcAIGWBasic + "/aws.yaml"},
	// examples/basic/azure_openai.yaml: <resource>.openai.azure.com:443,
	// AzureOpenAI version 2025-01-01-preview, AzureCredentials (the
	// supported-providers page adds AzureAPIKey).
	"azure-openai": {Key: "azure-openai", Schema: SchemaAzureOpenAI, VersionRequired: true, HostPattern: hostAzure, Auth: authAzure, AuthRequired: true, Public: true, Doc: "Azure OpenAI (schema.version = api-version)", Source: srcAIGWBasic + "/azure_openai.yaml"},
	// examples/basic/gcp_vertex.yaml: <region>-aiplatform.googleapis.com:443,
	// GCPVertexAI and GCPAnthropic (version vertex-2023-10-16), GCPCredentials.
	"gcp-vertex-ai": {Key: "gcp-vertex-ai", Schema: SchemaGCPVertexAI, HostPattern: hostGCP, Auth: authGCP, AuthRequired: true, Public: true, Doc: "Gemini on GCP Vertex AI", Source: srcAIGWBasic + "/gcp_vertex.yaml"},
	"gcp-anthropic": {Key: "gcp-anthropic", Schema: SchemaGCPAnthropic, HostPattern: hostGCP, Auth: authGCP, AuthRequired: true, Public: true, Doc: "Claude on GCP Vertex AI", Source: srcAIGWBasic + "/gcp_vertex.yaml"},
	// examples/basic/cohere.yaml: api.cohere.com:443, Cohere version v2, APIKey.
	"cohere": {Key: "cohere", Schema: SchemaCohere, Hostname: "api.cohere.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Cohere (native v2 API)", Source: srcAIGWBasic + "/cohere.yaml"},
	// Data-plane tests: generativelanguage.googleapis.com, prefix
	// v1beta/openai, API key.
	"gemini": {Key: "gemini", Schema: SchemaOpenAI, Prefix: "/v1beta/openai", Hostname: "generativelanguage.googleapis.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Gemini API (Google AI Studio), OpenAI-compatible endpoint", Source: srcAIGWDataPlane},
	// examples/basic/basic.yaml: an in-cluster FQDN Backend with the OpenAI
	// schema; the supported-providers page: prefix /v1, API key optional.
	"openai-compatible": {Key: "openai-compatible", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Doc: "any OpenAI-compatible server: set endpoint.hostname or endpoint.service (self-hosted vLLM, Ollama, TGI...)", Source: srcAIGWBasic + "/basic.yaml"},
	// Data-plane tests: api.groq.com, prefix openai/v1.
	"groq": {Key: "groq", Schema: SchemaOpenAI, Prefix: "/openai/v1", Hostname: "api.groq.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Groq", Source: srcAIGWDataPlane},
	// Data-plane tests: api.x.ai, prefix v1.
	"xai": {Key: "xai", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.x.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Grok (xAI)", Source: srcAIGWDataPlane},
	// Data-plane tests: api.deepinfra.com, prefix v1/openai.
	"deepinfra": {Key: "deepinfra", Schema: SchemaOpenAI, Prefix: "/v1/openai", Hostname: "api.deepinfra.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "DeepInfra", Source: srcAIGWDataPlane},
	// Data-plane tests: api.sambanova.ai, prefix v1.
	"sambanova": {Key: "sambanova", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.sambanova.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "SambaNova Cloud", Source: srcAIGWDataPlane},
	// Together's OpenAI-compatibility page: base_url
	// https://api.together.ai/v1, Bearer key (upstream's page: prefix /v1).
	"together": {Key: "together", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.together.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Together AI", Source: "https://docs.together.ai/docs/inference/openai-compatibility"},
	// Upstream's page: prefix /v1 (its link names the operation
	// chat_completion_v1_chat_completions_post). The host comes from SDK
	// defaults (https://api.mistral.ai/v1), not from a Mistral page read.
	"mistral": {Key: "mistral", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.mistral.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Mistral AI", Source: "https://docs.mistral.ai/api/", Unverified: "hostname from client SDK defaults"},
	// DeepSeek's first-call page: base_url https://api.deepseek.com, or
	// https://api.deepseek.com/v1 "for compatibility"; Bearer key.
	"deepseek": {Key: "deepseek", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.deepseek.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "DeepSeek", Source: "https://api-docs.deepseek.com/"},
	// examples/basic/tars.yaml: api.router.tetrate.ai:443, OpenAI schema
	// without prefix (upstream's default v1; its page says /v1), APIKey.
	"tars": {Key: "tars", Schema: SchemaOpenAI, Hostname: "api.router.tetrate.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Tetrate Agent Router Service", Source: srcAIGWBasic + "/tars.yaml"},
	// Tencent Hunyuan: base_url https://api.hunyuan.cloud.tencent.com/v1,
	// Authorization: Bearer (the page upstream's supported-providers table
	// links, with {"name":"OpenAI","prefix":"/v1"} and API Key).
	"hunyuan": {Key: "hunyuan", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.hunyuan.cloud.tencent.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Tencent Hunyuan (OpenAI-compatible API)", Source: "https://cloud.tencent.com/document/product/1729/111007"},
	// Tencent Cloud LLM Knowledge Engine (LKE) DeepSeek OpenAI API:
	// base_url https://api.lkeap.tencentcloud.com/v1, Bearer key (the page
	// upstream's table links, with {"name":"OpenAI","prefix":"/v1"}).
	"tencent-lke": {Key: "tencent-lke", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.lkeap.tencentcloud.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Tencent Cloud LLM Knowledge Engine (DeepSeek models, OpenAI-compatible API)", Source: "https://www.tencentcloud.com/document/product/1255/70381"},
	// Bedrock's OpenAI-compatible endpoint ("Mantle"): base URL
	// https://bedrock-mantle.{region}.api.aws (AWS user guide), OpenAI schema
	// under /openai/v1 with a Bedrock API key (Bearer), as reported working
	// in envoyproxy/ai-gateway#2182; AI Gateway cannot sign it with
	// AWSCredentials (that issue, open), so spec.auth.aws is refused, and
	// the lint rule bedrock-openai-awscredentials catches the same on
	// hand-written objects. Not on upstream's page.
	"aws-bedrock-openai": {Key: "aws-bedrock-openai", Schema: SchemaOpenAI, Prefix: "/openai/v1", HostPattern: hostBedrockOpenAI, Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "AWS Bedrock OpenAI-compatible endpoint (Bedrock API key; AWS credentials cannot sign it)", Source: "https://github.com/envoyproxy/ai-gateway/issues/2182"},

	// OpenRouter's model API pages: baseURL https://openrouter.ai/api/v1,
	// Authorization: Bearer.
	"openrouter": {Key: "openrouter", Schema: SchemaOpenAI, Prefix: "/api/v1", Hostname: "openrouter.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "OpenRouter", Source: "https://openrouter.ai/docs/api-reference/overview"},
	// Perplexity's OpenAI-compatibility page: base_url
	// https://api.perplexity.ai, no path prefix, so "/" (an empty prefix
	// would become /v1/chat/completions upstream).
	"perplexity": {Key: "perplexity", Schema: SchemaOpenAI, Prefix: "/", Hostname: "api.perplexity.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Perplexity (Sonar API, served without a path prefix)", Source: "https://docs.perplexity.ai/docs/sonar/openai-compatibility"},
	// The v1 API: upstream's page lists {"name":"OpenAI","prefix":"/openai/v1"}
	// with Azure Credentials or Azure API Key; Microsoft's API lifecycle page:
	// the v1 API takes no api-version. The key goes in the api-key header
	// (AzureAPIKey) or an Entra ID token (AzureCredentials); see checkAzureV1
	// for what cannot work.
	"azure-openai-v1": {Key: "azure-openai-v1", Schema: SchemaOpenAI, Prefix: "/openai/v1", HostPattern: hostAzure, Auth: authAzure, AuthRequired: true, Public: true, Doc: "Azure OpenAI v1 API (OpenAI schema, no api-version)", Source: "https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle"},
	// Cohere's Compatibility API page: base_url
	// https://api.cohere.ai/compatibility/v1 (upstream's page: prefix
	// /compatibility/v1, API key).
	"cohere-compat": {Key: "cohere-compat", Schema: SchemaOpenAI, Prefix: "/compatibility/v1", Hostname: "api.cohere.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Cohere Compatibility API (OpenAI schema)", Source: "https://docs.cohere.com/docs/compatibility-api"},
	// Base URL https://api.fireworks.ai/inference/v1 in three integration
	// guides (Pipecat, Strands Agents, NeuroLink); Fireworks' own page was
	// not read.
	"fireworks": {Key: "fireworks", Schema: SchemaOpenAI, Prefix: "/inference/v1", Hostname: "api.fireworks.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Fireworks AI", Source: "https://docs.fireworks.ai/tools-sdks/openai-compatibility", Unverified: "provider page not read; three integration guides agree"},
	// Base URL https://api.cerebras.ai/v1 in integration guides (Pipecat,
	// BAML); Cerebras' own page was not read.
	"cerebras": {Key: "cerebras", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "api.cerebras.ai", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Cerebras Inference", Source: "https://inference-docs.cerebras.ai/resources/openai", Unverified: "provider page not read; integration guides agree"},
	// build.nvidia.com docs: base URL https://integrate.api.nvidia.com/v1,
	// Bearer key (a self-hosted NIM is a preset-less openai-compatible
	// server on port 8000).
	"nvidia-nim": {Key: "nvidia-nim", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "integrate.api.nvidia.com", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "NVIDIA NIM (API catalog, build.nvidia.com)", Source: "https://docs.api.nvidia.com/nim/reference/llm-apis"},
	// Hugging Face changelog (OpenAI-compatible Inference Providers): point
	// the OpenAI client at router.huggingface.co/v1.
	"huggingface": {Key: "huggingface", Schema: SchemaOpenAI, Prefix: "/v1", Hostname: "router.huggingface.co", Auth: authAPIKey, AuthRequired: true, Public: true, Doc: "Hugging Face Inference Providers (router)", Source: "https://huggingface.co/changelog/inference-providers-openai-compatible"},

	// Local-server presets: openai-compatible with the server's own port
	// (and /v1). The endpoint (hostname or in-cluster service) is required;
	// the API key is optional, as the servers run without one by default.
	// vLLM's OpenAI-compatible server page: base_url http://localhost:8000/v1.
	"vllm": {Key: "vllm", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Port: 8000, Doc: "vLLM server preset (openai-compatible, port 8000)", Source: "https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html"},
	// Ollama's docs/openai.md: base_url http://localhost:11434/v1/.
	"ollama": {Key: "ollama", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Port: 11434, Doc: "Ollama preset (openai-compatible, port 11434)", Source: "https://github.com/ollama/ollama/blob/main/docs/openai.md"},
	// llama.cpp's server README: --port default 8080; OpenAI-compatible
	// /v1/chat/completions.
	"llama-cpp": {Key: "llama-cpp", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Port: 8080, Doc: "llama.cpp llama-server preset (openai-compatible, port 8080)", Source: "https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md"},
	// LM Studio's OpenAI-compatible endpoints page: base_url
	// http://localhost:1234/v1 (its default server port).
	"lm-studio": {Key: "lm-studio", Schema: SchemaOpenAI, Prefix: "/v1", HostPattern: hostRequired, Auth: authAPIKey, Port: 1234, Doc: "LM Studio server preset (openai-compatible, port 1234)", Source: "https://lmstudio.ai/docs/api/openai-api"},
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
	"mantle": "aws-bedrock-openai", "bedrockmantle": "aws-bedrock-openai", "bedrockopenai": "aws-bedrock-openai", "awsbedrockopenai": "aws-bedrock-openai",
	"tencent": "hunyuan", "tencenthunyuan": "hunyuan", "hunyuanai": "hunyuan", "lke": "tencent-lke", "lkeap": "tencent-lke", "tencentdeepseek": "tencent-lke",
	"cohereopenai": "cohere-compat", "coherecompatibility": "cohere-compat", "tetrate": "tars",
}

// alsoConsider adds the second key an alias may mean.
var alsoConsider = map[string]string{
	"google": "gcp-vertex-ai for Gemini on Vertex AI", "googleai": "gcp-vertex-ai for Gemini on Vertex AI",
	"vertex": "gcp-anthropic for Claude on Vertex AI", "gcp": "gcp-anthropic for Claude on Vertex AI",
	"bedrock": "aws-anthropic for Claude on Bedrock, aws-bedrock-openai for its OpenAI-compatible endpoint", "aws": "aws-anthropic for Claude on Bedrock",
	"tencent": "tencent-lke for the LLM Knowledge Engine",
	"claude":  "aws-anthropic or gcp-anthropic for Claude on AWS or GCP",
	"azure":   "azure-openai-v1 for the v1 API without api-version", "azureopenai": "azure-openai-v1 for the v1 API without api-version",
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
	return slices.Sorted(maps.Keys(catalog))
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
