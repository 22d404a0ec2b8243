package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aigw-dev/aigw-backend/generator"
)

// Provider rules: the traps upstream's users hit with hand-written objects
// whose fields are each valid but do not fit the provider together.
const (
	// ruleBedrockRegion: the policy's awsCredentials.region differs from
	// the region of the Bedrock host. SigV4 signs for the policy's region,
	// so the provider answers 403.
	ruleBedrockRegion = "bedrock-region-mismatch"
	// RuleBedrockVPCE: a Bedrock VPC endpoint host on an AI Gateway release
	// that signs for the regional host instead (v1.0 and earlier; fixed in
	// v1.1 by envoyproxy/ai-gateway#2416). Reported only when the target
	// release is known (Options.AIGatewayVersion).
	RuleBedrockVPCE = "bedrock-vpce-unsigned"
	// RuleBedrockOpenAI: the Bedrock OpenAI-compatible endpoint
	// (bedrock-mantle.<region>.api.aws) with AWSCredentials, which AI
	// Gateway cannot sign for it (envoyproxy/ai-gateway#2182); it works
	// with an API key.
	RuleBedrockOpenAI = "bedrock-openai-awscredentials"
	// ruleVertexRegion: the policy's gcpCredentials.region differs from the
	// region of the Vertex AI host (global: aiplatform.googleapis.com).
	ruleVertexRegion = "vertex-region-mismatch"
	// RuleAzureHost: Azure credentials sent to another provider's host.
	RuleAzureHost = "azure-credentials-host"
	// RuleAzureVersion: the AzureOpenAI schema without schema.version.
	RuleAzureVersion = "azure-openai-version-missing"
	// RuleUnknownField: a field the pinned CRD does not define (error).
	RuleUnknownField = "unknown-field"
	// RuleBackendTLSBoth: Backend spec.tls and a BackendTLSPolicy on the
	// same Backend.
	RuleBackendTLSBoth = "backend-tls-and-policy"
)

// Severities of findings. Most rules warn; a field the API server drops is
// an error, since what it says never applies.
const (
	severityWarning = "warning"
	SeverityError   = "error"
)

func severityOf(rule string) string {
	if rule == RuleUnknownField {
		return SeverityError
	}
	return severityWarning
}

// EnvAIGatewayVersion names the environment variable that gives the AI
// Gateway release the objects are meant for (v1.0, v1.1.0...). Objects do
// not say it: v1.0 and v1.1 serve the same API versions. main reads it
// once and passes it down as Options.AIGatewayVersion; lint never reads the
// environment.
const EnvAIGatewayVersion = "AIGW_BACKEND_AI_GATEWAY_VERSION"

// Options are the facts the rules cannot read from the objects.
type Options struct {
	// AIGatewayVersion is the target AI Gateway release ("v1.0", "1.1.0");
	// "" or a value that does not parse means unknown, and rules that
	// depend on it stay quiet.
	AIGatewayVersion string
}

// parseRelease reads "v1.0", "1.1.0" or "v1.1" as major and minor.
func parseRelease(s string) (major, minor int, ok bool) {
	parts := strings.Split(strings.TrimPrefix(strings.TrimSpace(s), "v"), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return 0, 0, false
		}
		switch i {
		case 0:
			major = n
		case 1:
			minor = n
		}
	}
	return major, minor, true
}

// signsVPCE reports whether the target release is known not to sign for a
// VPC endpoint host (before v1.1).
func (o Options) cannotSignVPCE() bool {
	major, minor, ok := parseRelease(o.AIGatewayVersion)
	return ok && (major == 0 || major == 1 && minor < 1)
}

// BedrockOpenAIHost reports whether host is the Bedrock OpenAI-compatible
// endpoint bedrock-mantle.<region>.api.aws, and its region.
func BedrockOpenAIHost(host string) (region string, ok bool) {
	rest, ok := strings.CutPrefix(strings.TrimSuffix(host, "."), "bedrock-mantle.")
	if !ok {
		return "", false
	}
	region, ok = strings.CutSuffix(rest, ".api.aws")
	return region, ok && generator.ValidAWSRegion(region)
}

// isBedrockVPCEHost reports whether host is a Bedrock runtime VPC endpoint
// (vpce-....bedrock-runtime.<region>.vpce.amazonaws.com).
func isBedrockVPCEHost(host string) bool {
	h := strings.TrimSuffix(host, ".")
	_, isBedrock := generator.BedrockRegion(h)
	return isBedrock && strings.HasSuffix(h, ".vpce.amazonaws.com")
}

// otherProviderDomain returns the DNS zone of a provider in the catalog
// other than Azure that host belongs to ("amazonaws.com", "openai.com"),
// or "". The Azure-credentials rule warns only then: Azure's own zones
// (azure.com with openai.azure.com, cognitiveservices.azure.com and
// privatelink.openai.azure.com, azure.us, azure.cn, API Management's
// azure-api.net) are in no such zone, and a host in no known zone may be a
// custom domain or a private name in front of Azure (a proxy, a gateway, a
// private DNS zone), which the rule cannot tell from a mistake.
func otherProviderDomain(host string) string {
	h := strings.TrimSuffix(host, ".")
	for _, zone := range providerZones() {
		if h == zone || strings.HasSuffix(h, "."+zone) {
			return zone
		}
	}
	return ""
}

// providerZones lists the registrable domains of the catalog's fixed
// hostnames and region patterns (no entry has a fixed Azure hostname:
// Azure's come from a resource name).
func providerZones() []string {
	zones := []string{"amazonaws.com", "api.aws", "googleapis.com"}
	for _, p := range generator.Providers() {
		if p.Hostname == "" {
			continue
		}
		labels := strings.Split(p.Hostname, ".")
		if len(labels) >= 2 {
			zones = append(zones, strings.Join(labels[len(labels)-2:], "."))
		}
	}
	return zones
}

// backendOf returns the Backend an AIServiceBackend points at, if present.
func backendOf(asb *Object, ix *index) *Object {
	r, ok := ReadBackendRef(asb)
	if !ok || r.Kind != KindBackend || r.Group != groupEG {
		return nil
	}
	ns := r.Namespace
	if ns == "" {
		ns = asb.ns()
	}
	return ix.get(KindBackend, ns, r.Name)
}

// checkPolicyHost runs the rules that compare a policy with the host its
// AIServiceBackend's Backend connects to.
func checkPolicyHost(o *Object, ix *index, add addFunc) {
	spec := Map(o.Body, "spec")
	typ := Str(spec, "type")
	for _, name := range uniq(PolicyTargets(o)) {
		asb := ix.get(KindAIServiceBackend, o.ns(), name)
		if asb == nil {
			continue
		}
		b := backendOf(asb, ix)
		if b == nil {
			continue
		}
		schema := Str(Map(asb.Body, "spec", "schema"), "name")
		for _, host := range Hostnames(b) {
			switch typ {
			case "AWSCredentials":
				if _, ok := BedrockOpenAIHost(host); ok {
					add(RuleBedrockOpenAI, "spec.type", "is AWSCredentials but %s connects to %q, Bedrock's OpenAI-compatible endpoint, which AI Gateway cannot sign for with SigV4 (envoyproxy/ai-gateway#2182, open): use type: APIKey with a Bedrock API key (and the OpenAI schema, prefix /openai/v1), or the bedrock-runtime.<region>.amazonaws.com host with the AWSBedrock schema",
						b.ID(), host)
					continue
				}
				region := Str(Map(spec, "awsCredentials"), "region")
				if hr, ok := generator.BedrockRegion(host); ok && region != "" && hr != region {
					add(ruleBedrockRegion, "spec.awsCredentials.region", "is %q but %s connects to %q in region %q: AI Gateway signs requests (SigV4) for the policy's region, so Bedrock answers 403; use the same region in both",
						region, b.ID(), host, hr)
				}
			case "GCPCredentials":
				region := Str(Map(spec, "gcpCredentials"), "region")
				if hr, ok := generator.VertexRegion(host); ok && region != "" && hr != region && (schema == "" || schema == generator.SchemaGCPVertexAI || schema == generator.SchemaGCPAnthropic) {
					fix := fmt.Sprintf("write region: %q", hr)
					if generator.ValidGCPRegion(region) {
						fix += fmt.Sprintf(", or host %q", generator.VertexHost(region))
					}
					add(ruleVertexRegion, "spec.gcpCredentials.region", "is %q but %s connects to %q (region %q): AI Gateway builds the request path (/locations/<region>/) from the policy's region and sends it to the Backend's host, so they must agree; %s",
						region, b.ID(), host, hr, fix)
				}
			case "AzureAPIKey", "AzureCredentials":
				if zone := otherProviderDomain(host); zone != "" {
					add(RuleAzureHost, "spec.type", "is %s but %s connects to %q (%s), not an Azure host: Azure credentials are meant for *.openai.azure.com, *.cognitiveservices.azure.com and other Azure zones; use the credentials type of that provider, or point the Backend at your Azure resource",
						typ, b.ID(), host, zone)
				}
			}
		}
	}
}

// checkAzureVersion: the AzureOpenAI schema sends schema.version as the
// api-version query parameter, which Azure OpenAI requires.
func checkAzureVersion(o *Object, add addFunc) {
	s := Map(o.Body, "spec", "schema")
	if Str(s, "name") != generator.SchemaAzureOpenAI || strings.TrimSpace(Str(s, "version")) != "" {
		return
	}
	add(RuleAzureVersion, "spec.schema.version", "is missing: the AzureOpenAI schema sends it as the api-version query parameter, which Azure OpenAI requires (requests fail without it); write version: %q (upstream's example), or use the v1 API: schema {name: OpenAI, prefix: /openai/v1}",
		"2025-01-01-preview")
}

// checkBackendProvider runs the rules on a Backend alone: a VPC endpoint
// host the target release cannot sign for, and spec.tls next to a
// BackendTLSPolicy.
func checkBackendProvider(o *Object, ix *index, opts Options, add addFunc) {
	if opts.cannotSignVPCE() {
		for i, e := range List(o.Body, "spec", "endpoints") {
			h := Str(Map(asMap(e), "fqdn"), "hostname")
			if isBedrockVPCEHost(h) {
				add(RuleBedrockVPCE, fmt.Sprintf("spec.endpoints[%d].fqdn.hostname", i), "is the Bedrock VPC endpoint %q, but AI Gateway %s signs requests for bedrock-runtime.<region>.amazonaws.com whatever the Backend host, so Bedrock answers 403 (InvalidSignatureException); upgrade to AI Gateway v1.1 or later (envoyproxy/ai-gateway#2416), or use the regional host with private DNS",
					h, opts.AIGatewayVersion)
			}
		}
	}
	if _, hasTLS := Map(o.Body, "spec")["tls"]; hasTLS {
		for _, p := range ix.tlsFor[o.ns()+"/"+o.Name] {
			add(RuleBackendTLSBoth, "spec.tls", "is set and %s also targets this Backend: Envoy Gateway merges the two and the policy wins where both set a field (its hostname becomes the SNI; Backend API doc, api/v1alpha1/backend_types.go), which hides what spec.tls says; keep the TLS settings in one place", p.ID())
		}
	}
}

// onBedrockOpenAI reports whether an AIServiceBackend's Backend connects to
// the Bedrock OpenAI-compatible endpoint.
func onBedrockOpenAI(asb *Object, ix *index) bool {
	if b := backendOf(asb, ix); b != nil {
		for _, h := range Hostnames(b) {
			if _, ok := BedrockOpenAIHost(h); ok {
				return true
			}
		}
	}
	return false
}
