package generator

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aigw-dev/aigw-backend/internal/redact"
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
const notShown = redact.Hidden

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
		value, msg := redactMessage(path, value, format, args)
		c.list = append(c.list, FieldError{Path: path, Value: value, Message: msg})
	case len(c.list) == maxErrors:
		c.list = append(c.list, FieldError{Message: fmt.Sprintf("more than %d problems; fix these and run again", maxErrors)})
	}
}

// redactMessage formats the message without the secrets it might carry.
func redactMessage(path string, value any, format string, args []any) (any, string) {
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
// pasted credential is the usual mistake: header values.
func credentialPath(path string) bool {
	// spec.auth holds references, regions, projects, tenants and header
	// names, none of them secret: their values are quoted where that
	// helps, and a key pasted into one is caught by looksLikeCredential
	// like anywhere else.
	// Body values are numbers and words far more often than keys; a
	// key-shaped one is caught by looksLikeCredential like anywhere else.
	return strings.HasPrefix(path, "spec.headerMutation.set[") && strings.HasSuffix(path, "].value")
}

// The credential shapes are package redact's: one policy for every
// channel.

// scrubCredentials replaces every key-shaped token in a message.
func scrubCredentials(msg string) string { return redact.String(msg) }

// looksLikeCredential reports a value that is (or, once JSON quotes are
// stripped, is) an API key, bearer token, JWT, AWS access key, PEM
// private key or a long random token.
func looksLikeCredential(s string) bool { return redact.LooksLikeCredential(s) }

// credentialName reports a name field's value that must be refused as a
// credential: the name of a generated object or of a referenced Secret is
// printed in messages and written into objects, so a name that looks like
// a key (by package redact's policy, entropy rule included) is refused
// even when it is a valid Kubernetes name.
func credentialName(s string) bool { return redact.LooksLikeCredential(s) }

// containsCredential reports a value that is, or embeds (a JSON object
// with a key in it), a credential.
func containsCredential(s string) bool { return redact.Contains(s) }
