package generator

import (
	"fmt"
	"strings"
)

// maxMutations is the upstream maxItems of every mutation list.
const maxMutations = 16

// secretHeaders carry credentials; setting them inline would put a secret
// in the package. spec.auth is the way to send them. The value says
// whether an API key travels in the header (see APIKeyHeader).
var secretHeaders = map[string]bool{
	"authorization": true, "x-api-key": true, "api-key": true, "x-goog-api-key": true,
	"proxy-authorization": false, "cookie": false,
}

// APIKeyHeader reports whether a header name (any case) is one an API key
// travels in: authorization, x-api-key, api-key, x-goog-api-key or any
// *-api-key. Import moves such a header's key to spec.auth.secretRef.
func APIKeyHeader(name string) bool {
	l := strings.ToLower(name)
	return secretHeaders[l] || strings.HasSuffix(l, "-api-key")
}

// credentialHeader reports header names that carry credentials: the
// fixed list above and the usual spellings of key and token headers
// (x-goog-api-key, x-auth-token, x-amz-security-token, x-aigw-...-api-key).
func credentialHeader(lower string) bool {
	if _, ok := secretHeaders[lower]; ok {
		return true
	}
	for _, suffix := range []string{"api-key", "apikey", "api_key", "-token", "_token", "-secret", "_secret", "-password", "-credentials", "access-key"} {
		if strings.HasSuffix(lower, suffix) {
			return true
		}
	}
	return false
}

// credentialFields are top-level JSON body fields that carry credentials
// (compared without case, '-' or '_'): a key set in the body is as
// inline as one set in a header. Fields that merely contain such a word
// (max_tokens) are not among them.
var credentialFields = map[string]bool{
	"apikey": true, "key": true, "token": true, "accesstoken": true, "authtoken": true, "bearertoken": true,
	"idtoken": true, "refreshtoken": true, "sessiontoken": true, "authorization": true, "auth": true,
	"secret": true, "clientsecret": true, "password": true, "passwd": true, "bearer": true,
	"credential": true, "credentials": true, "privatekey": true, "secretkey": true, "accesskey": true,
	"secretaccesskey": true, "xapikey": true, "openaiapikey": true,
}

// credentialField reports a body field name that carries a credential.
func credentialField(path string) bool {
	norm := strings.NewReplacer("-", "", "_", "", ".", "").Replace(strings.ToLower(path))
	return credentialFields[norm]
}

func resolveMutations(s *Spec, r *resolved, c *errs) {
	if h := s.HeaderMutation; h != nil && (len(h.Set) > 0 || len(h.Remove) > 0) {
		r.headerMutation = &httpHeaderMutation{Set: h.Set, Remove: h.Remove}
		checkHeaderMutation(h, c)
	}
	if b := s.BodyMutation; b != nil && (len(b.Set) > 0 || len(b.Remove) > 0) {
		r.bodyMutation = &httpBodyMutation{Set: b.Set, Remove: b.Remove}
		checkBodyMutation(b, c)
	}
}

func checkHeaderMutation(h *HeaderMutation, c *errs) {
	const base = "spec.headerMutation"
	manySet, manyRemove := tooMany(base+".set", len(h.Set), c), tooMany(base+".remove", len(h.Remove), c)
	if manySet || manyRemove {
		return // entry-by-entry problems would only bury the count
	}
	set := map[string]bool{}
	for i, hd := range h.Set {
		p := fmt.Sprintf("%s.set[%d]", base, i)
		lower := strings.ToLower(hd.Name)
		switch {
		case hd.Name == "":
			c.add(p+".name", nil, "is required")
		case containsCredential(hd.Name):
			c.add(p+".name", nil, "looks like an API key or token (not shown), not a header name; inline secret values are refused: reference a Secret with spec.auth instead")
		case len(hd.Name) > 256 || !headerNameRE().MatchString(hd.Name):
			c.add(p+".name", hd.Name, "must be an HTTP header name (at most 256 token characters, no spaces or ':'), got %q", hd.Name)
		case credentialHeader(lower):
			c.add(p+".name", hd.Name, "would put a credential inline; inline secret values are refused: reference a Secret with spec.auth instead")
		case set[lower]:
			c.add(p+".name", hd.Name, "sets header %q twice (names are case-insensitive); keep one", hd.Name)
		}
		set[lower] = true
		switch {
		case hd.Value == "":
			c.add(p+".value", nil, "is required (1 to 4096 characters); to drop a header use spec.headerMutation.remove")
		case len(hd.Value) > 4096:
			c.add(p+".value", nil, "must be at most 4096 characters, got %d", len(hd.Value))
		case strings.ContainsAny(hd.Value, "\r\n\x00"):
			c.add(p+".value", nil, "must not contain line breaks or NUL characters")
		case !credentialHeader(lower) && containsCredential(hd.Value):
			c.add(p+".value", nil, "looks like an API key or token (not shown); inline secret values are refused: reference a Secret with spec.auth instead")
		}
	}
	removed := map[string]bool{}
	for i, name := range h.Remove {
		p := fmt.Sprintf("%s.remove[%d]", base, i)
		lower := strings.ToLower(name)
		switch {
		case containsCredential(name):
			c.add(p, nil, "looks like an API key or token (not shown), not a header name: list the names of the headers to remove, for example x-debug")
		case name == "" || len(name) > 256 || !headerNameRE().MatchString(name):
			c.add(p, name, "must be an HTTP header name, got %q", name)
		case removed[lower]:
			c.add(p, name, "removes header %q twice; keep one", name)
		case set[lower]:
			c.add(p, name, "removes header %q that spec.headerMutation.set also sets; keep one of them", name)
		}
		removed[lower] = true
	}
}

func checkBodyMutation(b *BodyMutation, c *errs) {
	const base = "spec.bodyMutation"
	manySet, manyRemove := tooMany(base+".set", len(b.Set), c), tooMany(base+".remove", len(b.Remove), c)
	if manySet || manyRemove {
		return // entry-by-entry problems would only bury the count
	}
	set := map[string]bool{}
	for i, f := range b.Set {
		p := fmt.Sprintf("%s.set[%d]", base, i)
		switch {
		case f.Path == "":
			c.add(p+".path", nil, "is required: the top-level JSON field to set, for example temperature")
		case strings.ContainsAny(f.Path, " \t\n"):
			c.add(p+".path", f.Path, "must be a JSON field name without spaces, got %q", f.Path)
		case containsCredential(f.Path):
			c.add(p+".path", nil, "looks like an API key or token (not shown), not a JSON field name; inline secret values are refused: reference a Secret with spec.auth instead")
		case credentialField(f.Path):
			c.add(p+".path", f.Path, "would put a credential in every request body; inline secret values are refused: reference a Secret with spec.auth instead")
		case set[f.Path]:
			c.add(p+".path", f.Path, "sets %q twice; keep one", f.Path)
		}
		set[f.Path] = true
		switch {
		case f.Value == "":
			c.add(p+".value", nil, "is required: a JSON value such as 0.2, true, \"\\\"text\\\"\" or {\"k\": 1}; plain text becomes a JSON string")
		case credentialField(f.Path) || containsCredential(f.Path):
			// already refused by its path; the value is not looked at
		case containsCredential(f.Value):
			c.add(p+".value", nil, "looks like an API key or token (not shown); inline secret values are refused: reference a Secret with spec.auth instead")
		case looksLikeJSON(f.Value) && !validJSON(f.Value):
			c.add(p+".value", f.Value, "looks like JSON but does not parse, and AI Gateway would insert it raw into the request body; fix the JSON or, for a string, write it without leading quotes/brackets")
		}
	}
	removed := map[string]bool{}
	for i, path := range b.Remove {
		p := fmt.Sprintf("%s.remove[%d]", base, i)
		switch {
		case containsCredential(path):
			c.add(p, nil, "looks like an API key or token (not shown), not a JSON field name: list the top-level fields to remove, for example user")
		case path == "" || strings.ContainsAny(path, " \t\n"):
			c.add(p, path, "must be a JSON field name, got %q", path)
		case removed[path]:
			c.add(p, path, "removes %q twice; keep one", path)
		case set[path]:
			c.add(p, path, "removes %q that spec.bodyMutation.set also sets; keep one of them", path)
		}
		removed[path] = true
	}
}

// tooMany reports a list over the upstream limit.
func tooMany(path string, n int, c *errs) bool {
	if n > maxMutations {
		c.add(path, n, "must have at most %d entries (the upstream limit), got %d", maxMutations, n)
		return true
	}
	return false
}
