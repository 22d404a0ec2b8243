// Package lint finds the mistakes hand-written Envoy AI Gateway backend
// objects carry most often: a Service backendRef, `version` used as a path
// on OpenAI/Anthropic, a deprecated v1alpha3 BackendTLSPolicy, a
// BackendTLSPolicy hostname that differs from its Backend, a
// BackendSecurityPolicy type that does not fit the schema, two policies on
// one AIServiceBackend, and a Secret without the key its policy reads;
// and the provider traps (providers.go): a Bedrock or Vertex AI policy
// region that differs from the host's, a Bedrock VPC endpoint on a release
// that cannot sign for it, AWSCredentials on Bedrock's OpenAI-compatible
// endpoint, Azure credentials on another provider's host, AzureOpenAI
// without its API version, Backend spec.tls next to a BackendTLSPolicy,
// and (fields.go) any field the pinned CRDs do not define.
//
// It is pure (objects in, findings out) so that the same rules serve the
// KRM function, which turns findings into warning results, and
// `aigw-backend import`, which turns them into corrections: one place for
// each rule.
package lint

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// Upstream groups and kinds the rules read.
const (
	groupEG    = generator.GroupEnvoyGateway
	groupAIGW  = generator.GroupAIGateway
	groupGWAPI = generator.GroupGatewayAPI

	KindBackend               = generator.KindBackend
	KindAIServiceBackend      = generator.KindAIServiceBackend
	KindBackendTLSPolicy      = generator.KindBackendTLSPolicy
	KindBackendSecurityPolicy = generator.KindBackendSecurityPolicy
	KindSecret                = "Secret"
)

// Rule identifiers: stable, so callers (import) can decide per rule
// whether they correct the problem or only report it.
const (
	RuleServiceBackendRef = "service-backend-ref"
	RuleBackendRefGroup   = "backend-ref-group"
	RuleVersionAsPrefix   = "schema-version-ignored"
	RuleTLSv1alpha3       = "backendtlspolicy-v1alpha3"
	RuleTLSHostname       = "tls-hostname-mismatch"
	RulePolicyType        = "policy-type-mismatch"
	RuleTwoPolicies       = "two-policies"
	RuleSecretKey         = "secret-missing-key"
)

// Object is one item as the rules see it: its identity and its content
// decoded to plain Go values (maps, slices, strings, numbers, bools).
type Object struct {
	APIVersion, Kind, Namespace, Name string
	// Owned objects carry the function's ownership annotation: they are
	// read for context (a hand-written policy on a generated backend) but
	// never warned about.
	Owned bool
	// Body is the whole object.
	Body map[string]any
}

// Group is the API group of the object ("" for core).
func (o *Object) Group() string { return generator.GroupOf(o.APIVersion) }

// Version is the API version without the group.
func (o *Object) Version() string {
	_, v, ok := strings.Cut(o.APIVersion, "/")
	if !ok {
		return o.APIVersion
	}
	return v
}

// ns is the namespace a reference without one resolves in.
func (o *Object) ns() string {
	if o.Namespace == "" {
		return "default"
	}
	return o.Namespace
}

// ID is "Kind namespace/name" for messages.
func (o *Object) ID() string { return o.Kind + " " + o.ns() + "/" + o.Name }

// IsBackendKind reports whether an object is one of the four AI Gateway
// backend kinds the rules and the importer deal with: exactly the items
// the function's role test (package meta) calls generated. A versionless
// apiVersion ("aigateway.envoyproxy.io") is a version of the core group, as
// Kubernetes reads it, so such an object is not a backend object here
// either: lint and the function give one answer on every route.
func IsBackendKind(apiVersion, kind string) bool {
	return meta.RoleOf(apiVersion, kind) == meta.RoleGenerated
}

// Finding is one problem on one object.
type Finding struct {
	// Object is the index in the slice given to Check.
	Object int
	Rule   string
	// Path is the field path on the object (spec.backendRef.kind).
	Path string
	// Message says what is wrong and what to write instead.
	Message string
	// Severity is severityWarning or SeverityError.
	Severity string
}

// Check runs every rule over objs and returns the findings on objects that
// are not owned, ordered by object then by rule. opts holds what the
// objects cannot say (the target AI Gateway release); every caller (the
// function, the whole-build check, import) gets it from main, which reads
// EnvAIGatewayVersion once, so all apply the same rules.
func Check(objs []Object, opts Options) []Finding {
	ix := newIndex(objs)
	var out []Finding
	for i := range objs {
		o := &objs[i]
		if o.Owned || !Reads(o.APIVersion, o.Kind) {
			continue
		}
		add := func(rule, path, format string, args ...any) {
			out = append(out, Finding{Object: i, Rule: rule, Path: path, Message: fmt.Sprintf(format, args...), Severity: severityOf(rule)})
		}
		if o.Kind != KindSecret {
			checkUnknownFields(o, add)
		}
		switch {
		case o.Kind == KindAIServiceBackend:
			checkBackendRef(o, add)
			checkSchemaVersion(o, add)
			checkAzureVersion(o, add)
		case o.Kind == KindBackendTLSPolicy:
			checkTLSVersion(o, add)
			checkTLSHostname(o, ix, add)
		case o.Kind == KindBackend:
			checkBackendHostname(o, ix, add)
			checkBackendProvider(o, ix, opts, add)
		case o.Kind == KindBackendSecurityPolicy:
			checkPolicyType(o, ix, add)
			checkTwoPolicies(o, ix, add)
			checkPolicyHost(o, ix, add)
		case o.Kind == KindSecret:
			checkSecretKeys(o, ix, add)
		}
	}
	return out
}

type addFunc func(rule, path, format string, args ...any)

// BackendRef is an AIServiceBackend's backendRef with upstream's defaults
// applied (group "", kind Service).
type BackendRef struct {
	Group, Kind, Name, Namespace string
	Port                         int
	HasPort                      bool
}

// ReadBackendRef returns the backendRef of an AIServiceBackend.
func ReadBackendRef(o *Object) (BackendRef, bool) {
	m := Map(o.Body, "spec", "backendRef")
	if m == nil {
		return BackendRef{}, false
	}
	r := BackendRef{Group: Str(m, "group"), Kind: Str(m, "kind"), Name: Str(m, "name"), Namespace: Str(m, "namespace")}
	if r.Kind == "" {
		r.Kind = "Service"
	}
	r.Port, r.HasPort = Int(m, "port")
	return r, true
}

// IsService reports whether the reference names a core Service.
func (r BackendRef) IsService() bool { return r.Group == "" && r.Kind == "Service" }

func checkBackendRef(o *Object, add addFunc) {
	r, ok := ReadBackendRef(o)
	if !ok {
		return
	}
	switch {
	case r.IsService():
		ns := r.Namespace
		if ns == "" {
			ns = o.ns()
		}
		port := "<port>"
		if r.HasPort {
			port = fmt.Sprint(r.Port)
		}
		add(RuleServiceBackendRef, "spec.backendRef", "points at Service %s/%s; AI Gateway rejects Service references (since v0.4): point it at an Envoy Gateway Backend (group: %s, kind: Backend) whose fqdn endpoint is %s.%s.svc.cluster.local port %s, or let an AIBackendSpec with spec.endpoint.service generate both",
			ns, r.Name, groupEG, r.Name, ns, port)
	case r.Kind == KindBackend && r.Group != groupEG:
		add(RuleBackendRefGroup, "spec.backendRef.group", "is %q; the AIServiceBackend CRD only accepts Envoy Gateway Backends: write group: %s (kind defaults to Service and group to \"\", so both must be written)", r.Group, groupEG)
	}
}

// PrefixSchema reports whether a schema reads schema.prefix (and ignores
// schema.version) upstream.
func PrefixSchema(schema string) bool { return schema == "OpenAI" || schema == "Anthropic" }

func checkSchemaVersion(o *Object, add addFunc) {
	s := Map(o.Body, "spec", "schema")
	name := Str(s, "name")
	v, has := s["version"]
	if !has || v == nil || !PrefixSchema(name) {
		return
	}
	ver := fmt.Sprint(v)
	if _, hasPrefix := s["prefix"]; hasPrefix || strings.Trim(ver, "/") == "" || strings.Trim(ver, "/") == "v1" {
		add(RuleVersionAsPrefix, "spec.schema.version", "is ignored by AI Gateway for the %s schema (since v0.6; the path comes from schema.prefix, default /v1); remove it", name)
		return
	}
	add(RuleVersionAsPrefix, "spec.schema.version", "is ignored by AI Gateway for the %s schema since v0.6, so requests go to /v1/...; to change the path write prefix: %q instead", name, "/"+strings.Trim(ver, "/"))
}

func checkTLSVersion(o *Object, add addFunc) {
	if o.Version() == "v1alpha3" {
		add(RuleTLSv1alpha3, "apiVersion", "%s/v1alpha3 is deprecated, not served with the standard-channel Gateway API CRDs (v1.4 and later), and Envoy Gateway v1.6 and later only read v1: write apiVersion: %s/v1 (the spec is the same)", groupGWAPI, groupGWAPI)
	}
}

// Hostnames returns the fqdn hostnames of a Backend (trailing dot removed).
func Hostnames(backend *Object) []string {
	var out []string
	for _, e := range List(backend.Body, "spec", "endpoints") {
		if h := Str(Map(asMap(e), "fqdn"), "hostname"); h != "" {
			out = append(out, strings.TrimSuffix(h, "."))
		}
	}
	return out
}

// TLSTargets returns the Backends a BackendTLSPolicy targets (by name).
func TLSTargets(o *Object) []string { return targets(o, groupEG, KindBackend) }

// targets returns the names of the objects of group and kind among a
// policy's spec.targetRefs.
func targets(o *Object, group, kind string) []string {
	var out []string
	for _, t := range List(o.Body, "spec", "targetRefs") {
		m := asMap(t)
		if Str(m, "kind") == kind && Str(m, "group") == group && Str(m, "name") != "" {
			out = append(out, Str(m, "name"))
		}
	}
	return out
}

func checkTLSHostname(o *Object, ix *index, add addFunc) {
	host := Str(Map(o.Body, "spec", "validation"), "hostname")
	if host == "" || len(List(o.Body, "spec", "validation", "subjectAltNames")) > 0 {
		return
	}
	for _, name := range TLSTargets(o) {
		b := ix.get(KindBackend, o.ns(), name)
		if b == nil {
			continue
		}
		if hs := Hostnames(b); len(hs) > 0 && !slices.Contains(hs, host) {
			add(RuleTLSHostname, "spec.validation.hostname", "is %q but %s connects to %q: Envoy sends this name as SNI and checks the certificate against it; write hostname: %q (or list the certificate's names in subjectAltNames)",
				host, b.ID(), hs[0], hs[0])
		}
	}
}

// checkBackendHostname reports the same mismatch on a hand-written Backend
// whose BackendTLSPolicy is generated (owned), so it is reported once, on
// the object the user wrote.
func checkBackendHostname(o *Object, ix *index, add addFunc) {
	hs := Hostnames(o)
	if len(hs) == 0 {
		return
	}
	for _, p := range ix.tlsFor[o.ns()+"/"+o.Name] {
		host := Str(Map(p.Body, "spec", "validation"), "hostname")
		if !p.Owned || host == "" || slices.Contains(hs, host) || len(List(p.Body, "spec", "validation", "subjectAltNames")) > 0 {
			continue
		}
		add(RuleTLSHostname, "spec.endpoints", "connects to %q but %s validates the certificate for %q; use the same hostname in both", hs[0], p.ID(), host)
	}
}

// Policy types and the Secret key each credential reference is read from.
var policyBlocks = map[string]string{
	"APIKey": "apiKey", "AnthropicAPIKey": "anthropicAPIKey", "AzureAPIKey": "azureAPIKey",
	"AWSCredentials": "awsCredentials", "AzureCredentials": "azureCredentials", "GCPCredentials": "gcpCredentials",
}

// PolicyBlock is the credential block a BackendSecurityPolicy type reads.
func PolicyBlock(typ string) string { return policyBlocks[typ] }

// AllowedPolicyTypes lists the BackendSecurityPolicy types that work with
// a schema: the header or signature the provider expects.
func AllowedPolicyTypes(schema string) []string {
	switch schema {
	case "OpenAI":
		// Azure's v1 API is served on the OpenAI schema with the api-key
		// header or an Entra ID token.
		return []string{"APIKey", "AzureAPIKey", "AzureCredentials"}
	case "Cohere":
		return []string{"APIKey"}
	case "Anthropic":
		return []string{"AnthropicAPIKey"}
	case "AzureOpenAI":
		return []string{"AzureAPIKey", "AzureCredentials"}
	case "AWSBedrock", "AWSAnthropic":
		return []string{"AWSCredentials"}
	case "GCPVertexAI", "GCPAnthropic":
		return []string{"GCPCredentials"}
	}
	return nil
}

// PolicyTargets returns the AIServiceBackends a policy targets (by name).
func PolicyTargets(o *Object) []string { return targets(o, groupAIGW, KindAIServiceBackend) }

func checkPolicyType(o *Object, ix *index, add addFunc) {
	typ := Str(Map(o.Body, "spec"), "type")
	if typ == "" {
		return
	}
	for _, name := range PolicyTargets(o) {
		b := ix.get(KindAIServiceBackend, o.ns(), name)
		if b == nil {
			continue
		}
		schema := Str(Map(b.Body, "spec", "schema"), "name")
		allowed := AllowedPolicyTypes(schema)
		if allowed == nil || slices.Contains(allowed, typ) || typ == "AWSCredentials" && onBedrockOpenAI(b, ix) {
			continue // the Bedrock OpenAI-compatible host has a rule of its own
		}
		add(RulePolicyType, "spec.type", "is %s but %s uses the %s schema, which needs %s; write type: %s with its %s block",
			typ, b.ID(), schema, strings.Join(allowed, " or "), allowed[0], policyBlocks[allowed[0]])
	}
}

func checkTwoPolicies(o *Object, ix *index, add addFunc) {
	for i, name := range PolicyTargets(o) {
		var others []string
		for _, p := range ix.policiesFor[o.ns()+"/"+name] {
			if p != o {
				others = append(others, p.ID())
			}
		}
		if len(others) == 0 {
			continue
		}
		sort.Strings(others)
		add(RuleTwoPolicies, fmt.Sprintf("spec.targetRefs[%d]", i), "targets AIServiceBackend %s/%s, which %s also targets; AI Gateway applies one policy per backend, so which credentials are sent is undefined: keep one policy per AIServiceBackend",
			o.ns(), name, strings.Join(others, " and "))
	}
}

// SecretUse is a Secret a policy reads and the key it reads from it.
type SecretUse struct {
	Namespace, Name, Key string
	// Path is the field path of the reference on the policy.
	Path string
}

// SecretUses lists the Secrets a BackendSecurityPolicy reads.
func SecretUses(o *Object) []SecretUse {
	spec := Map(o.Body, "spec")
	var out []SecretUse
	ref := func(m map[string]any, path, key string) {
		if m == nil || Str(m, "name") == "" {
			return
		}
		if k := Str(m, "kind"); k != "" && k != KindSecret {
			return
		}
		ns := Str(m, "namespace")
		if ns == "" {
			ns = o.ns()
		}
		out = append(out, SecretUse{Namespace: ns, Name: Str(m, "name"), Key: key, Path: path})
	}
	for _, b := range []string{"apiKey", "anthropicAPIKey", "azureAPIKey"} {
		ref(Map(spec, b, "secretRef"), "spec."+b+".secretRef", "apiKey")
	}
	ref(Map(spec, "awsCredentials", "credentialsFile", "secretRef"), "spec.awsCredentials.credentialsFile.secretRef", "credentials")
	ref(Map(spec, "awsCredentials", "oidcExchangeToken", "oidc", "clientSecret"), "spec.awsCredentials.oidcExchangeToken.oidc.clientSecret", "client-secret")
	ref(Map(spec, "azureCredentials", "clientSecretRef"), "spec.azureCredentials.clientSecretRef", "client-secret")
	ref(Map(spec, "azureCredentials", "oidcExchangeToken", "oidc", "clientSecret"), "spec.azureCredentials.oidcExchangeToken.oidc.clientSecret", "client-secret")
	ref(Map(spec, "gcpCredentials", "credentialsFile", "secretRef"), "spec.gcpCredentials.credentialsFile.secretRef", "service_account.json")
	ref(Map(spec, "gcpCredentials", "workloadIdentityFederationConfig", "oidcExchangeToken", "oidc", "clientSecret"), "spec.gcpCredentials.workloadIdentityFederationConfig.oidcExchangeToken.oidc.clientSecret", "client-secret")
	return out
}

func checkSecretKeys(o *Object, ix *index, add addFunc) {
	keys := map[string]bool{}
	for _, field := range []string{"data", "stringData"} {
		for k := range Map(o.Body, field) {
			keys[k] = true
		}
	}
	reported := map[string]bool{}
	for _, u := range ix.secretUses[o.ns()+"/"+o.Name] {
		if keys[u.use.Key] || reported[u.use.Key] {
			continue
		}
		reported[u.use.Key] = true
		have := make([]string, 0, len(keys))
		for k := range keys {
			have = append(have, k)
		}
		sort.Strings(have)
		listed := "it has no keys"
		if len(have) > 0 {
			listed = "its keys are " + strings.Join(have, ", ")
		}
		add(RuleSecretKey, "data", "has no key %q, which %s (type %s) reads at %s; %s: add the key %q (under data, base64, or stringData)",
			u.use.Key, u.policy.ID(), Str(Map(u.policy.Body, "spec"), "type"), u.use.Path, listed, u.use.Key)
	}
}

// index finds objects by kind/namespace/name and the relations the rules follow.
type index struct {
	byID        map[string]*Object
	tlsFor      map[string][]*Object // Backend ns/name -> BackendTLSPolicies
	policiesFor map[string][]*Object // AIServiceBackend ns/name -> policies
	secretUses  map[string][]secretUse
}

type secretUse struct {
	policy *Object
	use    SecretUse
}

func newIndex(objs []Object) *index {
	ix := &index{byID: map[string]*Object{}, tlsFor: map[string][]*Object{}, policiesFor: map[string][]*Object{}, secretUses: map[string][]secretUse{}}
	for i := range objs {
		o := &objs[i]
		if !IsBackendKind(o.APIVersion, o.Kind) {
			continue
		}
		ix.byID[o.Kind+"|"+o.ns()+"/"+o.Name] = o
		switch o.Kind {
		case KindBackendTLSPolicy:
			for _, n := range TLSTargets(o) {
				ix.tlsFor[o.ns()+"/"+n] = append(ix.tlsFor[o.ns()+"/"+n], o)
			}
		case KindBackendSecurityPolicy:
			for _, n := range uniq(PolicyTargets(o)) {
				ix.policiesFor[o.ns()+"/"+n] = append(ix.policiesFor[o.ns()+"/"+n], o)
			}
			for _, u := range SecretUses(o) {
				ix.secretUses[u.Namespace+"/"+u.Name] = append(ix.secretUses[u.Namespace+"/"+u.Name], secretUse{o, u})
			}
		}
	}
	return ix
}

func (ix *index) get(kind, ns, name string) *Object { return ix.byID[kind+"|"+ns+"/"+name] }

func uniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
