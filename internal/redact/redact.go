package redact

import (
	"math"
	"regexp"
	"strings"
	"sync"
)

// Hidden replaces a credential-shaped token in any text.
const Hidden = "(value not shown)"

// HiddenName replaces a whole object name or namespace that looks like a
// credential (results[].resourceRef, the "(Kind ns/name)" suffix).
const HiddenName = "(name not shown: it looks like a credential)"

var (
	prefixRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:sk-|xai-|gsk_|gh[pousr]_|github_pat_|hf_|glpat-|nvapi-|pplx-|fw_|csk-|r8_|xox[abps]-|AIza)[A-Za-z0-9_-]{16,}|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`)
	})
	pemRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\z)`)
	})
	schemeRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:bearer|basic)\s+([A-Za-z0-9._~+/=-]{8,})`)
	})
	wholeSchemeRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?i:bearer|basic)\s+\S{8,}$`)
	})
	uuidRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	})
)

// LooksLikeCredential reports a value that is, as a whole (once quotes and
// spaces around it are stripped), a credential.
func LooksLikeCredential(s string) bool {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(s), `"'`))
	if t == "" {
		return false
	}
	if wholeSchemeRE().MatchString(t) {
		return true
	}
	if strings.HasPrefix(t, "-----BEGIN") && pemRE().MatchString(t) {
		return true
	}
	spans := Spans(t)
	return len(spans) == 1 && spans[0][0] == 0 && spans[0][1] == len(t)
}

// Contains reports whether s holds a credential anywhere.
func Contains(s string) bool { return LooksLikeCredential(s) || len(Spans(s)) > 0 }

// String returns s with every credential-shaped token replaced by Hidden.
func String(s string) string {
	spans := Spans(s)
	for i := len(spans) - 1; i >= 0; i-- {
		s = s[:spans[i][0]] + Hidden + s[spans[i][1]:]
	}
	return s
}

// Name returns a name or namespace as it is, or HiddenName when it looks
// like (or holds) a credential.
func Name(s string) string {
	if Contains(s) {
		return HiddenName
	}
	return s
}

// Spans returns the sorted, non-overlapping byte ranges of the
// credential-shaped tokens in s.
func Spans(s string) [][]int {
	var out [][]int
	for _, m := range pemRE().FindAllStringIndex(s, -1) {
		out = append(out, m)
	}
	for _, m := range schemeRE().FindAllStringSubmatchIndex(s, -1) {
		out = append(out, m[2:4])
	}
	for _, m := range prefixRE().FindAllStringIndex(s, -1) {
		// the token must not continue a word on the left ("task-..." is not "sk-...")
		if m[0] > 0 && isTokenByte(s[m[0]-1]) {
			continue
		}
		if randomTail(s[m[0]:m[1]]) {
			out = append(out, m)
		}
	}
	for _, m := range tokens(s) {
		if HighEntropy(s[m[0]:m[1]]) {
			out = append(out, m)
			continue
		}
		out = append(out, slashRuns(s, m)...)
	}
	return merge(out)
}

// slashRuns finds keys inside a token joined to text by '/' (an object
// path "ns/<key>/name", or a base64 key with '/' next to a name): the
// longest runs of '/'-separated segments that are high-entropy.
func slashRuns(s string, m []int) [][]int {
	tok := s[m[0]:m[1]]
	if !strings.Contains(tok, "/") {
		return nil
	}
	var starts, ends []int
	start := 0
	for i := 0; i <= len(tok); i++ {
		if i == len(tok) || tok[i] == '/' {
			starts, ends = append(starts, start), append(ends, i)
			start = i + 1
		}
	}
	var out [][]int
	for i := 0; i < len(starts); i++ {
		for j := len(starts) - 1; j >= i; j-- {
			if j-i == len(starts)-1 {
				continue // the whole token, already tried
			}
			if HighEntropy(tok[starts[i]:ends[j]]) {
				out = append(out, []int{m[0] + starts[i], m[0] + ends[j]})
				i = j
				break
			}
		}
	}
	return out
}

// randomTail tells a prefixed key from a name that merely starts like one
// ("sk-cluster-prod"): keys mix cases or use '_' (which Kubernetes names
// and hostnames cannot), or are long.
func randomTail(tok string) bool {
	return len(tok) >= 40 || strings.ContainsAny(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_")
}

func isTokenByte(b byte) bool {
	return b == '_' || b == '-' || isAlnum(b)
}

func isAlnum(b byte) bool {
	return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

// tokens splits s into maximal runs of key characters (base64, base64url
// and hex alphabets).
func tokens(s string) [][]int {
	var out [][]int
	start := -1
	for i := 0; i <= len(s); i++ {
		in := i < len(s) && (isTokenByte(s[i]) || s[i] == '+' || s[i] == '/' || s[i] == '=')
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, []int{start, i})
			start = -1
		}
	}
	return out
}

// minEntropyLen is the shortest unprefixed token that can count as a key:
// shorter random strings are too common in names and IDs.
const minEntropyLen = 20

// HighEntropy reports a token (letters, digits, + / = _ -) that looks
// random rather than written: 32 or more hex characters in a row mixing
// letters and digits, or at least 20 letters and digits whose class
// (lower, upper, digit) changes at 3 in 10 or more adjacent pairs (4 in 10 without digits) and
// whose Shannon entropy is at least 3 bits per character. Words, CamelCase
// identifiers, DNS labels and RFC 1123 names change class rarely; random
// base62/base64 changes at about 6 pairs in 10, random hex at 5.
func HighEntropy(tok string) bool {
	tok = strings.Trim(tok, "=/+-_")
	if len(tok) < minEntropyLen || uuidRE().MatchString(tok) {
		return false
	}
	if hexRun(tok) >= 32 {
		return true
	}
	if !strings.ContainsAny(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_+/") {
		// Lowercase, digits and '-': the alphabet of RFC 1123 names, whose
		// words and hash suffixes (team-api-key-7c72t6bk58) are short. Such
		// a token is a key only when one of its words is.
		for _, w := range strings.Split(tok, "-") {
			if len(w) >= minEntropyLen && w != tok && HighEntropy(w) {
				return true
			}
		}
		if strings.Contains(tok, "-") {
			return false
		}
	}
	var counts [256]int
	alnum, digits, pairs, changes, digitEdges := 0, 0, 0, 0, 0
	classes := map[byte]bool{}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if !isAlnum(c) {
			continue
		}
		alnum++
		counts[c]++
		if class(c) == 'd' {
			digits++
		}
		classes[class(c)] = true
		if i > 0 && isAlnum(tok[i-1]) {
			pairs++
			if class(tok[i-1]) != class(c) {
				changes++
			}
			if (class(tok[i-1]) == 'd') != (class(c) == 'd') {
				digitEdges++
			}
		}
	}
	if alnum < minEntropyLen || len(classes) < 2 || pairs == 0 {
		return false
	}
	if !strings.Contains(tok, "/") && digits >= 3 && alnum-digits >= 3 && digitEdges >= 2 && entropy(counts[:], alnum) >= 3.7 {
		// letters and digits spread over many symbols: random (a base36
		// key changes class less often than base62, but uses 30+ symbols).
		// Not for paths, whose words together use many symbols too, nor
		// for a word with a number after it (TestImportOptions895395905, a
		// Go test's temporary directory): its digits are one block, while a
		// key's digits are scattered among its letters.
		return true
	}
	need := 0.3 // random base62 changes class at about 6 pairs in 10, hex at 5
	if !classes['d'] {
		need = 0.4 // CamelCase words change at every word; random letters at every other pair
	}
	if float64(changes) < need*float64(pairs) {
		return false
	}
	return entropy(counts[:], alnum) >= 3.0
}

// hexRun is the length of the longest run of hex characters holding both
// a letter and a digit (a run of one case: mixed-case hex is not hex).
func hexRun(s string) int {
	best := 0
	for _, upper := range []bool{false, true} {
		n, letters, digits := 0, 0, 0
		for i := 0; i <= len(s); i++ {
			var c byte
			if i < len(s) {
				c = s[i]
			}
			switch {
			case i < len(s) && c >= '0' && c <= '9':
				n++
				digits++
			case i < len(s) && !upper && c >= 'a' && c <= 'f', i < len(s) && upper && c >= 'A' && c <= 'F':
				n++
				letters++
			default:
				if letters > 0 && digits > 0 && n > best {
					best = n
				}
				n, letters, digits = 0, 0, 0
			}
		}
	}
	return best
}

func class(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return 'd'
	case c >= 'A' && c <= 'Z':
		return 'u'
	}
	return 'l'
}

func entropy(counts []int, n int) float64 {
	h := 0.0
	for _, c := range counts {
		if c == 0 {
			continue
		}
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}

// merge sorts spans and joins overlapping ones.
func merge(spans [][]int) [][]int {
	if len(spans) < 2 {
		return spans
	}
	for i := 1; i < len(spans); i++ { // insertion sort: a handful of spans
		for j := i; j > 0 && spans[j][0] < spans[j-1][0]; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	out := [][]int{spans[0]}
	for _, s := range spans[1:] {
		last := out[len(out)-1]
		if s[0] <= last[1] {
			if s[1] > last[1] {
				last[1] = s[1]
			}
			continue
		}
		out = append(out, s)
	}
	return out
}
