package generator

import (
	"fmt"
	"slices"
	"strings"
)

// Metadata every generated object carries.
const (
	LabelManagedBy   = "app.kubernetes.io/managed-by"
	ManagedByValue   = "aigw-backend"
	AnnotationSpec   = "fn.aigw.dev/spec" // "<namespace>/<name>" of the owning AIBackendSpec
	DefaultNamespace = "default"
	// maxNameLen keeps "<name>-auth" within the 253-character object name limit.
	maxNameLen = 253 - len("-auth")
)

// resolved is a spec after defaulting: every value the objects need.
type resolved struct {
	name, namespace string
	provider        *Provider
	schema          versionedAPISchema
	hostname        string // as emitted in the Backend (may end with ".")
	port            int
	tls             *tlsConfig
	policy          *backendSecurityPolicySpec // targetRefs filled later
	headerMutation  *httpHeaderMutation
	bodyMutation    *httpBodyMutation
	aigwVersion     string
	btlspVersion    string
	labels, annots  map[string]string
	isService       bool
	authFamily      authKind
	endpointRegion  string   // valid spec.endpoint.region, "" when absent or invalid
	regionGiven     bool     // spec.endpoint.region was written (valid or not), or its absence already reported
	failed          []string // field paths Decode reported (see decodeFailed)

	multiRegion bool     // spec.endpoint.regions was written
	regions     []string // its valid entries, in order
}

type tlsConfig struct {
	hostname string
	caRefs   []string
}

// Result is what Generate produces for one spec.
type Result struct {
	// Objects in a fixed order: Backend, AIServiceBackend, BackendTLSPolicy,
	// BackendSecurityPolicy; with spec.endpoint.regions that set once per
	// region, in the order the regions are listed.
	Objects []*Object
	// Warnings are advice that does not stop generation.
	Warnings []FieldError
}

// SpecID is the value of the ownership annotation for a spec.
func SpecID(namespace, name string) string {
	if namespace == "" {
		namespace = DefaultNamespace
	}
	return namespace + "/" + name
}

// Generate validates spec, applies the defaults of the contract and builds
// the objects. On any error it returns every problem found and no objects.
// Problems that follow from one Decode already reported are left out (one
// problem, one error); a spec Decode reported problems in never gets
// objects.
func Generate(spec *AIBackendSpec) (*Result, FieldErrors) {
	c := &errs{}
	var warn errs
	r := resolve(spec, c, &warn)
	c.list = r.notCovered(c.list)
	if len(c.list) == 0 && len(spec.decodeErrs) > 0 {
		// everything Generate found follows from what Decode reported:
		// those problems stand, and there are still no objects
		return nil, spec.decodeErrs
	}
	if len(c.list) > 0 {
		return nil, c.list
	}
	if !r.multiRegion {
		return &Result{Objects: r.objects(), Warnings: r.notCovered(warn.list)}, nil
	}
	var objects []*Object
	for _, region := range r.regions {
		rr := resolveRegion(spec, region, c)
		if rr == nil {
			continue
		}
		objects = append(objects, rr.objects()...)
	}
	if len(c.list) > 0 {
		return nil, c.list
	}
	return &Result{Objects: objects, Warnings: r.notCovered(warn.list)}, nil
}

// resolveRegion resolves the spec once more as if it named one region and
// were called <name>-<region>: every default that follows the region
// (hostname, TLS hostname, credential region) then comes out exactly as for
// a single-region spec. The objects keep the ownership annotation of the
// real spec, so a region dropped from the list is pruned like any object
// the spec no longer produces. The whole spec was validated before, so an
// error here is a bug; it is reported at the region's entry all the same.
func resolveRegion(spec *AIBackendSpec, region string, c *errs) *resolved {
	one := *spec
	one.Metadata.Name = RegionalName(spec.Metadata.Name, region)
	e := *spec.Spec.Endpoint
	e.Region, e.Regions = region, nil
	one.Spec.Endpoint = &e
	var rc, warn errs
	rr := resolve(&one, &rc, &warn)
	for _, fe := range rc.list {
		c.add(fe.Path, fe.Value, "for region %s: %s", region, fe.Message)
	}
	if len(rc.list) > 0 {
		return nil
	}
	rr.annots[AnnotationSpec] = SpecID(rr.namespace, spec.Metadata.Name)
	return rr
}

// decodeFailed reports whether Decode already reported path, one of its
// parents or one of its children: what Generate then finds there (a
// default, a missing value) follows from that problem.
func (r *resolved) decodeFailed(path string) bool {
	for _, p := range r.failed {
		if p != "" && (p == path || strings.HasPrefix(p, path+".") || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[")) {
			return true
		}
	}
	return false
}

// notCovered drops the problems and warnings that follow from a decode
// error (one problem, one message).
func (r *resolved) notCovered(list FieldErrors) FieldErrors {
	if len(r.failed) == 0 {
		return list
	}
	out := list[:0:0]
	for _, e := range list {
		if !r.decodeFailed(e.Path) {
			out = append(out, e)
		}
	}
	return out
}

func resolve(spec *AIBackendSpec, c, warn *errs) *resolved {
	r := &resolved{failed: spec.failed}
	resolveMeta(spec, r, c)
	s := &spec.Spec
	resolveTarget(s.Target, r, c)
	resolveSchema(s, r, c)
	resolveEndpoint(s, r, c)
	resolveTLS(s, r, c, warn)
	resolveAuth(s, r, c, warn)
	resolveMutations(s, r, c)
	resolveExtraMeta(s, r, c)
	return r
}

func resolveMeta(spec *AIBackendSpec, r *resolved, c *errs) {
	if spec.APIVersion != APIVersion {
		c.add("apiVersion", spec.APIVersion, "must be %q, got %q", APIVersion, spec.APIVersion)
	}
	if spec.Kind != Kind {
		c.add("kind", spec.Kind, "must be %q, got %q", Kind, spec.Kind)
	}
	r.name = spec.Metadata.Name
	switch {
	case r.name == "":
		c.add("metadata.name", nil, "is required: every generated object is named after it")
	case credentialName(r.name):
		c.add("metadata.name", nil, "looks like a credential (not shown), not a name: every generated object is named after it; name the spec after the backend, for example openai")
	case len(r.name) > maxNameLen:
		c.add("metadata.name", r.name, "must be at most %d characters so that %q stays a valid object name (got %d)", maxNameLen, "<name>-auth", len(r.name))
	case !dnsSubdomainRE().MatchString(r.name):
		c.add("metadata.name", r.name, "must be a lowercase DNS name (letters, digits, '-', '.'); try %q", suggestName(r.name))
	}
	if lost, ok := spec.Metadata.Annotations[AnnotationImportIncomplete]; ok {
		c.add(fmt.Sprintf("metadata.annotations[%q]", AnnotationImportIncomplete), nil,
			"marks a spec that aigw-backend import printed although it does not regenerate the imported objects (lost: %s); finish the spec by hand (import's error lines say how), then remove the %s annotation", orWord(lost, "see import's error lines"), AnnotationImportIncomplete)
	}
	r.namespace = spec.Metadata.Namespace
	switch {
	case r.namespace == "":
		r.namespace = DefaultNamespace
	case credentialName(r.namespace):
		c.add("metadata.namespace", nil, "looks like a credential (not shown), not a namespace: write the namespace the backend objects go to, for example ai-gateway")
	case len(r.namespace) > 63 || !dnsLabelRE().MatchString(r.namespace):
		c.add("metadata.namespace", r.namespace, "must be a lowercase DNS label of at most 63 characters; try %q", suggestName(strings.ReplaceAll(r.namespace, ".", "-")))
	}
}

// suggestName lowercases and replaces invalid characters for a hint.
func suggestName(s string) string {
	var b strings.Builder
	for _, ch := range strings.ToLower(s) {
		if (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' {
			b.WriteRune(ch)
		} else {
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-.")
	if len(out) > maxNameLen {
		out = strings.Trim(out[:maxNameLen], "-.")
	}
	if out == "" {
		out = "my-backend"
	}
	return out
}

func resolveTarget(t *Target, r *resolved, c *errs) {
	r.aigwVersion, r.btlspVersion = "v1beta1", "v1"
	if t == nil {
		return
	}
	switch t.AIGatewayAPIVersion {
	case "":
	case "v1beta1", "v1alpha1":
		r.aigwVersion = t.AIGatewayAPIVersion
	default:
		c.add("spec.target.aiGatewayAPIVersion", t.AIGatewayAPIVersion, "must be \"v1beta1\" (AI Gateway v0.6 and later) or \"v1alpha1\" (v0.5 and earlier), got %q", t.AIGatewayAPIVersion)
	}
	switch t.BackendTLSPolicyAPIVersion {
	case "":
	case "v1", "v1alpha3":
		r.btlspVersion = t.BackendTLSPolicyAPIVersion
	default:
		c.add("spec.target.backendTLSPolicyAPIVersion", t.BackendTLSPolicyAPIVersion, "must be \"v1\" (Envoy Gateway v1.6 and later) or \"v1alpha3\" (v1.5 and earlier), got %q", t.BackendTLSPolicyAPIVersion)
	}
}

func resolveSchema(s *Spec, r *resolved, c *errs) {
	if s.Provider != "" {
		p, ok := LookupProvider(s.Provider)
		if !ok {
			hint := suggestProvider(s.Provider)
			if hint != "" {
				hint += " "
			}
			c.add("spec.provider", s.Provider, "unknown provider %q; %sknown providers: %s", s.Provider, hint, strings.Join(providerKeys(), ", "))
		} else {
			r.provider = &p
		}
	} else {
		hasEndpoint := s.Endpoint != nil && (s.Endpoint.Hostname != "" || s.Endpoint.Service != nil)
		if s.Schema == nil || s.Schema.Name == "" || !hasEndpoint {
			c.add("spec.provider", nil, "is required unless both spec.schema.name and spec.endpoint (hostname or service) are given; known providers: %s", strings.Join(providerKeys(), ", "))
		}
	}

	if r.provider != nil {
		r.schema.Name = r.provider.Schema
	}
	sch := s.Schema
	if sch != nil && sch.Name != "" {
		if !slices.Contains(schemaNames, sch.Name) {
			hint := ""
			if near := closest(sch.Name, schemaNames); near != "" {
				hint = fmt.Sprintf("did you mean %q? ", near)
			}
			c.add("spec.schema.name", sch.Name, "unknown schema %q; %smust be one of %s", sch.Name, hint, strings.Join(schemaNames, ", "))
		} else {
			r.schema.Name = sch.Name
		}
	}
	sameAsProvider := r.provider != nil && r.schema.Name == r.provider.Schema
	if r.provider != nil && !sameAsProvider {
		r.provider = &Provider{Key: r.provider.Key, Schema: r.schema.Name, Hostname: r.provider.Hostname,
			HostPattern: r.provider.HostPattern, Public: r.provider.Public, Port: r.provider.Port}
	}
	r.authFamily = schemaAuth(r.schema.Name)
	switch {
	case sameAsProvider:
		r.authFamily = r.provider.Auth // azure-openai-v1: OpenAI schema, Azure credentials
	case r.schema.Name == "":
		// unknown provider (or schema) already reported: which region,
		// resource or credentials apply is unknown, so nothing about them
		// is reported (one problem, one error)
		r.authFamily = ""
	}

	// version
	if sch != nil && sch.Version != nil {
		v := *sch.Version
		switch {
		case sameAsProvider && r.provider.Key == keyAzureV1:
			c.add("spec.schema.version", v, "is not used by the Azure OpenAI v1 API (it takes no api-version); remove it, or use provider azure-openai for the dated api-version API")
		case r.schema.Name != "" && !schemaUsesVersion(r.schema.Name) && schemaUsesPrefix(r.schema.Name):
			c.add("spec.schema.version", v, "is ignored by AI Gateway for the %s schema (since v0.6 requests would still go to /v1); to change the path write spec.schema.prefix, for example prefix: \"/%s\"", r.schema.Name, strings.Trim(v, "/"))
		case r.schema.Name != "" && !schemaUsesVersion(r.schema.Name):
			c.add("spec.schema.version", v, "is ignored by AI Gateway for the %s schema; remove it", r.schema.Name)
		case !versionRE().MatchString(v):
			c.add("spec.schema.version", v, "must be a version string such as \"2025-01-01-preview\" (letters, digits, '.', '_', '-'), got %q", v)
		default:
			r.schema.Version = v
		}
	} else {
		r.schema.Version = defaultVersion(r.schema.Name)
		if r.schema.Name == SchemaAzureOpenAI {
			c.add("spec.schema.version", nil, "is required for Azure OpenAI: it is the api-version query parameter; write for example version: \"2025-01-01-preview\"")
		}
	}

	// prefix
	if sch != nil && sch.Prefix != nil {
		p := *sch.Prefix
		switch {
		case r.schema.Name != "" && !schemaUsesPrefix(r.schema.Name):
			c.add("spec.schema.prefix", p, "is ignored by AI Gateway for the %s schema (only OpenAI and Anthropic use a path prefix); remove it", r.schema.Name)
		case sameAsProvider && r.provider.Key == keyAzureV1 && p != r.provider.Prefix:
			c.add("spec.schema.prefix", p, "must be %q for the Azure OpenAI v1 API (or left out); for the deployments API use provider azure-openai", r.provider.Prefix)
		case !strings.HasPrefix(p, "/"):
			c.add("spec.schema.prefix", p, "must start with \"/\"; write %q (\"/\" alone means no prefix)", "/"+strings.Trim(p, "/"))
		case !prefixRE().MatchString(p):
			c.add("spec.schema.prefix", p, "must be a URL path such as \"/v1\" or \"/v1beta/openai\": no trailing slash, empty segments, spaces, query or fragment")
		default:
			r.schema.Prefix = p
		}
	} else if sameAsProvider {
		r.schema.Prefix = r.provider.Prefix
	}
}

// defaultVersion is the version emitted when the spec gives none.
func defaultVersion(schema string) string {
	switch schema {
	case SchemaCohere:
		return "v2"
	case SchemaGCPAnthropic:
		return "vertex-2023-10-16" // the native messages path errors without it
	}
	return ""
}

// resolveEndpoint checks spec.endpoint field by field (port, regions,
// region, resource), then resolves the in-cluster service or the hostname.
// The order of the steps is the order problems are reported in.
func resolveEndpoint(s *Spec, r *resolved, c *errs) {
	e := s.Endpoint
	if e == nil {
		e = &Endpoint{}
	}
	port := 443
	if r.provider != nil && r.provider.Port != 0 {
		port = r.provider.Port
	}
	if e.Port != nil {
		port = *e.Port
		checkPort("spec.endpoint.port", port, c)
	}
	family := r.regionFamily()
	r.regionGiven = e.Region != "" || r.decodeFailed("spec.endpoint.region")
	if e.Regions != nil {
		resolveRegions(e, r, c)
	}
	if e.Region != "" && family != "" { // family "": the provider is unknown, already reported
		rule, ok := regionRuleOf(family)
		switch {
		case !ok:
			c.add("spec.endpoint.region", e.Region, "is only used by AWS and GCP providers; remove it")
		case !rule.valid(e.Region):
			rule.refuse("spec.endpoint.region", e.Region, c)
		default:
			r.endpointRegion = e.Region
		}
	}
	pattern := hostFixed
	if r.provider != nil {
		pattern = r.provider.HostPattern
	}
	if e.Resource != "" {
		switch {
		case family == "":
			// provider unknown: already reported
		case pattern != hostAzure:
			c.add("spec.endpoint.resource", e.Resource, "is only used by the azure-openai and azure-openai-v1 providers; remove it or set spec.endpoint.hostname")
		case e.Hostname != "":
			c.add("spec.endpoint.resource", e.Resource, "conflicts with spec.endpoint.hostname; set one of them")
		case !azureResRE().MatchString(e.Resource):
			c.add("spec.endpoint.resource", e.Resource, "must be an Azure resource name of lowercase letters, digits and '-', got %q", e.Resource)
		}
	}

	if e.Service != nil {
		resolveService(e, r, c)
		return
	}
	r.port = port
	resolveHostname(e, r, c, family, pattern)
}

// resolveHostname resolves the hostname of an endpoint that is not an
// in-cluster service: spec.endpoint.hostname, else the one the provider's
// pattern derives from spec.endpoint.region or spec.endpoint.resource.
func resolveHostname(e *Endpoint, r *resolved, c *errs, family authKind, pattern hostPattern) {
	switch {
	case e.Hostname != "":
		if msg := checkHostname(e.Hostname); msg != "" {
			c.add("spec.endpoint.hostname", e.Hostname, "%s", msg)
			return
		}
		r.hostname = e.Hostname
		if r.endpointRegion != "" && !r.multiRegion {
			re := bedrockHostRE()
			if family == authGCP {
				re = vertexHostRE()
			}
			if hostRegion, ok := regionOfHost(re, e.Hostname); ok && hostRegion != r.endpointRegion {
				c.add("spec.endpoint.region", e.Region, "is %q but spec.endpoint.hostname %q is in region %q; use the same region in both (or drop region)", e.Region, e.Hostname, hostRegion)
				r.endpointRegion = "" // already reported: no cascade into the credentials
			}
		}
		if pattern == hostAWS && strings.HasPrefix(strings.TrimSuffix(e.Hostname, "."), "bedrock-mantle.") {
			c.add("spec.endpoint.hostname", e.Hostname, "is Bedrock's OpenAI-compatible endpoint, which speaks the OpenAI schema (prefix /openai/v1) and which AI Gateway cannot sign for with AWS credentials (envoyproxy/ai-gateway#2182); use provider: aws-bedrock-openai with spec.auth.secretRef (a Bedrock API key), or the bedrock-runtime.<region>.amazonaws.com host")
		}
	case pattern == hostFixed && r.provider != nil:
		r.hostname = r.provider.Hostname
	case pattern == hostAWS:
		if e.Region == "" && !r.multiRegion && !r.decodeFailed("spec.endpoint.regions") {
			c.add("spec.endpoint.region", nil, "is required for %s: it selects bedrock-runtime.<region>.amazonaws.com; write for example region: us-east-1", r.provider.Key)
			r.regionGiven = true
		}
		if r.decodeFailed("spec.endpoint.regions") {
			r.regionGiven = true // already reported: no cascade into the credentials
		}
		r.hostname = pattern.host(r.endpointRegion, "")
	case pattern == hostBedrockOpenAI:
		if e.Region == "" {
			c.add("spec.endpoint.region", nil, "is required for %s: it selects bedrock-mantle.<region>.api.aws; write for example region: us-east-1", r.provider.Key)
			r.regionGiven = true
		}
		r.hostname = pattern.host(r.endpointRegion, "")
	case pattern == hostGCP:
		if e.Region == "" && !r.multiRegion && !r.decodeFailed("spec.endpoint.regions") {
			c.add("spec.endpoint.region", nil, "is required for %s: it selects <region>-aiplatform.googleapis.com; write for example region: us-central1 (or global)", r.provider.Key)
			r.regionGiven = true
		}
		if r.decodeFailed("spec.endpoint.regions") {
			r.regionGiven = true // already reported: no cascade into the credentials
		}
		r.hostname = pattern.host(r.endpointRegion, "")
	case pattern == hostAzure:
		if e.Resource == "" {
			c.add("spec.endpoint.resource", nil, "is required for %s unless spec.endpoint.hostname is set: it selects <resource>.openai.azure.com", r.provider.Key)
		}
		r.hostname = pattern.host("", e.Resource)
	case pattern == hostRequired && r.decodeFailed("spec.endpoint.service"):
		// the service was written in a form that did not decode: reported there
	case pattern == hostRequired:
		c.add("spec.endpoint.hostname", nil, "is required for provider %s: set spec.endpoint.hostname (for example llm.example.com) or spec.endpoint.service for an in-cluster model", r.provider.Key)
	}
}

// resolveService resolves spec.endpoint.service: an in-cluster Service,
// whose hostname follows from its name and namespace and whose port
// defaults to 80.
func resolveService(e *Endpoint, r *resolved, c *errs) {
	svc := e.Service
	r.isService = true
	if e.Hostname != "" {
		c.add("spec.endpoint.service", nil, "conflicts with spec.endpoint.hostname; set one of them")
	}
	if e.Region != "" || e.Resource != "" {
		c.add("spec.endpoint.service", nil, "conflicts with spec.endpoint.region/resource: an in-cluster service has neither")
	}
	ns := svc.Namespace
	if ns == "" {
		ns = r.namespace
	} else if len(ns) > 63 || !dnsLabelRE().MatchString(ns) {
		c.add("spec.endpoint.service.namespace", ns, "must be a lowercase DNS label, got %q", ns)
	}
	if svc.Name == "" {
		c.add("spec.endpoint.service.name", nil, "is required: the name of the Service serving the model")
	} else if len(svc.Name) > 63 || !dnsLabelRE().MatchString(svc.Name) {
		c.add("spec.endpoint.service.name", svc.Name, "must be a Service name (a lowercase DNS label), got %q", svc.Name)
	}
	r.hostname = svc.Name + "." + ns + ".svc.cluster.local"
	port := 80
	if r.provider != nil && r.provider.Port != 0 {
		port = r.provider.Port
	}
	if e.Port != nil {
		port = *e.Port
	}
	if svc.Port != nil {
		checkPort("spec.endpoint.service.port", *svc.Port, c)
		if e.Port != nil && *svc.Port != *e.Port {
			c.add("spec.endpoint.service.port", *svc.Port, "conflicts with spec.endpoint.port (%d); set one of them", *e.Port)
		}
		port = *svc.Port
	}
	r.port = port
}

// checkPort refuses a port number outside 1-65535.
func checkPort(path string, port int, c *errs) {
	if port < 1 || port > 65535 {
		c.add(path, port, "must be between 1 and 65535, got %d", port)
	}
}

// regionFamily is the cloud whose regions spec.endpoint.region names: the
// credentials family for AWS and GCP providers, and AWS for Bedrock's
// OpenAI-compatible endpoint, which is regional but takes an API key.
func (r *resolved) regionFamily() authKind {
	if r.provider != nil && r.provider.HostPattern == hostBedrockOpenAI {
		return authAWS
	}
	return r.authFamily
}

// resolveRegions validates spec.endpoint.regions. The first valid region
// stands in for spec.endpoint.region while the rest of the spec is
// validated, so every other problem is reported once, not once per region.
func resolveRegions(e *Endpoint, r *resolved, c *errs) {
	const base = "spec.endpoint.regions"
	r.multiRegion = true
	r.regionGiven = true // a credential region missing because of a bad entry is reported here
	family := r.authFamily
	pattern := hostFixed
	if r.provider != nil {
		pattern = r.provider.HostPattern
	}
	conflict := true // the regions cannot be used at all: no stand-in region, no cascade
	switch {
	case family != authAWS && family != authGCP:
		c.add(base, nil, "is only used by AWS and GCP providers (aws-bedrock, aws-anthropic, gcp-vertex-ai, gcp-anthropic); remove it")
		return
	case e.Region != "":
		c.add(base, nil, "conflicts with spec.endpoint.region; list every region under regions and remove region")
	case e.Hostname != "":
		c.add(base, nil, "conflicts with spec.endpoint.hostname: each region gets the hostname of its own region; remove hostname")
	case e.Service != nil:
		c.add(base, nil, "conflicts with spec.endpoint.service: an in-cluster service has no region")
	case pattern != hostAWS && pattern != hostGCP:
		c.add(base, nil, "needs a provider whose hostname follows the region (aws-bedrock, aws-anthropic, gcp-vertex-ai, gcp-anthropic); set spec.provider")
	case len(e.Regions) == 0:
		c.add(base, nil, "is empty; list at least one region, for example [us-east-1, us-west-2], or remove it")
	default:
		conflict = false
	}
	rule, _ := regionRuleOf(family) // AWS or GCP: any other family returned above
	seen := make(map[string]bool, len(e.Regions))
	for i, region := range e.Regions {
		p := fmt.Sprintf("%s[%d]", base, i)
		switch {
		case region == "":
			c.add(p, nil, "is empty; write a region such as %q", rule.example)
		case !rule.valid(region):
			rule.refuse(p, region, c)
		case seen[region]:
			c.add(p, region, "lists region %q twice; keep one (each region gets one object set)", region)
		case r.name != "" && len(RegionalName(r.name, region)) > maxNameLen:
			c.add(p, region, "makes the object name %q longer than %d characters; shorten metadata.name", RegionalName(r.name, region)+"-auth", maxNameLen+len("-auth"))
		default:
			r.regions = append(r.regions, region)
		}
		seen[region] = true
	}
	if len(r.regions) > 0 && !conflict {
		r.endpointRegion = r.regions[0]
	}
}

// RegionalName is the stem of one region's objects with spec.endpoint.regions:
// Backend and AIServiceBackend <name>-<region>, then -tls and -auth.
func RegionalName(name, region string) string { return name + "-" + region }

func resolveTLS(s *Spec, r *resolved, c *errs, warn *errs) {
	t := s.TLS
	if t == nil {
		t = &TLS{}
	}
	enabled := r.port == 443
	if r.provider != nil && r.provider.Public {
		enabled = true
	}
	if r.isService {
		enabled = false
	}
	if t.Enabled != nil {
		enabled = *t.Enabled
	}
	if !enabled {
		if t.Hostname != "" || len(t.CACertificateRefs) > 0 {
			c.add("spec.tls.enabled", false, "is false but spec.tls.hostname or spec.tls.caCertificateRefs is set; remove them or set enabled: true")
		}
		if t.Enabled != nil && r.port == 443 && !r.isService {
			warn.add("spec.tls.enabled", false, "TLS is off for port 443: Envoy will send plaintext HTTP to an HTTPS port")
		}
		return
	}
	host := strings.TrimSuffix(r.hostname, ".")
	if t.Hostname != "" && r.multiRegion {
		c.add("spec.tls.hostname", t.Hostname, "conflicts with spec.endpoint.regions: each region's BackendTLSPolicy validates its own region's hostname; remove it")
	} else if t.Hostname != "" {
		if msg := checkHostname(t.Hostname); msg != "" || strings.HasSuffix(t.Hostname, ".") {
			if msg == "" {
				msg = "must not end with a dot (the BackendTLSPolicy hostname is a precise hostname)"
			}
			c.add("spec.tls.hostname", t.Hostname, "%s", msg)
		} else if host != "" && t.Hostname != host {
			warn.add("spec.tls.hostname", t.Hostname, "differs from the endpoint hostname %q: the server certificate must be valid for %q", host, t.Hostname)
		}
		host = t.Hostname
	}
	if len(t.CACertificateRefs) > 8 {
		c.add("spec.tls.caCertificateRefs", len(t.CACertificateRefs), "must list at most 8 ConfigMaps, got %d", len(t.CACertificateRefs))
	}
	seen := map[string]bool{}
	for i, ref := range t.CACertificateRefs {
		p := fmt.Sprintf("spec.tls.caCertificateRefs[%d]", i)
		switch {
		case !dnsSubdomainRE().MatchString(ref) || len(ref) > 253:
			c.add(p, ref, "must be the name of a ConfigMap holding ca.crt in namespace %s, got %q", r.namespace, ref)
		case seen[ref]:
			c.add(p, ref, "lists ConfigMap %q twice; keep one", ref)
		}
		seen[ref] = true
	}
	r.tls = &tlsConfig{hostname: host, caRefs: t.CACertificateRefs}
}

// maxMetaBytes is the API server's limit on the total size of an object's
// annotations; labels get the same bound here.
const maxMetaBytes = 256 << 10

func resolveExtraMeta(s *Spec, r *resolved, c *errs) {
	r.labels = map[string]string{LabelManagedBy: ManagedByValue}
	r.annots = map[string]string{AnnotationSpec: SpecID(r.namespace, r.name)}
	for _, m := range []struct {
		path string
		m    map[string]string
	}{{"spec.labels", s.Labels}, {"spec.annotations", s.Annotations}} {
		size := 0
		for k, v := range m.m {
			size += len(k) + len(v)
		}
		if size > maxMetaBytes {
			c.add(m.path, nil, "holds %d bytes; the API server accepts at most %d bytes of annotations on an object (keep labels and annotations small)", size, maxMetaBytes)
			return
		}
	}
	for k, v := range s.Labels {
		p := "spec.labels." + k
		if msg := checkMetaKey(k); msg != "" {
			c.add(p, k, "%s", msg)
			continue
		}
		if containsCredential(v) {
			c.add(p, nil, "looks like an API key or token (not shown); labels are readable by anyone who can list the objects: keep credentials in a Secret referenced from spec.auth")
			continue
		}
		if len(v) > 63 || !labelValueRE().MatchString(v) {
			c.add(p, v, "must be a label value: at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character")
			continue
		}
		r.labels[k] = v
	}
	for k, v := range s.Annotations {
		p := "spec.annotations." + k
		if msg := checkMetaKey(k); msg != "" {
			c.add(p, k, "%s", msg)
			continue
		}
		if containsCredential(v) {
			c.add(p, nil, "looks like an API key or token (not shown); annotations are readable by anyone who can list the objects: keep credentials in a Secret referenced from spec.auth")
			continue
		}
		r.annots[k] = v
	}
}

// checkMetaKey rejects invalid keys and keys that belong to the function
// or to the orchestrators (copying local-config or path annotations onto
// generated objects makes kustomize drop them or kpt misplace them).
func checkMetaKey(k string) string {
	if msg := checkQualifiedName(k); msg != "" {
		return msg
	}
	switch {
	case k == LabelManagedBy || k == AnnotationSpec:
		return fmt.Sprintf("%q is set by the function itself; remove it", k)
	case strings.HasPrefix(k, "config.kubernetes.io/"), strings.HasPrefix(k, "internal.config.kubernetes.io/"),
		strings.HasPrefix(k, "config.k8s.io/"), strings.HasPrefix(k, "kustomize.config.k8s.io/"):
		return fmt.Sprintf("%q belongs to kpt/kustomize: on a generated object it would drop or misplace it; remove it", k)
	}
	return ""
}

// orWord is s, or w when s is empty.
func orWord(s, w string) string {
	if s == "" {
		return w
	}
	return s
}
