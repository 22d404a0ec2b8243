package generator

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// FieldError is one problem with a spec, located by its field path
// (for example "spec.endpoint.port").
type FieldError struct {
	// Path is the dotted field path with list indexes: spec.headerMutation.set[2].name.
	Path string
	// Value is the offending value as written, when it is a scalar. It is
	// nil for fields that carry credentials: results end up in CI logs.
	Value any
	// Message says what is wrong and what to write instead.
	Message string
}

func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// FieldErrors collects every problem found in one spec; validation never
// stops at the first one.
type FieldErrors []FieldError

func (es FieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// errs is the collector threaded through decoding and resolution.
type errs struct {
	list FieldErrors
}

// maxErrors caps the problems reported for one spec: past it the output
// would only bury the first, most useful ones.
const maxErrors = 100

// notShown replaces a value that must not be echoed.
const notShown = "(value not shown)"

// hidden formats as notShown whatever the verb, so a %q of a credential
// prints no quotes around nothing.
type hidden struct{}

func (hidden) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, notShown) }

// add records a problem. It is also the one place that keeps credentials
// out of results (kustomize prints them on stderr, which CI logs keep):
// a value at a credential-bearing path, or any value that looks like a
// key or token, is dropped from Value and from the message, whatever the
// caller formatted. Callers still word their messages without the value;
// this is the net under them.
func (c *errs) add(path string, value any, format string, args ...any) {
	switch {
	case len(c.list) < maxErrors:
		value, msg := redact(path, value, format, args)
		c.list = append(c.list, FieldError{Path: path, Value: value, Message: msg})
	case len(c.list) == maxErrors:
		c.list = append(c.list, FieldError{Message: fmt.Sprintf("more than %d problems; fix these and run again", maxErrors)})
	}
}

// redact formats the message without the secrets it might carry.
func redact(path string, value any, format string, args []any) (any, string) {
	var secrets []string
	if s, ok := value.(string); ok && s != "" && (credentialPath(path) || looksLikeCredential(s) || (strings.HasSuffix(path, "hostname") && hasUserInfo(s))) {
		secrets = append(secrets, s)
	}
	if credentialPath(path) {
		value = nil
	}
	if len(secrets) > 0 {
		value = nil
	}
	safe := make([]any, len(args))
	for i, a := range args {
		safe[i] = a
		if s, ok := a.(string); ok && s != "" && (looksLikeCredential(s) || (len(secrets) > 0 && s == secrets[0])) {
			safe[i] = hidden{}
			secrets = append(secrets, s)
		}
	}
	msg := fmt.Sprintf(format, safe...)
	for _, s := range secrets {
		msg = strings.ReplaceAll(msg, strconv.Quote(s), notShown)
		msg = strings.ReplaceAll(msg, s, notShown)
	}
	msg = scrubCredentials(msg)
	return value, msg
}

// credentialPath reports fields whose values are credentials or where a
// pasted credential is the usual mistake: everything under spec.auth
// but the override's header and metadata names, and header values.
func credentialPath(path string) bool {
	if strings.HasPrefix(path, "spec.auth.override.") {
		// header names and metadata keys that say where a credential comes
		// from, not credentials; a key-shaped one is still caught below
		return false
	}
	if path == "spec.auth" || strings.HasPrefix(path, "spec.auth.") || strings.HasPrefix(path, "spec.auth[") {
		return true
	}
	// Body values are numbers and words far more often than keys; a
	// key-shaped one is caught by looksLikeCredential like anywhere else.
	return strings.HasPrefix(path, "spec.headerMutation.set[") && strings.HasSuffix(path, "].value")
}

// Shapes of the API keys and tokens of the providers in the catalog (and
// of the code hosts whose tokens end up in the same files): a known
// prefix and a long random tail, an AWS access key ID, a JWT, a PEM
// private key, or an Authorization header value.
var (
	credentialTokenRE = lazyRE(`(?:sk-|xai-|gsk_|gh[pousr]_|github_pat_|hf_|glpat-|nvapi-|pplx-|fw_|csk-|r8_|xox[abps]-|AIza)[A-Za-z0-9_-]{16,}|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*|-----BEGIN [A-Z ]*PRIVATE KEY-----`)
	authSchemeRE      = lazyRE(`^(?i:bearer|basic)\s+\S{8,}$`)
)

// randomTail tells a key from a name that merely starts like one
// ("sk-cluster-prod"): keys mix cases or use '_' (which Kubernetes names
// and hostnames cannot), or are long.
func randomTail(tok string) bool {
	return len(tok) >= 40 || strings.ContainsAny(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") || strings.HasPrefix(tok, "-----")
}

// credentialSpans returns the byte ranges of key-shaped tokens in s.
func credentialSpans(s string) [][]int {
	var out [][]int
	for _, m := range credentialTokenRE().FindAllStringIndex(s, -1) {
		// the token must not continue a word on the left ("task-..." is not "sk-...")
		if m[0] > 0 && isTokenByte(s[m[0]-1]) {
			continue
		}
		if randomTail(s[m[0]:m[1]]) {
			out = append(out, m)
		}
	}
	return out
}

func isTokenByte(b byte) bool {
	return b == '_' || b == '-' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

// scrubCredentials replaces every key-shaped token in a message.
func scrubCredentials(msg string) string {
	spans := credentialSpans(msg)
	for i := len(spans) - 1; i >= 0; i-- {
		msg = msg[:spans[i][0]] + notShown + msg[spans[i][1]:]
	}
	return msg
}

// looksLikeCredential reports a value that is (or, once JSON quotes are
// stripped, is) an API key, bearer token, JWT, AWS access key or PEM
// private key.
func looksLikeCredential(s string) bool {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(s), `"'`))
	if authSchemeRE().MatchString(t) {
		return true
	}
	spans := credentialSpans(t)
	return len(spans) == 1 && spans[0][0] == 0 && (spans[0][1] == len(t) || strings.HasPrefix(t, "-----BEGIN"))
}

// containsCredential reports a value that is, or embeds (a JSON object
// with a key in it), a credential.
func containsCredential(s string) bool {
	return looksLikeCredential(s) || len(credentialSpans(s)) > 0
}
