package generator

import (
	"encoding/json"
	"net"
	"regexp"
	"strings"
	"sync"
)

// lazyRE compiles a pattern on first use: compiling all of them at start-up
// is paid by every small run (docs/performance.md has the figures).
func lazyRE(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// Syntax rules shared by the checks. Patterns come from the upstream CRDs
// (Backend fqdn, Gateway API PreciseHostname and HTTPHeaderName) and from
// Kubernetes object naming.
var (
	dnsLabelRE     = lazyRE(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	dnsSubdomainRE = lazyRE(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	headerNameRE   = lazyRE("^[A-Za-z0-9!#$%&'*+\\-.^_`|~]+$")
	awsRegionRE    = lazyRE(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	gcpRegionRE    = lazyRE(`^([a-z]+-[a-z]+[0-9]+|global)$`)
	azureResRE     = lazyRE(`^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$`)
	prefixRE       = lazyRE(`^/([A-Za-z0-9._~!$&'()*+,;=:@%-]+(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*)?$`)
	versionRE      = lazyRE(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	roleArnRE      = lazyRE(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+$`)
	gcpProjectRE   = lazyRE(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$`)
	labelValueRE   = lazyRE(`^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$`)
	qualifiedRE    = lazyRE(`^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`)

	// Hosts whose region the upstream signer (AWS) or path builder (GCP)
	// derives; the credentials' region must agree with them.
	bedrockHostRE = lazyRE(`(?:^|\.)bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.(?:vpce\.amazonaws\.com|amazonaws\.com|api\.aws)$`)
	vertexHostRE  = lazyRE(`^(?:([a-z0-9-]+)-)?aiplatform\.googleapis\.com$`)
)

// checkHostname explains what is wrong with an endpoint hostname, or "".
// A trailing dot is allowed (Envoy Gateway >= 1.9 accepts it).
func checkHostname(h string) string {
	switch {
	case strings.Contains(h, "://"):
		msg := "must be a bare hostname without scheme or path; write " + quote(bareHost(h))
		if hasUserInfo(h) {
			msg += " (and put the credentials in a Secret referenced from spec.auth: Envoy never sends user-info from a hostname)"
		}
		return msg
	case hasUserInfo(h):
		return "must not contain user-info (user:password@ before the host); Envoy never sends it: put the credential in a Secret referenced from spec.auth and write the hostname alone, " + quote(bareHost(h))
	case strings.ContainsAny(h, "/?#"):
		return "must be a bare hostname without a path; put the path in spec.schema.prefix"
	case net.ParseIP(strings.Trim(h, "[]")) != nil:
		return "must be a DNS name, not an IP address (Envoy Gateway rejects IP addresses in fqdn endpoints)"
	case strings.Contains(h, ":"):
		return "must not contain a port; put it in spec.endpoint.port"
	case h != strings.ToLower(h):
		return "must be lowercase; write " + quote(strings.ToLower(h))
	}
	trimmed := strings.TrimSuffix(h, ".")
	if len(trimmed) > 253 {
		return "must be at most 253 characters"
	}
	if !dnsSubdomainRE().MatchString(trimmed) {
		return "must be a DNS name of lowercase letters, digits, '-' and '.' (for example api.example.com)"
	}
	for _, l := range strings.Split(trimmed, ".") {
		if len(l) > 63 {
			return "must have labels of at most 63 characters"
		}
	}
	if !strings.Contains(trimmed, ".") {
		return "must be a fully qualified name with at least two labels (Envoy Gateway rejects single-label names); for an in-cluster Service use spec.endpoint.service"
	}
	return ""
}

// bareHost strips a scheme, path and port from a URL-ish string for a hint.
func bareHost(s string) string {
	s = authority(s)
	if i := strings.LastIndex(s, "@"); i >= 0 {
		s = s[i+1:]
	}
	if h, _, err := net.SplitHostPort(s); err == nil {
		s = h
	}
	return strings.ToLower(s)
}

// hasUserInfo reports a "user@host" or "user:password@host" authority
// (with or without a scheme): a credential written into a hostname.
func hasUserInfo(h string) bool { return strings.Contains(authority(h), "@") }

// authority is what stands between a URL-ish string's scheme (if any) and
// its path, query or fragment: [user[:password]@]host[:port].
func authority(s string) string {
	if _, rest, ok := strings.Cut(s, "://"); ok {
		s = rest
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return s
}

// looksLikeJSON mirrors upstream's body mutator: such values are inserted
// raw, so they must parse.
func looksLikeJSON(v string) bool {
	t := strings.TrimSpace(v)
	if t == "" {
		return false
	}
	switch t {
	case "true", "false", "null":
		return true
	}
	return strings.ContainsRune(`"{[-0123456789`, rune(t[0]))
}

func validJSON(v string) bool { return json.Valid([]byte(v)) }

// checkQualifiedName validates a label or annotation key.
func checkQualifiedName(k string) string {
	prefix, name, hasPrefix := strings.Cut(k, "/")
	if !hasPrefix {
		name, prefix = prefix, ""
	}
	if hasPrefix && (prefix == "" || len(prefix) > 253 || !dnsSubdomainRE().MatchString(prefix)) {
		return "must have a DNS subdomain prefix before '/' (for example example.com/team)"
	}
	if name == "" || len(name) > 63 || !qualifiedRE().MatchString(name) {
		return "must be a qualified name: at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character"
	}
	return ""
}

func quote(s string) string { return `"` + s + `"` }
