// Package redact is the one redaction policy of aigw-backend: every channel
// that reaches a person or a log — stderr lines, result messages,
// results[].resourceRef, values quoted in errors, and import's stdout and
// stderr — passes its text through this package before it is written.
//
// What counts as a credential:
//   - a token with a known key prefix and a random tail: sk-, sk-proj-,
//     sk-ant-, xai-, gsk_, ghp_/gho_/ghu_/ghs_/ghr_, github_pat_, hf_,
//     glpat-, nvapi-, pplx-, fw_, csk-, r8_, xox[abps]-, AIza; AWS access
//     key IDs (AKIA/ASIA + 16); JWTs (eyJ....); PEM private keys; and the
//     value of an HTTP Authorization scheme (Bearer/Basic ...);
//   - a long high-entropy token without a known prefix: a run of 32 or
//     more hex characters mixing letters and digits, or a token of 20 or
//     more letters and digits whose characters change class (lower, upper,
//     digit) often and whose character entropy is high — random keys do,
//     words, DNS names, regions, RFC 1123 names (openai-api-key), header
//     names and CamelCase identifiers do not. UUIDs are identifiers
//     (Azure client and tenant IDs), not credentials.
//
// Where it is applied: generator's error collector (values and messages),
// fn's result writer (message, resourceRef name/namespace, field value,
// file path) and stderr lines, import's printed specs and notes, and
// main's own messages. A name that looks like a credential is replaced by
// a phrase that says so; any other text keeps its words and loses only the
// credential-shaped tokens.
package redact
