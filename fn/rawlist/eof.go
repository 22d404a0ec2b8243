package rawlist

import "bytes"

// Terminate returns input that ends with a line break and that kyaml reads
// as it reads in: the fast route writes more after the last item, so a
// list that ends without a line break must get one first, and that must not
// change a block scalar ending the input.
//
// Only a block scalar notices a final line break. When in ends inside one:
//   - a last line with content (more than the scalar's indentation) has no
//     line break to keep, whatever the chomping indicator says, so the
//     scalar is rewritten to strip ("|" -> "|-", "|+2" -> "|-2") and the
//     line break appended: the value stays the same;
//   - a last line of spaces only adds neither text nor a line break to the
//     value, so it is dropped.
//
// Elsewhere the line break is appended (in the input's line ending). ok is
// false when in is not a list Parse takes, when the scalar has no content
// line yet (its indentation is not known), or when comment lines end the
// input: go-yaml attaches a comment that ends the input without a line
// break to the innermost node before it, and one followed by a line break
// by its column.
func Terminate(in []byte) (out []byte, ok bool) {
	if len(in) == 0 || in[len(in)-1] == '\n' {
		return in, true
	}
	p, ok := scan(in)
	if !ok {
		return nil, false
	}
	last := bytes.LastIndexByte(in, '\n') + 1
	if p.mode != modeBlock {
		if endsInComment(in) {
			return nil, false
		}
		return append(in[:len(in):len(in)], p.l.nl...), true
	}
	line := in[last:]
	switch {
	case p.blockHdr >= last: // the header ends the input: the value is empty
	case p.blockIndent == 0:
		return nil, false
	case skipSpaces(line, 0) == len(line) && len(line) <= p.blockIndent:
		if last == 0 {
			return nil, false
		}
		return in[:last:last], true
	}
	h := p.blockHdr
	out = make([]byte, 0, len(in)+1+len(p.l.nl))
	out = append(out, in[:h+1]...)
	j := h + 1
	strip := false
	for ; j < len(in) && j < h+3; j++ {
		switch c := in[j]; {
		case c == '+':
			out = append(out, '-')
			strip = true
			continue
		case c == '-':
			strip = true
		case c < '1' || c > '9':
			goto done
		}
		out = append(out, in[j])
	}
done:
	if !strip {
		out = append(out, '-')
	}
	out = append(out, in[j:]...)
	return append(out, p.l.nl...), true
}

// endsInComment reports whether a comment line comes after the last line
// with content (blank lines aside).
func endsInComment(in []byte) bool {
	for end := len(in); end > 0; {
		start := bytes.LastIndexByte(in[:end], '\n') + 1
		line := bytes.TrimRight(in[start:end], " \r")
		if k := skipSpaces(line, 0); k < len(line) {
			return line[k] == '#'
		}
		end = start - 1
	}
	return false
}
