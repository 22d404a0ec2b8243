package generator

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/yaml11"
)

// Decode reads an AIBackendSpec from its YAML node. Unlike a JSON
// round-trip it keeps going after a problem: every unknown field, wrong
// type and inline secret is reported with its field path, and the
// fields that did decode are returned so later checks can report more.
func Decode(node *yaml.RNode) (*AIBackendSpec, FieldErrors) {
	c := &errs{}
	spec := &AIBackendSpec{}
	if node == nil || node.YNode() == nil {
		c.add("", nil, "the AIBackendSpec is empty")
		return spec, c.list
	}
	resolved, err := resolveMergeKeys(node)
	if err != nil {
		c.add("", nil, "has a YAML merge key (<<) that cannot be resolved: %v; write the fields out", err)
		return spec, c.list
	}
	d := decoder{c: c, budget: maxDecodeNodes}
	d.value(resolved.YNode(), reflect.ValueOf(spec).Elem(), "")
	for _, e := range c.list {
		spec.failed = append(spec.failed, e.Path)
	}
	spec.failed = append(spec.failed, d.meant...)
	spec.decodeErrs = c.list
	return spec, c.list
}

// maxDecodeNodes bounds the work on hostile input (alias fan-out, huge
// lists or maps): a real AIBackendSpec has a few dozen nodes.
const maxDecodeNodes = 100000

type decoder struct {
	c      *errs
	budget int
	// meant are the paths of the fields a misspelt key was taken for
	// ("hostnme" -> spec.endpoint.hostname): their absence is not
	// reported again.
	meant []string
}

// join appends a key to a field path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// spend takes one node from the budget and reports whether decoding may go on.
func (d *decoder) spend(path string) bool {
	d.budget--
	if d.budget == -1 {
		// reported for the whole document, so the field's own checks (such
		// as a list's length limit) are still shown
		d.c.add("", nil, "the document is too large or too deeply aliased (more than %d values); an AIBackendSpec has a few dozen fields", maxDecodeNodes)
	}
	return d.budget >= 0
}

func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	if !d.spend(path) {
		return
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value is the same as leaving the field out
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.Type().Elem().Kind() == reflect.Struct && n.Kind != yaml.MappingNode {
			d.object(n, reflect.Value{}, path) // reports; leaves the field unset
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem(), path)
	case reflect.Struct:
		d.object(n, v, path)
	case reflect.Map:
		d.stringMap(n, v, path)
	case reflect.Slice:
		d.list(n, v, path)
	case reflect.String:
		if s, ok := d.scalar(n, path, "!!str", "a string"); ok {
			v.SetString(s)
		}
	case reflect.Int:
		if s, ok := d.scalar(n, path, "!!int", "an integer"); ok {
			i, err := strconv.ParseInt(s, 10, 64)
			if err != nil || i < -1<<31 || i > 1<<31-1 {
				d.c.add(path, s, "must be an integer between 1 and 65535, got %q", s)
				return
			}
			v.SetInt(i)
		}
	case reflect.Bool:
		if s, ok := d.scalar(n, path, "!!bool", "true or false"); ok {
			b, err := strconv.ParseBool(s)
			if err != nil {
				d.c.add(path, s, "must be true or false, got %q", s)
				return
			}
			v.SetBool(b)
		}
	}
}

// scalar returns the scalar's text when its resolved YAML tag is want.
// Integers must be plain decimal: YAML 1.1 tools read 0443 as octal 291
// while YAML 1.2 ones differ among themselves, so such a port is refused
// rather than guessed.
func (d *decoder) scalar(n *yaml.Node, path, want, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.mismatch(n, path, what)
		return "", false
	}
	if want == "!!int" && (n.Tag == "!!int" || n.Tag == "!!float") {
		if msg := checkIntText(n.Value); msg != "" {
			d.c.add(path, n.Value, "%s", msg)
			return "", false
		}
	}
	// A date such as 2024-10-21 (an Azure api-version) resolves to a YAML
	// timestamp; its text is what the user meant.
	if n.Tag != want && !(want == "!!str" && n.Tag == "!!timestamp") {
		d.c.add(path, n.Value, "must be %s, got %s %q%s", what, tagWord(n.Tag), n.Value, typeHint(n, want))
		return "", false
	}
	return n.Value, true
}

// typeHint says how to write a scalar of the wrong type, or "".
func typeHint(n *yaml.Node, want string) string {
	quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	switch {
	case want == "!!str":
		return fmt.Sprintf("; quote it: %q", n.Value)
	case want == "!!bool" && n.Tag == "!!str" && !quoted:
		if b, ok := yaml11.Bool(n.Value); ok {
			return fmt.Sprintf("; YAML 1.2 reads %s as a string, not a boolean (only YAML 1.1 took yes/no/on/off as booleans): write %t", n.Value, b)
		}
	case want == "!!bool" && n.Tag == "!!str" && quoted:
		if l := strings.ToLower(n.Value); l == "true" || l == "false" {
			return "; write it without quotes"
		}
		if b, ok := yaml11.Bool(n.Value); ok {
			return fmt.Sprintf("; write %t without quotes", b)
		}
	case want == "!!int" && n.Tag == "!!str" && quoted && decimalRE().MatchString(n.Value):
		return "; write it without quotes"
	}
	return ""
}

var (
	decimalRE = lazyRE(`^[0-9]+$`)
	// intLikeRE is what YAML 1.1 or 1.2 tools take as an integer in some base.
	intLikeRE = lazyRE(`^[-+]?(0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*)$`)
)

// checkIntText refuses integer spellings that tools read differently.
func checkIntText(s string) string {
	digits := strings.TrimLeft(s, "+-")
	switch {
	case !intLikeRE().MatchString(s):
		return ""
	case len(digits) > 1 && digits[0] == '0' && decimalRE().MatchString(digits):
		want := strings.TrimLeft(digits, "0")
		if want == "" {
			want = "0"
		}
		if v, err := strconv.ParseInt(digits, 8, 64); err == nil {
			return fmt.Sprintf("%s has a leading zero: YAML 1.1 tools read it as the octal number %d, not %s; write %s", s, v, want, want)
		}
		return fmt.Sprintf("%s has a leading zero, which YAML tools read differently (YAML 1.1 takes zero-led numbers as octal); write %s", s, want)
	case !decimalRE().MatchString(digits):
		return fmt.Sprintf("%s is not a plain decimal number (YAML tools disagree on hexadecimal, octal, binary and '_'); write it in decimal, for example 443", s)
	}
	return ""
}

// mismatch reports a value of the wrong shape (a string where a map
// belongs...) with the form to write instead where one is known.
func (d *decoder) mismatch(n *yaml.Node, path, what string) {
	d.c.add(path, scalarValue(n), "must be %s, not %s%s", what, nodeKind(n), rightForm(n, path))
}

// listIndexRE matches the list indexes of a field path.
var listIndexRE = lazyRE(`\[[0-9]+\]`)

// rightForm shows the shape a field expects, filled with what the user
// wrote when that is a plain name (never a value under spec.auth or a
// mutation value: those may be credentials).
func rightForm(n *yaml.Node, path string) string {
	given := func(placeholder string) string {
		if n.Kind == yaml.ScalarNode && len(n.Value) <= 253 && dnsSubdomainRE().MatchString(strings.TrimSuffix(n.Value, ".")) {
			return n.Value
		}
		return placeholder
	}
	switch listIndexRE().ReplaceAllString(path, "[]") {
	case "spec.endpoint.service":
		if n.Kind == yaml.ScalarNode {
			return fmt.Sprintf("; an in-cluster Service is written service: {name: %s, namespace: <namespace, default the spec's>, port: <port>}", given("<service>"))
		}
	case "spec.endpoint":
		if n.Kind == yaml.ScalarNode {
			// advice that matches what was written: a region, a resource
			// name or a hostname
			switch v := n.Value; {
			case awsRegionRE().MatchString(v) || gcpRegionRE().MatchString(v):
				return fmt.Sprintf("; %s is a region: write endpoint: {region: %s}", v, v)
			case !strings.Contains(v, ".") && dnsLabelRE().MatchString(v):
				return fmt.Sprintf("; write endpoint: {hostname: <hostname>}, endpoint: {resource: %s} for an Azure resource, or service: {name: %s} for an in-cluster model", v, v)
			}
			return fmt.Sprintf("; write endpoint: {hostname: %s} (or service: {name: <service>} for an in-cluster model)", given("<hostname>"))
		}
	case "spec.endpoint.regions":
		if n.Kind == yaml.ScalarNode {
			return fmt.Sprintf("; write regions: [%s] (one set of objects per region)", given("<region>"))
		}
	case "spec.schema":
		if n.Kind == yaml.ScalarNode {
			name := "<schema>"
			if slices.Contains(schemaNames, n.Value) {
				name = n.Value
			}
			return fmt.Sprintf("; write schema: {name: %s}", name)
		}
	case "spec.tls":
		yes, _ := yaml11.Bool(n.Value) // yes, y, on (no/off/n get no hint)
		if n.Kind == yaml.ScalarNode && (n.Tag == "!!bool" || yes || strings.EqualFold(n.Value, "true")) {
			return "; write tls: {enabled: true} or tls: {enabled: false}"
		}
	case "spec.tls.caCertificateRefs":
		if n.Kind == yaml.ScalarNode {
			return fmt.Sprintf("; write caCertificateRefs: [%s] (names of ConfigMaps holding ca.crt)", given("<configmap>"))
		}
	case "spec.tls.caCertificateRefs[]":
		if n.Kind == yaml.MappingNode {
			name := "<configmap>"
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "name" {
					if v := n.Content[i+1]; v.Kind == yaml.ScalarNode && dnsSubdomainRE().MatchString(v.Value) {
						name = v.Value
					}
				}
			}
			return fmt.Sprintf("; list the ConfigMap names themselves (each holding ca.crt, in the spec's namespace): caCertificateRefs: [%s]", name)
		}
	case "spec.headerMutation.set":
		if n.Kind == yaml.MappingNode {
			return "; write set: [{name: <header>, value: <value>}]"
		}
	case "spec.bodyMutation.set":
		if n.Kind == yaml.MappingNode {
			return "; write set: [{path: <top-level field>, value: <JSON value>}]"
		}
	case "spec.headerMutation.remove", "spec.bodyMutation.remove":
		if n.Kind == yaml.ScalarNode {
			return fmt.Sprintf("; write remove: [%s]", given("<name>"))
		}
	}
	return ""
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.Tag {
	case "!!str":
		return "a string"
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	}
	return "a scalar"
}

func (d *decoder) object(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		if strings.HasPrefix(path, "spec.auth") && n.Kind == yaml.ScalarNode {
			if form := authForm(n, path); form != "" {
				d.c.add(path, scalarValue(n), "must be a map of fields, not %s; write %s", nodeKind(n), form)
				return
			}
			// A string where an auth block belongs is almost always a key
			// pasted inline; never echo it back into results.
			d.c.add(path, nil, "inline secret values are refused: put the key in a Secret (key apiKey) and write secretRef: {name: <Secret>} under spec.auth")
			return
		}
		d.mismatch(n, path, "a map of fields")
		return
	}
	fields := jsonFields(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		name := key.Value
		fpath := join(path, name)
		if line, dup := seen[name]; dup {
			d.c.add(fpath, nil, "is set twice; keep one (key %q on line %d and line %d of the input: YAML readers disagree on which copy counts)", name, line, key.Line)
			continue
		}
		seen[name] = key.Line
		idx, ok := fields[name]
		if !ok {
			d.unknown(fpath, name, val, fields)
			continue
		}
		d.value(val, v.Field(idx), fpath)
	}
}

// secretish matches field names that would carry a credential inline.
var secretish = lazyRE(`(?i)^(api[-_]?key|key|token|bearer|password|passwd|secret|client[-_]?secret|credentials?|access[-_]?key([-_]?id)?|secret[-_]?access[-_]?key|session[-_]?token|private[-_]?key|service[-_]?account([-_]?json)?|value|data|string[-_]?data)$`)

func (d *decoder) unknown(path, name string, val *yaml.Node, fields map[string]int) {
	if strings.HasPrefix(path, "spec.auth") && secretish().MatchString(name) {
		d.c.add(path, nil, "inline secret values are refused: put the credential in a Secret and reference it (spec.auth.secretRef: {name: <secret>} for API keys; see the auth fields for AWS, Azure and GCP)")
		return
	}
	if looksLikeCredential(name) {
		// the key itself is a pasted credential: neither path nor message may show it
		d.c.add(parentPath(path), nil, "has a field whose name looks like an API key or token (not shown); remove it and put the credential in a Secret referenced from spec.auth")
		return
	}
	known := make([]string, 0, len(fields))
	for k := range fields {
		known = append(known, k)
	}
	sort.Strings(known)
	if s := closest(name, known); s != "" {
		d.meant = append(d.meant, join(parentPath(path), s))
		d.c.add(path, nil, "unknown field %q; did you mean %q?", name, s)
		return
	}
	d.c.add(path, nil, "unknown field %q; known fields here: %s", name, strings.Join(known, ", "))
}

// parentPath drops the last key of a dotted field path.
func parentPath(path string) string {
	if i := strings.LastIndex(path, "."); i >= 0 {
		return path[:i]
	}
	return ""
}

func (d *decoder) stringMap(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.mismatch(n, path, "a map of strings")
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	for i := 0; i+1 < len(n.Content) && d.spend(path); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		kpath := join(path, key.Value)
		for val.Kind == yaml.AliasNode && val.Alias != nil {
			val = val.Alias
		}
		if s, ok := d.scalar(val, kpath, "!!str", "a string"); ok {
			v.SetMapIndex(reflect.ValueOf(key.Value), reflect.ValueOf(s))
		} else if val.Kind == yaml.ScalarNode && val.Tag == "!!null" {
			v.SetMapIndex(reflect.ValueOf(key.Value), reflect.ValueOf(""))
		}
	}
}

func (d *decoder) list(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.mismatch(n, path, "a list")
		return
	}
	// The length is kept even past the budget so that count limits report
	// the real number; entries past the budget stay empty.
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		if d.budget <= 0 {
			d.spend(path) // reports once, decodes no further
			break
		}
		d.value(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
	v.Set(s)
}

func scalarValue(n *yaml.Node) any {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return nil
}

// jsonFields maps JSON field names to struct field indexes.
func jsonFields(t reflect.Type) map[string]int {
	out := make(map[string]int, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" {
			out[name] = i
		}
	}
	return out
}

// closest returns the known name nearest to s (case-insensitive equal or
// within edit distance 2), or "".
func closest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if strings.EqualFold(s, k) {
			return k
		}
		if d := editDistance(strings.ToLower(s), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// keyPrefixRE matches the start of a provider key, however short: where a
// Secret reference belongs, "sk-..." is a pasted key, not a Secret's name.
var keyPrefixRE = lazyRE(`^(?:sk-|xai-|gsk_|AKIA|ASIA|AIza|gh[pousr]_|hf_|glpat-|eyJ)`)

// authForm is the right form of a block under spec.auth written as a
// single value that is not a credential: a Secret reference written as its
// name, or an override written as the header or key it names. It is "" for
// anything else (then the value is treated as a pasted credential).
func authForm(n *yaml.Node, path string) string {
	v := n.Value
	if n.Tag != "!!str" || v == "" || looksLikeCredential(v) || keyPrefixRE().MatchString(v) || len(v) > 253 {
		return "" // a key, or the start of one: never repeated
	}
	leaf := path[strings.LastIndex(path, ".")+1:]
	header := headerNameRE().MatchString(v)
	switch {
	case leaf == "override" && header:
		return fmt.Sprintf("override: {fromRequestHeaders: {header: %s}} (a request header carries the credential) or override: {fromDynamicMetadata: {namespace: <filter namespace>, key: %s}} (a trusted filter writes it)", v, v)
	case leaf == "fromRequestHeaders" && header:
		return fmt.Sprintf("fromRequestHeaders: {header: %s}", v)
	case leaf == "fromDynamicMetadata" && !strings.ContainsAny(v, " \t\n"):
		return fmt.Sprintf("fromDynamicMetadata: {namespace: <filter namespace, e.g. envoy.filters.http.ext_authz>, key: %s}", v)
	case strings.HasSuffix(strings.ToLower(leaf), "secretref") || strings.HasSuffix(leaf, "Ref"):
		if dnsSubdomainRE().MatchString(v) {
			return fmt.Sprintf("%s: {name: %s} (the name of the Secret)", leaf, v)
		}
	}
	return ""
}

// tagWord names a scalar's YAML type in words (never the tag itself).
func tagWord(tag string) string {
	switch tag {
	case "!!str":
		return "the string"
	case "!!int":
		return "the integer"
	case "!!float":
		return "the number"
	case "!!bool":
		return "the boolean"
	case "!!null":
		return "null"
	case "!!timestamp":
		return "the date"
	}
	return "the value"
}
