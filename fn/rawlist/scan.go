package rawlist

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
)

// This file holds the line-level YAML scanner. It models just enough of the
// YAML grammar (as implemented by go-yaml v3, which kyaml uses) to know, for
// every line, whether it starts structure or is the continuation of a scalar
// or flow collection opened on an earlier line. Everything it does not model
// makes the scan fail, which sends the caller to the full kyaml parse.

// valKind says what follows a key's colon, a "- " marker or the indentation.
type valKind uint8

const (
	valNone      valKind = iota // nothing: a nested block node or null follows
	valPlain                    // plain scalar; may continue on more indented lines
	valQuoted                   // quoted scalar closed on this line
	valOpenQuote                // quoted scalar continued on the next line
	valFlow                     // flow collection closed on this line
	valOpenFlow                 // flow collection continued on the next line
	valBlock                    // block scalar header (| or >)
	valAlias                    // *alias
)

// lineInfo is what the scanner learned from one structural line. Columns and
// spans are offsets into the line.
type lineInfo struct {
	dashes   int // number of leading "- " markers
	lastDash int // column of the last marker
	hasKey   bool
	keyCol   int
	key      span // key text, inside the quotes for a quoted key
	keyStyle byte // 0 (plain), '\'' or '"'
	keyProps bool // the key carries an anchor or a tag
	props    bool // the value carries an anchor or a tag
	valStart int  // column where the value starts
	val      valKind
	text     span // scalar text: trimmed plain, or inside the quotes
	style    byte // style of text: 0 (plain), '\'' or '"'
	blockInc int  // explicit indentation indicator of a block scalar
	comment  bool // a plain value was ended by a comment and cannot continue
}

type span struct{ start, end int }

// ref is an anchor definition or alias use, checked by the caller against the
// item it appears in.
type ref struct {
	alias bool
	name  span // absolute offsets into the source
}

// flowState carries a flow collection across lines.
type flowState struct {
	// open holds the unclosed brackets, innermost last; colon[i] says
	// whether the entry being read at level i has had its ':' already.
	open  []byte
	colon []bool
	quote byte // open quoted scalar inside the collection
	// prev is the last significant token: '[' (a bracket just opened), ','
	// or ':' (an indicator), 'a' (plain scalar text, possibly going on) or
	// 'n' (a complete node: a closed quote, an alias or a closed
	// collection); 0 before the opening bracket
	prev byte
}

// checkBytes rejects input a line-based split cannot handle safely or that
// YAML itself rejects: line breaks other than LF or CRLF (lone CR and the
// YAML 1.1 breaks NEL, LS, PS), a mix of LF and CRLF, control characters,
// byte order marks and invalid UTF-8. It reports whether lines end in CRLF.
func checkBytes(in []byte) (crlf, ok bool) {
	var lf, crlfSeen bool
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i := 0; i < len(in); {
		// Fast path: skip eight bytes of printable ASCII (0x20-0x7e) at once.
		if i+8 <= len(in) {
			w := binary.LittleEndian.Uint64(in[i:])
			if (w-0x20*ones)&^w&highs == 0 && (w+ones|w)&highs == 0 {
				i += 8
				continue
			}
		}
		c := in[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				if i > 0 && in[i-1] == '\r' {
					crlfSeen = true
				} else {
					lf = true
				}
			case c == '\r':
				if i+1 >= len(in) || in[i+1] != '\n' {
					return false, false
				}
			case c == '\t':
			case c < 0x20 || c == 0x7f:
				return false, false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(in[i:])
		if r == utf8.RuneError && size <= 1 || r < 0xa0 || r == 0x2028 || r == 0x2029 ||
			r >= 0xd800 && r < 0xe000 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			return false, false
		}
		i += size
	}
	return crlfSeen, !(lf && crlfSeen)
}

func skipSpaces(b []byte, i int) int {
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}

func trimRight(b []byte, start, end int) int {
	for end > start && b[end-1] == ' ' {
		end--
	}
	return end
}

func isAnchorChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-'
}

// restIsComment reports whether only spaces and an optional comment follow
// position j, where a comment needs a space before its '#'.
func restIsComment(b []byte, j int) bool {
	k := skipSpaces(b, j)
	return k == len(b) || b[k] == '#' && k > j
}

// scanQuoted scans a quoted scalar body from b[j] and returns the offset
// after its closing quote, or len(b) and closed=false if it goes on past the
// line. ok=false means an escape go-yaml would reject: the input is not YAML
// and must not be passed through.
func scanQuoted(b []byte, j int, q byte) (end int, closed, ok bool) {
	for j < len(b) {
		switch b[j] {
		case q:
			if q == '\'' && j+1 < len(b) && b[j+1] == '\'' {
				j += 2
				continue
			}
			return j + 1, true, true
		case '\\':
			if q == '"' {
				n, ok := escapeLen(b[j+1:])
				if !ok {
					return 0, false, false
				}
				j += 1 + n
				continue
			}
		}
		j++
	}
	return len(b), false, true
}

// escapeLen is the length of the double-quoted escape after a backslash
// (0 for an escaped line break), and whether go-yaml accepts it.
func escapeLen(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, true // the scalar continues on the next line
	}
	digits := 0
	switch b[0] {
	case '0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', '\'', '\\', 'N', '_', 'L', 'P':
		return 1, true
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default:
		return 0, false
	}
	if len(b) < 1+digits {
		return 0, false
	}
	v := 0
	for _, c := range b[1 : 1+digits] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | int(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | int(c-'A'+10)
		default:
			return 0, false
		}
	}
	if v >= 0xD800 && v <= 0xDFFF || v > 0x10FFFF {
		return 0, false
	}
	return 1 + digits, true
}

// structural scans a line that starts structure: optional "- " markers, an
// optional key and a value. base is the line's absolute offset (for refs).
// maxSimpleKey is below go-yaml's limit of 1024 characters for an implicit
// key (a longer one is a syntax error): lines with keys this long, or flow
// collections on lines this long, are left to kyaml, which rejects them, so
// that the fast path never echoes input kyaml would refuse.
const maxSimpleKey = 1000

func (p *parser) structural(b []byte, sp, base int, li *lineInfo) bool {
	*li = lineInfo{lastDash: -1}
	i := sp
	for i < len(b) && b[i] == '-' && (i+1 == len(b) || b[i+1] == ' ' || b[i+1] == '\t') {
		if i+1 < len(b) && b[i+1] == '\t' {
			return false
		}
		li.dashes++
		li.lastDash = i
		i = skipSpaces(b, i+1)
	}
	if !p.node(b, i, base, li, true) {
		return false
	}
	return !li.hasKey || li.key.end-li.keyCol < maxSimpleKey
}

// node scans the node starting at b[i]: after the indentation, a "- " marker
// or a key's colon and its spaces. keyOK says whether a key may start here.
func (p *parser) node(b []byte, i, base int, li *lineInfo, keyOK bool) bool {
	propStart := -1
	// key records a key ending at column end; go-yaml starts a key at its
	// properties, so that is the column of its mapping.
	key := func(start, end int, style byte) {
		li.hasKey, li.keyCol, li.key, li.keyStyle = true, start, span{start, end}, style
		if style != 0 {
			li.key = span{start + 1, end - 1}
		}
		if li.props {
			li.keyProps, li.props, li.keyCol = true, false, propStart
		}
	}
	for {
		li.valStart = i
		if i == len(b) || b[i] == '#' { // '#' here always follows a space
			li.val = valNone
			return true
		}
		c := b[i]
		switch c {
		case '&', '!':
			j := i + 1
			if c == '&' {
				for j < len(b) && isAnchorChar(b[j]) {
					j++
				}
				if j == i+1 {
					return false
				}
				p.refs = append(p.refs, ref{name: span{base + i + 1, base + j}})
			} else {
				for j < len(b) && b[j] != ' ' && b[j] != '\t' {
					j++
				}
				if !plainTag(b[i:j]) {
					return false
				}
			}
			if j < len(b) && b[j] != ' ' {
				return false
			}
			if !li.props {
				propStart = i
			}
			li.props = true
			i = skipSpaces(b, j)
			continue
		case '*':
			j := i + 1
			for j < len(b) && isAnchorChar(b[j]) {
				j++
			}
			if j == i+1 || li.props || !restIsComment(b, j) {
				return false
			}
			p.refs = append(p.refs, ref{alias: true, name: span{base + i + 1, base + j}})
			li.val = valAlias
			return true
		case '|', '>':
			j, chomp := i+1, false
			for range 2 {
				if j < len(b) && b[j] >= '1' && b[j] <= '9' && li.blockInc == 0 {
					li.blockInc = int(b[j] - '0')
					j++
				} else if j < len(b) && (b[j] == '+' || b[j] == '-') && !chomp {
					chomp = true
					j++
				}
			}
			if !restIsComment(b, j) {
				return false
			}
			li.val = valBlock
			return true
		case '"', '\'':
			j, closed, ok := scanQuoted(b, i+1, c)
			if !ok {
				return false
			}
			if !closed {
				li.val, li.style = valOpenQuote, c
				return true
			}
			k := skipSpaces(b, j)
			if keyOK && k < len(b) && b[k] == ':' && (k+1 == len(b) || b[k+1] == ' ') {
				key(i, j, c)
				return p.node(b, skipSpaces(b, k+1), base, li, false)
			}
			if !restIsComment(b, j) {
				return false
			}
			li.val, li.text, li.style = valQuoted, span{i + 1, j - 1}, c
			return true
		case '[', '{':
			p.flow = flowState{}
			j, closed, ok := p.scanFlow(b, i, base)
			if !ok || closed && !restIsComment(b, j) {
				return false
			}
			li.val = valOpenFlow
			if closed {
				li.val, li.text = valFlow, span{i, j}
			}
			return true
		case '-', '?', ':':
			if i+1 == len(b) || b[i+1] == ' ' || b[i+1] == '\t' {
				return false // block entry in a value, explicit key or value
			}
		case ',', ']', '}', '%', '@', '`', '\t':
			return false
		}
		// Plain scalar: up to ": " (a key), " #" (a comment) or the line end.
		j := i
		for ; j < len(b); j++ {
			if b[j] == ':' && (j+1 == len(b) || b[j+1] == ' ' || b[j+1] == '\t') ||
				b[j] == '#' && b[j-1] == ' ' {
				break
			}
			if b[j] == '\t' {
				return false
			}
		}
		if j < len(b) && b[j] == ':' {
			if !keyOK || j+1 < len(b) && b[j+1] == '\t' {
				return false
			}
			key(i, trimRight(b, i, j), 0)
			return p.node(b, skipSpaces(b, j+1), base, li, false)
		}
		li.val, li.text, li.comment = valPlain, span{i, trimRight(b, i, j)}, j < len(b)
		return true
	}
}

// scanFlow scans a flow collection from b[j], continuing the state in p.flow.
// It returns the offset after the closing bracket and true once the
// collection is closed, or len(b) and false if it goes on past the line.
// It is deliberately stricter than YAML: anything that would need real flow
// parsing to interpret (or that YAML rejects: mismatched brackets, empty
// entries, a second ':' in an entry, a node right after another) fails, and
// the input takes the full parser.
func (p *parser) scanFlow(b []byte, j, base int) (end int, closed, ok bool) {
	if len(b) > maxSimpleKey {
		return 0, false, false // a flow key may be too long for go-yaml: let kyaml decide
	}
	f := &p.flow
	for j < len(b) {
		c := b[j]
		if f.quote != 0 {
			k, done, ok := scanQuoted(b, j, f.quote)
			if !ok {
				return 0, false, false
			}
			if done {
				f.quote, f.prev = 0, 'n'
			}
			j = k
			continue
		}
		ws := j == 0 || b[j-1] == ' '
		atStart := f.prev == 0 || f.prev == '[' || f.prev == ',' || f.prev == ':'
		if f.prev == 'n' && c != ' ' && c != ',' && c != ':' && c != ']' && c != '}' && !(c == '#' && ws) {
			return 0, false, false // a node right after another
		}
		switch c {
		case ' ':
		case '\t':
			return 0, false, false
		case '#':
			if ws {
				return len(b), false, true // a comment ends the line
			}
			if f.prev != 'a' {
				return 0, false, false
			}
		case '[', '{':
			if !atStart {
				return 0, false, false
			}
			f.open = append(f.open, c)
			f.colon = append(f.colon, false)
			f.prev = '['
		case ']', '}':
			n := len(f.open)
			if n == 0 || f.open[n-1] != c-2 || f.prev == ':' || f.prev == ',' && c == '}' {
				return 0, false, false // ('[' and '{' are ']' and '}' minus 2)
			}
			f.open, f.colon = f.open[:n-1], f.colon[:n-1]
			f.prev = 'n'
			if len(f.open) == 0 {
				return j + 1, true, true
			}
		case ',':
			if f.prev != 'a' && f.prev != 'n' {
				return 0, false, false // an empty entry
			}
			f.colon[len(f.colon)-1] = false
			f.prev = ','
		case ':':
			next := byte(' ')
			if j+1 < len(b) {
				next = b[j+1]
			}
			if f.prev == 'a' && next != ' ' {
				if next == ',' || next == ']' || next == '}' || next == '[' || next == '{' {
					return 0, false, false // go-yaml and the YAML spec disagree on `a:{`
				}
				break // part of a plain scalar (http://x)
			}
			if f.prev != 'a' && f.prev != 'n' || f.colon[len(f.colon)-1] {
				return 0, false, false
			}
			f.colon[len(f.colon)-1] = true
			f.prev = ':'
		case '"', '\'', '&', '*', '!', '|', '>', '%', '@', '`':
			if !atStart {
				if ws || f.prev == ':' {
					return 0, false, false // a quote or anchor after a plain word: too subtle
				}
				break // inside a plain scalar
			}
			switch c {
			case '"', '\'':
				f.quote = c
			case '&', '*':
				k := j + 1
				for k < len(b) && isAnchorChar(b[k]) {
					k++
				}
				if k == j+1 || k < len(b) && b[k] != ' ' && b[k] != ',' && b[k] != ']' && b[k] != '}' {
					return 0, false, false
				}
				p.refs = append(p.refs, ref{alias: c == '*', name: span{base + j + 1, base + k}})
				if c == '*' {
					f.prev = 'n'
				}
				j = k
				continue
			case '!':
				t := j
				for j+1 < len(b) && b[j+1] != ' ' && b[j+1] != ',' && b[j+1] != ']' && b[j+1] != '}' {
					j++
				}
				if !plainTag(b[t : j+1]) {
					return 0, false, false
				}
			default:
				return 0, false, false
			}
		case '-', '?':
			if atStart && (j+1 == len(b) || b[j+1] == ' ' || b[j+1] == ',' || b[j+1] == ']' || b[j+1] == '}') {
				return 0, false, false
			}
			f.prev = 'a'
		default:
			f.prev = 'a'
		}
		j++
	}
	return len(b), false, true
}

// plainTag reports whether t is a tag the scanner lets through: `!name` or
// `!!name` with a non-empty name of word characters. Anything else (named
// handles like `!a!b`, which need a %TAG directive, verbatim `!<...>`,
// escapes, an empty `!!`) goes to the full parser, which knows the rules and
// reports what is wrong.
func plainTag(t []byte) bool {
	name := bytes.TrimPrefix(bytes.TrimPrefix(t, []byte("!")), []byte("!"))
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':' || c == '/') {
			return false
		}
	}
	return true
}
