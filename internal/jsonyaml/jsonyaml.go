package jsonyaml

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/aigw-dev/aigw-backend/internal/yaml11"
)

// MaxDepth is the deepest nesting of objects and arrays ToBlock rewrites.
const MaxDepth = 64

// maxKey is the longest key written: YAML reads an implicit key of at most
// 1024 characters.
const maxKey = 1000

// IsObject reports whether in starts, after white space, with "{": a JSON
// object or a YAML flow mapping.
func IsObject(in []byte) bool {
	for _, c := range in {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c == '{'
	}
	return false
}

// ToBlock rewrites the JSON object in as block-style YAML (see the package
// documentation). ok is false when in is outside the model.
func ToBlock(in []byte) (out []byte, ok bool) {
	if !IsObject(in) || !utf8.Valid(in) || !json.Valid(in) {
		return nil, false
	}
	w := &writer{in: in, out: make([]byte, 0, len(in)+len(in)/4+64)}
	w.skip()
	w.object(0, false)
	if !w.ok() {
		return nil, false
	}
	return w.out, true
}

// writer walks input that json.Valid accepted, so it checks no syntax.
type writer struct {
	in, out []byte
	i       int
	depth   int
	bad     bool
}

func (w *writer) ok() bool { return !w.bad }

func (w *writer) skip() {
	for w.i < len(w.in) {
		switch w.in[w.i] {
		case ' ', '\t', '\r', '\n':
			w.i++
		default:
			return
		}
	}
}

func (w *writer) indent(n int) {
	for range n {
		w.out = append(w.out, ' ')
	}
}

// enter and leave count nesting; too deep marks the input as refused.
func (w *writer) enter() bool {
	w.depth++
	if w.depth > MaxDepth {
		w.bad = true
	}
	return !w.bad
}

func (w *writer) leave() { w.depth-- }

// object writes the object at w.i with its keys at column col; inline means
// the first key goes on the current line (after a sequence entry's "- ").
func (w *writer) object(col int, inline bool) {
	if !w.enter() {
		return
	}
	defer w.leave()
	w.i++ // {
	w.skip()
	if w.in[w.i] == '}' {
		w.i++
		w.out = append(w.out, "{}\n"...)
		return
	}
	for first := true; !w.bad; first = false {
		if !first || !inline {
			w.indent(col)
		}
		key := w.str()
		if len(key) > maxKey {
			w.bad = true
			return
		}
		w.scalarText(key)
		w.out = append(w.out, ':')
		w.skip()
		w.i++ // :
		w.skip()
		w.value(col)
		w.skip()
		if w.in[w.i] == '}' {
			w.i++
			return
		}
		w.i++ // ,
		w.skip()
	}
}

// value writes the value at w.i of a key at column col, after its colon.
func (w *writer) value(col int) {
	switch w.in[w.i] {
	case '{':
		if w.emptyNext('}') {
			w.out = append(w.out, ' ')
			w.object(col, true)
			return
		}
		w.out = append(w.out, '\n')
		w.object(col+2, false)
	case '[':
		if w.emptyNext(']') {
			w.out = append(w.out, ' ')
			w.array(col, true)
			return
		}
		// an indentless sequence, as kyaml writes one
		w.out = append(w.out, '\n')
		w.array(col, false)
	default:
		w.out = append(w.out, ' ')
		w.scalar(col)
	}
}

// emptyNext reports whether the collection opened at w.i is empty.
func (w *writer) emptyNext(closer byte) bool {
	j := w.i + 1
	for j < len(w.in) && (w.in[j] == ' ' || w.in[j] == '\t' || w.in[j] == '\r' || w.in[j] == '\n') {
		j++
	}
	return j < len(w.in) && w.in[j] == closer
}

// array writes the array at w.i with its "- " markers at column col.
func (w *writer) array(col int, inline bool) {
	if !w.enter() {
		return
	}
	defer w.leave()
	w.i++ // [
	w.skip()
	if w.in[w.i] == ']' {
		w.i++
		w.out = append(w.out, "[]\n"...)
		return
	}
	for first := true; !w.bad; first = false {
		if !first || !inline {
			w.indent(col)
		}
		w.out = append(w.out, "- "...)
		switch w.in[w.i] {
		case '{':
			w.object(col+2, true)
		case '[':
			w.array(col+2, true)
		default:
			w.scalar(col)
		}
		w.skip()
		if w.in[w.i] == ']' {
			w.i++
			return
		}
		w.i++ // ,
		w.skip()
	}
}

// scalar writes the string, number or literal at w.i, the value of a key
// or sequence entry at column col, and ends the line.
func (w *writer) scalar(col int) {
	if w.in[w.i] == '"' {
		q := w.str()
		switch {
		case bytes.IndexByte(q, '\\') < 0:
			w.scalarText(q)
		case w.literal(q, col):
			return // a block scalar ends its own lines
		case w.singleQuoted(q):
		default:
			w.scalarText(q)
		}
	} else {
		j := w.i
		for j < len(w.in) && !strings.ContainsRune(" \t\r\n,]}", rune(w.in[j])) {
			j++
		}
		w.out = append(w.out, w.in[w.i:j]...)
		w.i = j
	}
	w.out = append(w.out, '\n')
}

// str returns the JSON text of the string at w.i, quotes included, and
// moves past it.
func (w *writer) str() []byte {
	j := w.i + 1
	for w.in[j] != '"' {
		if w.in[j] == '\\' {
			j++
			if w.in[j] == '/' {
				// JSON's "\/" is no escape to go-yaml, which refuses
				// the JSON: the caller's YAML parser must say so
				w.bad = true
			}
		}
		j++
	}
	s := w.in[w.i : j+1]
	w.i = j + 1
	return s
}

// scalarText writes the JSON string q (with its quotes) plain when that is
// the same string to YAML, else as it is: a YAML double-quoted scalar.
func (w *writer) scalarText(q []byte) {
	if plain(q[1 : len(q)-1]) {
		w.out = append(w.out, q[1:len(q)-1]...)
		return
	}
	w.out = append(w.out, q...)
}

// plain reports whether s, written plain, is read by YAML 1.1 and 1.2 as
// the string s: a letter, then letters, digits, '.', '_', '/' and '-', and
// not a boolean or null word.
func plain(s []byte) bool {
	if len(s) == 0 || !isLetter(s[0]) {
		return false
	}
	for _, c := range s[1:] {
		if !isLetter(c) && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '/' && c != '-' {
			return false
		}
	}
	if len(s) > 5 {
		return true // longer than every word below
	}
	if _, ok := yaml11.Bool(string(s)); ok {
		return false
	}
	switch string(bytes.ToLower(s)) {
	case "true", "false", "null":
		return false
	}
	return true
}

// literal writes the JSON string q, which holds a line break, as a literal
// block scalar with its content at column col+2 (so an explicit indentation
// indicator, whatever its first line starts with) and the chomping that
// keeps its final line breaks: a multi-line value in block style, as a
// person writes it, without escapes. It declines (false, nothing written)
// a string with a tab, a carriage return or another character a block
// scalar cannot hold as it is, or an escaped surrogate, which YAML reads
// differently from JSON.
func (w *writer) literal(q []byte, col int) bool {
	if bytes.Contains(bytes.ToLower(q), []byte(`\ud`)) {
		return false
	}
	var s string
	if json.Unmarshal(q, &s) != nil || !strings.Contains(s, "\n") {
		return false
	}
	for _, r := range s {
		if !printable(r) {
			return false
		}
	}
	w.out = append(w.out, "|2"...)
	switch {
	case !strings.HasSuffix(s, "\n"):
		w.out = append(w.out, '-')
		s += "\n"
	case strings.HasSuffix(s, "\n\n") || strings.Trim(s, "\n") == "":
		// keep: more than one final line break, or only line breaks
		// (which clip would drop with the missing content)
		w.out = append(w.out, '+')
	}
	w.out = append(w.out, '\n')
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i > 0 {
			w.indent(col + 2)
			w.out = append(w.out, s[:i]...)
		}
		w.out = append(w.out, '\n')
		s = s[i+1:]
	}
	return true
}

// singleQuoted writes the JSON string q, which holds an escape, as a YAML
// single-quoted scalar when its value has no character that needs one (a
// control character, a line break): `"{\"a\": 1}"` becomes `'{"a": 1}'`, the
// way a person writes it in block style, with no escape left to read. It
// declines (false, nothing written) otherwise.
func (w *writer) singleQuoted(q []byte) bool {
	if bytes.Contains(bytes.ToLower(q), []byte(`\ud`)) {
		return false
	}
	var s string
	if json.Unmarshal(q, &s) != nil {
		return false
	}
	for _, r := range s {
		if !printable(r) || r == '\n' {
			return false
		}
	}
	w.out = append(w.out, '\'')
	w.out = append(w.out, strings.ReplaceAll(s, "'", "''")...)
	w.out = append(w.out, '\'')
	return true
}

// printable reports whether a YAML scalar may hold r as it is: a line
// break, printable ASCII, or a printable character beyond, none of the
// line and paragraph separators YAML 1.1 reads as line breaks.
func printable(r rune) bool {
	switch {
	case r == '\n', r >= 0x20 && r < 0x7f:
		return true
	case r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff, r >= 0xfffe, r == utf8.RuneError:
		return false
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
