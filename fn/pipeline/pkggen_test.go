package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// This file is a grammar of the ResourceLists kpt and kustomize write, for
// the differential tests of the two engines (enginefuzz_test.go). Bytes
// choose every production (a fuzzer's mutations therefore move through
// packages, not through broken YAML), and running out of bytes picks the
// first alternative, so every byte string is a package.
//
// What a package may hold: in-package specs (kpt render) or a functionConfig
// spec (kpt fn eval, a kustomize generator) or both; the objects an earlier
// run generated, as they were (owned), edited by hand, or stale (their spec
// renamed); a Kptfile; Secrets and ConfigMaps kept in the files the function
// writes to (aigw-<name>.yaml), with path and index annotations in both
// spellings; hand-written backend objects the lint reads; comments in every
// position; anchors and aliases; flow mappings inside block items; block
// scalars; items written as flow mappings (on one line or several), with an
// anchor or a tag before their mapping; lists without a final line break;
// and the whole list as JSON (as some orchestrators send it). A small share
// of packages carries something that only the full path reads (CRLF line
// ends, a comment next to a flow-style item): those check that Run falls
// back, and count as not compared.

// chooser turns bytes into choices.
type chooser struct {
	b []byte
	i int
}

func (c *chooser) next() byte {
	if c.i >= len(c.b) {
		return 0
	}
	v := c.b[c.i]
	c.i++
	return v
}

// intn returns a choice in [0, n).
func (c *chooser) intn(n int) int {
	if n <= 1 {
		return 0
	}
	return int(c.next()) % n
}

// oneIn is true for one byte value in n (false when bytes run out).
func (c *chooser) oneIn(n int) bool { return c.intn(n) == n-1 }

func pick[T any](c *chooser, l []T) T { return l[c.intn(len(l))] }

// genSpec is one AIBackendSpec of a generated package.
type genSpec struct {
	name, ns, dir string // dir: the package folder its file is in ("" = root)
	body          string // the spec: block, indented by two
}

// genAPIVersions are the spellings of an AI Gateway apiVersion found in
// hand-written files: current, older, versionless (which Kubernetes reads
// as the core group), trailing slash, quoted.
var genAPIVersions = []string{
	"aigateway.envoyproxy.io/v1beta1", "aigateway.envoyproxy.io/v1alpha1", "aigateway.envoyproxy.io",
	"aigateway.envoyproxy.io/", "'aigateway.envoyproxy.io/v1beta1'", "AIGateway.envoyproxy.io/v1beta1",
}

var genSpecBodies = []string{
	"  provider: openai\n  auth: {secretRef: {name: %s-key}}\n",
	"  provider: openai-compatible\n  endpoint:\n    service: {name: ollama, port: 11434}\n",
	"  provider: aws-bedrock\n  endpoint: {region: us-east-1}\n",
	"  provider: anthropic\n  auth:\n    secretRef:\n      name: %s-key # the API key\n",
	"  provider: openai\n  tls: {enabled: false}\n  endpoint: {hostname: llm.example.com, port: 8080}\n  auth: {secretRef: {name: %s-key}}\n",
	"  provider: openai\n  auth: {secretRef: {name: %s-key}}\n  headerMutation:\n    set:\n    - {name: x-team, value: ml}\n",
	"  provider: nope\n  endpoint: {port: 0}\n", // invalid: every item back, exit 1
}

func (s genSpec) file() string {
	if s.dir == "" {
		return "aigw-" + s.name + ".yaml"
	}
	return s.dir + "/aigw-" + s.name + ".yaml"
}

// genPathAnnotations writes path/index annotations, indented for
// metadata.annotations, in one of the spellings kpt and kustomize use.
func genPathAnnotations(c *chooser, file string, index int) string {
	idx := pick(c, []string{`"%d"`, `'%d'`, "%d"})
	idx = fmt.Sprintf(idx, index)
	var b strings.Builder
	switch c.intn(5) {
	case 0, 1: // kpt v1 and kustomize since v4: the internal ones
		fmt.Fprintf(&b, "    internal.config.kubernetes.io/path: %s\n    internal.config.kubernetes.io/index: %s\n", file, idx)
	case 2: // the legacy ones (older kpt, kustomize)
		fmt.Fprintf(&b, "    config.kubernetes.io/path: %s\n    config.kubernetes.io/index: %s\n", file, idx)
	case 3: // both, as kustomize writes them
		fmt.Fprintf(&b, "    config.kubernetes.io/path: %q\n    internal.config.kubernetes.io/path: %q\n    config.kubernetes.io/index: %s\n    internal.config.kubernetes.io/index: %s\n", file, file, idx, idx)
	case 4: // a path without an index (index 0 to kpt)
		fmt.Fprintf(&b, "    internal.config.kubernetes.io/path: './%s'\n", file)
	}
	return b.String()
}

// genComment is a comment line at column col, or nothing.
func genComment(c *chooser, col int) string {
	if !c.oneIn(3) {
		return ""
	}
	return strings.Repeat(" ", col) + pick(c, []string{"# note", "#", "# - apiVersion: v1", "# kind: Backend", "#  indented: comment"}) + "\n"
}

// genLineComment is a trailing comment, or nothing.
func genLineComment(c *chooser) string {
	if !c.oneIn(3) {
		return ""
	}
	return pick(c, []string{" # why", " #", " # aigw-openai.yaml"})
}

// genGenerated returns the objects spec s generates (by running the
// function on it once), keyed by spec body; empty for an invalid spec.
var genGenerated = struct {
	sync.Mutex
	m map[string][]string
}{m: map[string][]string{}}

func generatedFor(s genSpec) []string {
	genGenerated.Lock()
	defer genGenerated.Unlock()
	key := s.name + "|" + s.ns + "|" + s.dir + "|" + s.body
	if objs, ok := genGenerated.m[key]; ok {
		return objs
	}
	in := "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + indentItem(s.inPackage(0), "")
	out := runFull([]byte(in), Options{})
	var objs []string
	if out.ExitCode == 0 {
		if rl, err := yaml.Parse(string(out.ResourceList)); err == nil {
			items, _ := rl.Pipe(yaml.Lookup("items"))
			for _, it := range items.Content() {
				n := yaml.NewRNode(it)
				if n.GetKind() == "AIBackendSpec" {
					continue
				}
				// With the path and index annotations the run gave it:
				// what kpt reads back from the file it wrote.
				if s, err := n.String(); err == nil {
					objs = append(objs, s)
				}
			}
		}
	}
	genGenerated.m[key] = objs
	return objs
}

// inPackage writes the spec as an item of a kpt package.
func (s genSpec) inPackage(index int) string {
	file := "spec.yaml"
	if s.dir != "" {
		file = s.dir + "/spec.yaml"
	}
	return fmt.Sprintf("apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n  name: %s\n  namespace: %s\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n    internal.config.kubernetes.io/path: %s\n    internal.config.kubernetes.io/index: \"%d\"\nspec:\n%s",
		s.name, s.ns, file, index, strings.ReplaceAll(s.body, "%s", s.name))
}

// genEdit changes a generated object the way users and tools do: comments
// on any line, a changed value, an extra field, a flow mapping.
func genEdit(c *chooser, obj string) string {
	lines := strings.Split(strings.TrimSuffix(obj, "\n"), "\n")
	for n := c.intn(4); n > 0; n-- {
		i := c.intn(len(lines))
		l := lines[i]
		col := len(l) - len(strings.TrimLeft(l, " -"))
		switch c.intn(5) {
		case 0: // a trailing comment on a line that ends in a value
			if strings.HasSuffix(l, ":") || strings.Contains(l, "#") || strings.HasSuffix(l, "|") || strings.HasSuffix(l, ">") {
				continue
			}
			lines[i] = l + " # edited"
		case 1: // a comment line above
			lines[i] = strings.Repeat(" ", col) + "# kept by hand\n" + l
		case 2: // a changed scalar: the function sets it back if it owns it
			if k, v, ok := strings.Cut(l, ": "); ok && v != "" && !strings.ContainsAny(v, "{[|>#'\"&*") {
				lines[i] = k + ": " + v + "x"
			}
		case 3: // a user field next to the owned ones
			if k, _, ok := strings.Cut(l, ":"); ok && !strings.HasPrefix(strings.TrimSpace(k), "- ") && strings.TrimSpace(k) != "" {
				lines[i] = l + "\n" + strings.Repeat(" ", len(k)-len(strings.TrimLeft(k, " "))) + "x-user: {kept: true} # mine"
				if strings.HasSuffix(l, ":") {
					lines[i] = l // a parent: the new line would land inside it
				}
			}
		case 4: // an anchor on a top-level value and an alias to it
			if strings.HasPrefix(l, "spec:") && l == "spec:" {
				lines[i] = "spec: &s"
				lines = append(lines, "x-copy: *s")
			}
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// genItems are the unrelated objects a package holds.
var genOther = []func(c *chooser, i int, s genSpec) string{
	func(c *chooser, i int, s genSpec) string { // a Secret kept in the file the function writes to
		return fmt.Sprintf("apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s-key\n  namespace: %s\n  annotations:\n%sstringData:\n  apiKey: sk-placeholder%s\n",
			s.name, s.ns, genPathAnnotations(c, s.file(), c.intn(3)), genLineComment(c))
	},
	func(c *chooser, i int, s genSpec) string { // a ConfigMap there too, comments around
		return fmt.Sprintf("%sapiVersion: v1 # core\nkind: ConfigMap\nmetadata:\n  name: cm-%d%s\n%s  annotations:\n%sdata:\n  key: value%s\n%s",
			genComment(c, 0), i, genLineComment(c), genComment(c, 2), genPathAnnotations(c, pick(c, []string{s.file(), "cm.yaml", s.file()}), c.intn(3)), genLineComment(c), genComment(c, 0))
	},
	func(c *chooser, i int, s genSpec) string { // a Kptfile
		return fmt.Sprintf("apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg-%d\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n%spipeline:\n  mutators:\n  - exec: aigw-backend # the function\n", i, genPathAnnotations(c, "Kptfile", 0))
	},
	func(c *chooser, i int, s genSpec) string { // anchors and aliases in one item
		return fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-%d\n  namespace: %s\n  labels: &l {app: a}\nspec:\n  selector:\n    matchLabels: *l\n  template:\n    metadata: {labels: *l}\n", i, s.ns)
	},
	func(c *chooser, i int, s genSpec) string { // block scalars holding YAML-looking text
		return fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: script-%d\ndata:\n  run.sh: |\n    - apiVersion: v1\n    ---\n    kind: Backend\n  folded: >-\n    text\n\n    more\n", i)
	},
	func(c *chooser, i int, s genSpec) string { // a hand-written AIServiceBackend for lint (Service backendRef), apiVersion spelt as users do
		return fmt.Sprintf("apiVersion: %s\nkind: AIServiceBackend\nmetadata:\n  name: hand-%d\n  namespace: %s\nspec:\n  schema:\n    name: OpenAI\n  backendRef: {name: svc-%d, kind: Service, port: 80}%s\n",
			pick(c, genAPIVersions), i, s.ns, i, genLineComment(c))
	},
	func(c *chooser, i int, s genSpec) string { // a hand-written BackendTLSPolicy for lint
		return fmt.Sprintf("apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: hand-tls-%d\n  namespace: %s\nspec:\n  targetRefs:\n  - group: gateway.envoyproxy.io\n    kind: Backend\n    name: hand-%d\n  validation:\n    hostname: %s\n    wellKnownCACertificates: System\n", i, s.ns, i, pick(c, []string{"a.example.com", "https://bad"}))
	},
	func(c *chooser, i int, s genSpec) string { // a hand-written Backend the spec's name matches (patched)
		return fmt.Sprintf("apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: %s # hand-written\n  namespace: %s\n  labels: {team: ml}\nspec:\n  endpoints:\n  - fqdn:\n      hostname: old.example.com\n      port: 443\n  extra: kept\n", s.name, s.ns)
	},
	func(c *chooser, i int, s genSpec) string { // a look-alike kind of another group, owned
		return fmt.Sprintf("apiVersion: example.com/v1\nkind: Backend\nmetadata:\n  name: %s\n  namespace: %s\n  annotations:\n    fn.aigw.dev/spec: %s/%s\nspec: {}\n", s.name, s.ns, s.ns, s.name)
	},
	func(c *chooser, i int, s genSpec) string { // flow-style annotations naming the function's file
		return fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flow-%d, namespace: %s, annotations: {internal.config.kubernetes.io/path: %q, internal.config.kubernetes.io/index: '%d'}}\ndata: {k: v}\n", i, s.ns, s.file(), c.intn(3))
	},
	func(c *chooser, i int, s genSpec) string { // the file name behind an escape, or an index that is no number
		path := pick(c, []string{strings.Replace(fmt.Sprintf("%q", s.file()), "aigw", "\\x61igw", 1), s.file()})
		return fmt.Sprintf("apiVersion: v1\nkind: Secret\nmetadata:\n  name: odd-%d\n  namespace: %s\n  annotations:\n    internal.config.kubernetes.io/path: %s\n    internal.config.kubernetes.io/index: %s\n", i, s.ns, path, pick(c, []string{"'x'", "'-1'", "'007'", "''"}))
	},
	func(c *chooser, i int, s genSpec) string { // an owned object whose spec cannot be patched, or without namespace
		return fmt.Sprintf("apiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIServiceBackend\nmetadata:\n  name: %s\n%s  annotations:\n    fn.aigw.dev/spec: %s/%s\nspec: %s\n", s.name, pick(c, []string{"  namespace: " + s.ns + "\n", ""}), s.ns, s.name, pick(c, []string{"", "text", "{}", "[]"}))
	},
	func(c *chooser, i int, s genSpec) string { // a key written twice in an unrelated item
		return fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: twice-%d\ndata:\n  k: a\n  k: b\n", i)
	},
	func(c *chooser, i int, s genSpec) string { // quoted keys and values
		return fmt.Sprintf("\"apiVersion\": 'v1'\n\"kind\": \"ConfigMap\"\nmetadata:\n  name: \"quoted-%d\"\n  namespace: '%s'\ndata:\n  greeting: \"h\\u00e9llo\"\n", i, s.ns)
	},
}

// genOddItems are items written in styles the fast path reads with kyaml,
// one item at a time: flow mappings, on one line or several, and mappings
// with an anchor or a tag before them. Some are objects the function reads.
var genOddItems = []func(c *chooser, i int, s genSpec) string{
	func(c *chooser, i int, s genSpec) string {
		return "{apiVersion: v1, kind: ConfigMap, metadata: {name: flow, namespace: ai}, data: {k: v}}\n"
	},
	func(c *chooser, i int, s genSpec) string {
		return "!!map {apiVersion: v1, kind: ConfigMap, metadata: {name: tagged}}\n"
	},
	func(c *chooser, i int, s genSpec) string { // a flow-style Secret in the function's file
		return fmt.Sprintf("{apiVersion: v1, kind: Secret,\n  metadata: {name: flow-%d, namespace: %s,\n    annotations: {internal.config.kubernetes.io/path: %q}},\n  data: {k: dg==}}\n", i, s.ns, s.file())
	},
	func(c *chooser, i int, s genSpec) string { // a flow-style object the function owns
		return fmt.Sprintf("{\"apiVersion\": \"gateway.envoyproxy.io/v1alpha1\", \"kind\": \"Backend\", \"metadata\": {\"name\": %q, \"namespace\": %q, \"labels\": {\"app.kubernetes.io/managed-by\": \"aigw-backend\"}, \"annotations\": {\"fn.aigw.dev/spec\": \"%s/%s\"}}, \"spec\": {\"endpoints\": [{\"fqdn\": {\"hostname\": \"old.example.com\", \"port\": 443}}]}}\n", s.name, s.ns, s.ns, s.name)
	},
	func(c *chooser, i int, s genSpec) string { // an anchored mapping
		return fmt.Sprintf("&item-%d\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: anchored-%d\ndata: {k: v}\n", i, i)
	},
}

// genFullOnly are items only the full path reads: go-yaml hangs a comment
// next to a flow-style item on it or on its neighbour by rules the fast
// path does not model.
var genFullOnly = []string{
	"# about the next item\n{apiVersion: v1, kind: ConfigMap, metadata: {name: flow, namespace: ai}, data: {k: v}}\n",
}

// genPackage writes the ResourceList the bytes choose.
func genPackage(b []byte) []byte {
	c := &chooser{b: b}
	var specs []genSpec
	names := []string{"openai", "chat", "llm"}
	for n := 1 + c.intn(3); n > 0; n-- {
		s := genSpec{
			name: names[len(specs)],
			ns:   pick(c, []string{"ai", "ai", "default"}),
			dir:  pick(c, []string{"", "", "backends"}),
			body: pick(c, genSpecBodies),
		}
		specs = append(specs, s)
	}
	var items []string
	var fc string
	switch c.intn(4) {
	case 0, 1: // kpt render: in-package specs
		for i, s := range specs {
			items = append(items, s.inPackage(i))
		}
	case 2: // kpt fn eval --fn-config, a kustomize generator: one spec as functionConfig
		s := specs[0]
		specs = specs[:1]
		fc = fmt.Sprintf("functionConfig:\n  apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendSpec\n  metadata:%s\n    name: %s\n    namespace: %s\n    annotations:\n      config.kubernetes.io/local-config: \"true\"\n  spec:\n%s",
			genLineComment(c), s.name, s.ns, indentBlock(strings.ReplaceAll(s.body, "%s", s.name), "  "))
	case 3: // a ConfigMap functionConfig (kpt fn eval with key=value) and in-package specs
		for i, s := range specs {
			items = append(items, s.inPackage(i))
		}
		fc = "functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: function-input}\n  data: {}\n"
	}
	// What an earlier run left in the package.
	for _, s := range specs {
		for _, obj := range generatedFor(s) {
			switch c.intn(4) {
			case 0: // gone (deleted by the user, or never rendered)
			case 1: // as generated
				items = append(items, obj)
			case 2: // edited
				items = append(items, genEdit(c, obj))
			case 3: // stale: its spec was renamed
				items = append(items, strings.ReplaceAll(obj, "name: "+s.name+"\n", "name: "+s.name+"-old\n"))
			}
		}
	}
	for n := c.intn(6); n > 0; n-- {
		items = append(items, pick(c, genOther)(c, len(items), pick(c, specs)))
	}
	if c.oneIn(4) {
		items = append(items, pick(c, genOddItems)(c, len(items), pick(c, specs)))
	}
	if c.oneIn(24) {
		items = append(items, pick(c, genFullOnly))
	}
	// Order: kpt sorts by file, kustomize keeps the kustomization's order.
	for i := len(items) - 1; i > 0; i-- {
		j := c.intn(i + 1)
		items[i], items[j] = items[j], items[i]
	}
	pad := pick(c, []string{"", "", "  "})
	var out strings.Builder
	out.WriteString(genComment(c, 0))
	fcFirst := c.oneIn(4)
	if fcFirst {
		out.WriteString(fc)
	}
	out.WriteString("apiVersion: config.kubernetes.io/v1" + genLineComment(c) + "\nkind: ResourceList\n")
	if len(items) == 0 && c.oneIn(2) {
		out.WriteString("items: []\n")
	} else {
		out.WriteString("items:\n")
	}
	for _, it := range items {
		out.WriteString(genComment(c, len(pad)))
		out.WriteString(indentItem(it, pad))
	}
	if !fcFirst {
		out.WriteString(genComment(c, 0))
		out.WriteString(fc)
	}
	s := out.String()
	switch {
	case c.oneIn(24):
		s = strings.ReplaceAll(s, "\n", "\r\n")
	case c.oneIn(12):
		s = strings.TrimSuffix(s, "\n")
	case c.oneIn(8):
		if j, ok := genJSON(s, c.oneIn(2)); ok {
			return j
		}
	}
	return []byte(s)
}

// genJSON writes the YAML document s as JSON, keys in their order (what an
// orchestrator that speaks JSON sends), compact or indented. ok is false
// when s has no JSON spelling (a key that is not a string, for instance).
func genJSON(s string, indent bool) ([]byte, bool) {
	n, err := yaml.Parse(s)
	if err != nil {
		return nil, false
	}
	var b bytes.Buffer
	if !nodeJSON(&b, n.YNode(), 0) {
		return nil, false
	}
	if !indent {
		return b.Bytes(), true
	}
	var out bytes.Buffer
	if json.Indent(&out, b.Bytes(), "", "  ") != nil {
		return nil, false
	}
	return out.Bytes(), true
}

func nodeJSON(b *bytes.Buffer, n *yaml.Node, depth int) bool {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if depth > 50 {
		return false
	}
	switch n.Kind {
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return false
			}
			q, _ := json.Marshal(k.Value)
			b.Write(q)
			b.WriteByte(':')
			if !nodeJSON(b, n.Content[i+1], depth+1) {
				return false
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, e := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if !nodeJSON(b, e, depth+1) {
				return false
			}
		}
		b.WriteByte(']')
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case yaml.NodeTagNull:
			b.WriteString("null")
		case yaml.NodeTagBool:
			var v bool
			if n.Decode(&v) != nil {
				return false
			}
			fmt.Fprint(b, v)
		case yaml.NodeTagInt, yaml.NodeTagFloat:
			if !json.Valid([]byte(n.Value)) {
				q, _ := json.Marshal(n.Value)
				b.Write(q)
				break
			}
			b.WriteString(n.Value)
		default:
			q, _ := json.Marshal(n.Value)
			b.Write(q)
		}
	default:
		return false
	}
	return true
}
