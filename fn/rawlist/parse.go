package rawlist

import "bytes"

// This file places the scanned lines in the list: it tracks the open block
// collections, the top-level keys, the items' extents and their headers.

type mode uint8

const (
	modeNone   mode = iota
	modeBlock       // in a block scalar
	modeQuoted      // in a multi-line quoted scalar
	modeFlow        // in a multi-line flow collection
	modePlain       // after a plain scalar that may continue
)

type regionKind uint8

const (
	regNone regionKind = iota
	regItems
	regKind
	regFC
	regResults
	regOther
)

// parser holds the scan state. Lines are handled in order: classify decides
// what a line is, onLine places it in the list.
type parser struct {
	l   *List
	src []byte

	ls, le, next int // current line: start, end without line break, next line start

	// Multi-line constructs.
	mode        mode
	modeP       int // indentation of the collection holding the construct
	blockIndent int // block scalar content indentation, 0 until detected
	blockMax    int // widest blank line before block scalar content
	blockHdr    int // offset of the block scalar's '|' or '>'
	quote       byte
	flow        flowState
	refs        []ref // anchors and aliases of the current line

	// Structural context: the indentation of the innermost collection,
	// whether the last structural line left a value to be given below it,
	// and the open block collections.
	ctxP    int
	pending bool
	stack   []level

	started, ended bool // saw document content; saw "..."
	sawKind        bool
	seen           [regOther]bool

	region    regionKind
	regionSeq bool // the region's value is a sequence at column 0
	first     bool // no structural line yet in the region's value
	tv        *topValue
	owned     int // end of the last line that belongs to the current region or item

	// Current item.
	inItem    bool
	itemStart int
	item      Item
	hs        headerScan
	anchors   map[string]bool
	// strs holds one copy of each header value: a package repeats its
	// apiVersions, kinds, namespaces and file paths item after item.
	strs map[string]string
	// outdented: a comment at or left of the items' indentation was seen
	// since the item's last line; gap: a blank line followed it. Such a
	// comment belongs to the item only if the item goes on after it, and
	// then go-yaml attaches it where a standalone parse of the item drops
	// it (found by FuzzParse): an item that goes on after both is left to
	// kyaml.
	outdented, gap bool
	flowItem       bool // the current item is a flow mapping
}

// headerScan tracks the top-level keys of the current item.
type headerScan struct {
	seenAV, seenKind, seenMeta, seenName, seenNS bool
	inMeta                                       bool
	metaCol                                      int
	// metadata.annotations: the five keys read, and the column of its keys
	seenAnn, inAnn bool
	annCol         int
	seenAnnKey     [5]bool
	plain          bool // the last header value was plain and may continue
}

// level is an open block collection.
type level struct {
	col        int
	seq        bool
	indentless bool // a sequence at the same column as its parent mapping
}

type lineClass uint8

const (
	clsBlank lineClass = iota
	clsComment
	clsCont // continuation of a construct from an earlier line
	clsNode // structural line
	clsDocStart
	clsDocEnd
)

// classify decides what the line b (indented by sp spaces) is, given the
// constructs still open from earlier lines.
func (p *parser) classify(b []byte, sp int, li *lineInfo) (lineClass, bool) {
	rest := b[sp:]
	switch p.mode {
	case modeBlock:
		// Mirrors go-yaml: content indentation is explicit, or the widest of
		// the leading blank lines, the first content line and parent+1.
		if p.blockIndent == 0 {
			if len(rest) == 0 {
				p.blockMax = max(p.blockMax, sp)
				return clsCont, true
			}
			if rest[0] == '\t' {
				return 0, false
			}
			p.blockIndent = max(p.blockMax, sp, p.modeP+1, 1)
		}
		if sp >= p.blockIndent || len(rest) == 0 {
			return clsCont, true
		}
		if rest[0] == '\t' {
			return 0, false
		}
		p.mode = modeNone
	case modeQuoted, modeFlow:
		if len(rest) == 0 {
			return clsCont, true
		}
		if sp <= p.modeP { // go-yaml would allow it; better not guess
			return 0, false
		}
		j, closed, ok := len(b), false, true
		if p.mode == modeQuoted {
			j, closed, ok = scanQuoted(b, sp, p.quote)
		} else {
			j, closed, ok = p.scanFlow(b, sp, p.ls)
		}
		if !ok || closed && !restIsComment(b, j) {
			return 0, false
		}
		if closed {
			p.mode = modeNone
		}
		return clsCont, true
	case modePlain:
		if len(rest) == 0 {
			return clsBlank, true
		}
		if sp > p.modeP && rest[0] != '#' {
			for j := sp; j < len(b); j++ {
				switch {
				case b[j] == '\t' || b[j] == ':' && (j+1 == len(b) || b[j+1] == ' '):
					return 0, false
				case b[j] == '#' && b[j-1] == ' ':
					p.mode = modeNone
					return clsCont, true
				}
			}
			return clsCont, true
		}
		p.mode = modeNone
	}
	switch {
	case len(rest) == 0:
		return clsBlank, true
	case rest[0] == '#':
		return clsComment, true
	case rest[0] == '\t':
		return 0, false
	case sp == 0 && len(b) >= 3 && (string(b[:3]) == "---" || string(b[:3]) == "...") &&
		(len(b) == 3 || b[3] == ' ' || b[3] == '\t'):
		if !restIsComment(b, 3) {
			return 0, false
		}
		if b[0] == '-' {
			return clsDocStart, true
		}
		return clsDocEnd, true
	}
	if !p.structural(b, sp, p.ls, li) {
		return 0, false
	}
	// P is the indentation of the collection that holds this line's value.
	P := p.ctxP
	switch {
	case li.hasKey:
		P = li.keyCol
	case li.dashes > 0:
		P = li.lastDash
	case !p.pending || sp <= p.ctxP:
		return 0, false // a bare value must be the pending value of the line above
	}
	if !p.nest(sp, li) {
		return 0, false
	}
	p.ctxP, p.pending = P, li.val == valNone
	switch li.val {
	case valPlain:
		if !li.comment {
			p.mode, p.modeP = modePlain, P
		}
	case valOpenQuote:
		p.mode, p.modeP, p.quote = modeQuoted, P, li.style
	case valOpenFlow:
		p.mode, p.modeP = modeFlow, P
	case valBlock:
		p.mode, p.modeP, p.blockIndent, p.blockMax = modeBlock, P, 0, 0
		p.blockHdr = p.ls + li.valStart
		if li.blockInc > 0 {
			p.blockIndent = P + li.blockInc
		}
	}
	return clsNode, true
}

// nest checks a structural line against the open block collections, as
// go-yaml's indentation rules do, and opens the collections the line starts.
// A line either nests under the pending value of the line above, or
// continues a collection at exactly its column: a "- " line a sequence, a key
// line a mapping.
func (p *parser) nest(sp int, li *lineInfo) bool {
	st := p.stack
	for len(st) > 0 && st[len(st)-1].col > sp {
		st = st[:len(st)-1]
	}
	top := len(st) - 1
	opens := 0 // index of the first token (dash or key) that opens a collection
	indentless := false
	switch {
	case p.pending && sp > p.ctxP:
	case li.dashes > 0 && p.pending && sp == p.ctxP && top >= 0 && !st[top].seq && st[top].col == sp:
		indentless = true // a sequence as the value of a key at its column
	case li.dashes > 0:
		if top < 0 || st[top].col != sp || !st[top].seq {
			return false
		}
		opens = 1
	case li.hasKey:
		if top >= 0 && st[top].indentless && st[top].col == sp {
			st, top = st[:top], top-1
		}
		if top < 0 || st[top].col != sp || st[top].seq {
			return false
		}
		opens = 1
	default:
		return false
	}
	col := sp
	for i := 0; i < li.dashes+boolInt(li.hasKey); i++ {
		if i > 0 {
			col = skipSpaces(p.src[p.ls:p.le], col+1)
		}
		if i >= opens {
			st = append(st, level{col: col, seq: i < li.dashes, indentless: indentless && i == 0})
		}
	}
	p.stack = st
	return true
}

// onLine places a classified line in the list structure.
func (p *parser) onLine(cls lineClass, sp int, li *lineInfo) bool {
	if p.ended {
		return cls == clsBlank || cls == clsComment
	}
	switch cls {
	case clsBlank:
		p.gap = p.gap || p.outdented
		return true
	case clsDocStart:
		if p.started {
			return false // a second document
		}
		p.started = true
		return true
	case clsDocEnd:
		p.ended, p.l.end = true, p.ls
		return p.started && p.closeRegion()
	case clsComment:
		if p.inItem && p.flowItem && p.region == regItems {
			return false // see itemLine
		}
		n := 0
		if p.region == regItems {
			n = p.l.indent
		}
		if p.inItem && sp > n || p.region != regItems && p.region != regNone && sp > 0 {
			p.owned = p.next
		} else if p.inItem {
			p.outdented = true
		}
		return true
	case clsCont:
		if p.region == regKind || p.region == regItems && (!p.inItem || p.gap) || !p.applyRefs() {
			return false
		}
		p.outdented, p.gap = false, false
		if p.hs.plain {
			p.item.Header.Certain = false
		}
		p.owned = p.next
		return true
	}
	p.started = true
	b := p.src[p.ls:p.le]
	if sp == 0 && !(li.dashes > 0 && (p.region == regItems || p.regionSeq || p.first)) {
		return p.topKey(b, li)
	}
	first := p.first
	p.first = false
	switch p.region {
	case regNone:
		return false
	case regItems:
		return p.itemLine(b, sp, li, first)
	}
	if first && sp == 0 {
		p.regionSeq = true
	}
	if first && p.tv != nil {
		p.tv.col, p.tv.null = sp, false
	}
	p.owned = p.next
	return p.applyRefs()
}

// topKey starts the region of a top-level key.
func (p *parser) topKey(b []byte, li *lineInfo) bool {
	if li.dashes > 0 || !li.hasKey || li.props || li.keyProps || !p.closeRegion() {
		return false
	}
	key, exact := scalarText(b, li.key, li.keyStyle)
	if !exact {
		return false
	}
	l := p.l
	p.region, p.tv, p.regionSeq, p.first, p.owned = regOther, nil, false, li.val == valNone, p.next
	switch string(key) {
	case "items":
		p.region = regItems
	case "kind":
		p.region = regKind
	case "functionConfig":
		p.region, p.tv = regFC, &l.fc
	case "results":
		p.region, p.tv = regResults, &l.results
	}
	if p.region != regOther {
		if p.seen[p.region] {
			return false
		}
		p.seen[p.region] = true
	}
	text := b[li.text.start:li.text.end]
	null := li.val == valNone || li.val == valPlain && isNull(text)
	switch p.region {
	case regItems:
		l.hasItems, l.itemsKey, l.itemsEnd = true, span{p.ls, p.next}, p.next
		l.itemsInline, l.indent = li.val != valNone, -1
		emptyFlow := li.val == valFlow && string(bytes.ReplaceAll(text, []byte(" "), nil)) == "[]"
		if l.itemsInline && !emptyFlow && !(li.val == valPlain && isNull(text)) {
			return false
		}
	case regKind:
		v, exact := scalarText(b, li.text, li.style)
		if li.val != valPlain && li.val != valQuoted || !exact || string(v) != "ResourceList" {
			return false
		}
		p.sawKind = true
	case regFC, regResults:
		*p.tv = topValue{present: true, region: span{p.ls, p.next}, keyEnd: p.next, inline: -1, null: null, col: -1}
		if li.val != valNone {
			p.tv.inline = p.ls + li.valStart
		}
	}
	return p.applyRefs()
}

// closeRegion ends the current top-level region at the last line it owns.
func (p *parser) closeRegion() bool {
	switch p.region {
	case regItems:
		if !p.closeItem() {
			return false
		}
		p.l.itemsEnd = p.owned
	case regFC, regResults:
		p.tv.region.end = p.owned
	}
	p.region = regNone
	return true
}

// closeItem ends the current item at the last line it owns. An item without
// a mapping (a null entry) cannot be handled.
func (p *parser) closeItem() bool {
	if !p.inItem {
		return true
	}
	p.item.Raw = p.src[p.itemStart:p.owned:p.owned]
	p.l.Items = append(p.l.Items, p.item)
	p.inItem = false
	return p.item.col >= 0
}

// itemLine handles a structural line inside the items sequence.
func (p *parser) itemLine(b []byte, sp int, li *lineInfo, first bool) bool {
	l := p.l
	if first {
		if li.dashes == 0 {
			return false // items is not a block sequence
		}
		l.indent = sp
	}
	n := l.indent
	newItem := n >= 0 && sp == n && li.dashes > 0
	switch {
	case newItem:
		// The item's mapping starts on the "- " line, or on the next line
		// when the "- " line holds only a comment (kyaml writes an item's
		// head comment so).
		col, odd := li.keyCol, false
		switch {
		case li.dashes != 1:
			return false // a sequence, not an object
		case li.hasKey:
		case li.val == valNone:
			// "- # comment", "- &anchor" or "- !!tag": the mapping starts
			// on the next line; properties leave it to kyaml
			col, odd = -1, li.props
		case flowMapping(b, li):
			// a flow mapping: its extent is the flow collection's, which
			// the scanner tracks across lines; kyaml reads it. go-yaml
			// hangs a comment line before or after it on the flow node
			// or on its neighbour by rules not modelled here: such a
			// list is left to kyaml.
			start := l.itemsKey.end
			if p.inItem {
				start = p.owned
			}
			if bytes.IndexByte(p.src[start:p.ls], '#') >= 0 {
				return false
			}
			col, odd = skipSpaces(b, n+1), true
		default:
			return false // a scalar, a list or an alias: not an object
		}
		start := l.itemsKey.end
		if p.inItem {
			start = p.owned
			if !p.closeItem() {
				return false
			}
		}
		p.inItem, p.itemStart, p.anchors, p.outdented, p.gap = true, start, nil, false, false
		p.flowItem = odd && li.val != valNone
		p.item = Item{dash: p.ls - start, cut: skipSpaces(b, n+1), col: col, Header: Header{Certain: !odd}}
		p.hs = headerScan{}
	case !p.inItem || sp <= n || p.gap:
		return false
	case p.item.col < 0: // the first line of a mapping after "- # comment"
		if li.dashes > 0 || !li.hasKey {
			return false
		}
		p.item.col = sp
	case sp < p.item.col:
		return false
	}
	p.owned, p.outdented, p.gap = p.next, false, false
	if !p.applyRefs() {
		return false
	}
	p.header(b, sp, li, newItem)
	return true
}

// flowMapping reports whether the value of the structural line b is a flow
// mapping ("{...}", closed on this line or later).
func flowMapping(b []byte, li *lineInfo) bool {
	return (li.val == valFlow || li.val == valOpenFlow) && li.valStart < len(b) && b[li.valStart] == '{'
}

// applyRefs checks the current line's anchors and aliases: they may only
// appear in items, and an alias must name an anchor defined earlier in the
// same item, so that every item stands alone.
func (p *parser) applyRefs() bool {
	for _, r := range p.refs {
		if !p.inItem || p.region != regItems {
			return false
		}
		name := p.src[r.name.start:r.name.end]
		if r.alias {
			if !p.anchors[string(name)] {
				return false
			}
			continue
		}
		if p.anchors == nil {
			p.anchors = map[string]bool{}
		}
		p.anchors[string(name)] = true
	}
	return true
}

// header reads apiVersion, kind and metadata.name/namespace of the current
// item from its structural lines, the way kyaml's getters read them.
func (p *parser) header(b []byte, sp int, li *lineInfo, newItem bool) {
	h, hs := &p.item.Header, &p.hs
	hs.plain = false
	c := p.item.col
	if newItem && !li.hasKey {
		return
	}
	if newItem || sp == c && li.dashes == 0 {
		hs.inMeta = false
		key, exact := scalarText(b, li.key, li.keyStyle)
		switch {
		case !li.hasKey || !exact || li.keyProps:
			h.Certain = false
		case string(key) == "apiVersion":
			p.field(&h.APIVersion, &hs.seenAV, b, li, false)
		case string(key) == "kind":
			p.field(&h.Kind, &hs.seenKind, b, li, false)
		case string(key) == "<<":
			h.Certain = false
		case string(key) == "metadata":
			if p.openMap(&hs.seenMeta, b, li) {
				hs.inMeta, hs.metaCol = true, -1
			}
		}
		return
	}
	if !hs.inMeta || sp < c { // sp == c here is a "- " line under metadata
		return
	}
	if !p.mapColumn(&hs.inMeta, &hs.metaCol, sp, li) {
		return // metadata is not a mapping
	}
	if sp > hs.metaCol && hs.inAnn {
		p.annotation(b, sp, li)
		return
	}
	if sp == hs.metaCol && li.dashes > 0 && hs.inAnn && hs.annCol < 0 {
		hs.inAnn, h.Certain = false, false // an indentless list: annotations is not a mapping
	}
	if sp != hs.metaCol || li.dashes > 0 {
		return
	}
	hs.inAnn = false
	key, exact := scalarText(b, li.key, li.keyStyle)
	switch {
	case !exact || li.keyProps || string(key) == "<<":
		h.Certain = false
	case string(key) == "name":
		p.field(&h.Name, &hs.seenName, b, li, true)
	case string(key) == "namespace":
		p.field(&h.Namespace, &hs.seenNS, b, li, true)
	case string(key) == "annotations":
		if p.openMap(&hs.seenAnn, b, li) {
			hs.inAnn, hs.annCol = true, -1
		}
	}
}

// mapColumn places a line under a header map opened by openMap (metadata,
// annotations): the first line sets the column of its keys (*col, -1 until
// then); a first line that is no key ends the map (*in) and the header's
// certainty, and so does a later line left of that column. It reports
// whether the map goes on.
func (p *parser) mapColumn(in *bool, col *int, sp int, li *lineInfo) bool {
	if *col < 0 {
		if li.dashes > 0 || !li.hasKey {
			*in, p.item.Header.Certain = false, false
			return false
		}
		*col = sp
	}
	if sp < *col {
		p.item.Header.Certain = false
	}
	return true
}

// openMap reads a header key whose value must be a block mapping (metadata,
// annotations) and reports whether its entries follow on the next lines. A
// second such key, properties, a flow map or a value other than null leave
// the header to a parser.
func (p *parser) openMap(seen *bool, b []byte, li *lineInfo) bool {
	h := &p.item.Header
	if *seen || li.props {
		h.Certain = false
	}
	*seen = true
	switch {
	case li.val == valNone:
		return true
	case li.val != valPlain || !isNull(b[li.text.start:li.text.end]):
		h.Certain = false
	}
	return false
}

// annotationKeys are the annotations the header reads, in Header's order.
var annotationKeys = [5]string{
	"internal.config.kubernetes.io/path", "config.kubernetes.io/path",
	"internal.config.kubernetes.io/index", "config.kubernetes.io/index",
	"fn.aigw.dev/spec",
}

// annotation reads a line under metadata.annotations: one of the five
// keys the header holds, with a single-line scalar value.
func (p *parser) annotation(b []byte, sp int, li *lineInfo) {
	h, hs := &p.item.Header, &p.hs
	if !p.mapColumn(&hs.inAnn, &hs.annCol, sp, li) {
		return // annotations is not a mapping
	}
	if sp != hs.annCol || li.dashes > 0 {
		return
	}
	key, exact := scalarText(b, li.key, li.keyStyle)
	if !exact || li.keyProps || string(key) == "<<" {
		h.Certain = false
		return
	}
	dst := [5]*string{&h.Path, &h.LegacyPath, &h.Index, &h.LegacyIndex, &h.Owner}
	for i, k := range annotationKeys {
		if string(key) == k {
			p.field(dst[i], &hs.seenAnnKey[i], b, li, true) // a null value is no value
			return
		}
	}
}

// field sets a header field from a single-line scalar value. Names read as
// kyaml's getters do: a null name is empty.
func (p *parser) field(dst *string, seen *bool, b []byte, li *lineInfo, nullIsEmpty bool) {
	h := &p.item.Header
	if *seen || li.props || li.val != valPlain && li.val != valQuoted {
		h.Certain = false
	}
	*seen = true
	v, exact := scalarText(b, li.text, li.style)
	if !exact {
		h.Certain = false
		return
	}
	switch {
	case li.val == valPlain && nullIsEmpty && isNull(v):
		*dst = ""
	case dst == &h.Name:
		*dst = string(v) // names are mostly distinct: not worth a table
	default:
		*dst = p.str(v)
	}
	p.hs.plain = li.val == valPlain
}

// scalarText returns the value of a single-line scalar. exact is false when
// decoding would need escape handling this package does not do.
func scalarText(b []byte, s span, style byte) (v []byte, exact bool) {
	v = b[s.start:s.end]
	switch style {
	case '"':
		return v, bytes.IndexByte(v, '\\') < 0
	case '\'':
		if bytes.Contains(v, []byte("''")) {
			return bytes.ReplaceAll(v, []byte("''"), []byte("'")), true
		}
	}
	return v, true
}

// isNull reports whether a plain scalar resolves to null.
func isNull(v []byte) bool {
	switch string(v) {
	case "", "~", "null", "Null", "NULL":
		return true
	}
	return false
}

// str returns v as a string, one copy per distinct value.
func (p *parser) str(v []byte) string {
	if s, ok := p.strs[string(v)]; ok {
		return s
	}
	if p.strs == nil {
		p.strs = map[string]string{}
	}
	s := string(v)
	p.strs[s] = s
	return s
}
