package pipeline_test

// The bad-input catalogue: every way a user (or an attacker) can get an
// AIBackendSpec or its ResourceList wrong. Each case asserts the contract's
// "Bad input" section end to end through fn.Run: exit code 1, an error
// result naming the file and the field path with a message that says what
// to write instead, the same on stderr, and every input item returned
// unchanged (count, order, content, comments).
//
// The helpers (prefix qa) are shared with fuzz_test.go and property_test.go.

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/pipeline"
)

// ---------------------------------------------------------------------------
// fixtures

// qaFile is the config file every catalogue spec claims to come from.
const qaFile = "specs/demo.yaml"

// qaItems are the package items of most cases: a user ConfigMap the function
// never touches, and a Backend and BackendTLSPolicy the spec owns. On
// success the Backend would be patched (its endpoint changes) and, with TLS
// off, the policy pruned; on failure both must come back unchanged.
const qaItems = `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: settings # a user object the function never touches
    namespace: ai
    annotations:
      config.kubernetes.io/path: settings.yaml
  data: {mode: fast, list: "[1, 2]"}
- apiVersion: gateway.envoyproxy.io/v1alpha1
  kind: Backend
  metadata:
    name: demo
    namespace: ai
    labels:
      app.kubernetes.io/managed-by: aigw-backend
    annotations:
      config.kubernetes.io/path: aigw-demo.yaml
      config.kubernetes.io/index: '0'
      fn.aigw.dev/spec: ai/demo
  spec:
    fallback: true # a user field the function keeps
    endpoints:
    - fqdn: {hostname: old.example.com, port: 8443}
- apiVersion: gateway.networking.k8s.io/v1
  kind: BackendTLSPolicy
  metadata:
    name: demo-tls
    namespace: ai
    annotations:
      config.kubernetes.io/path: aigw-demo.yaml
      config.kubernetes.io/index: '1'
      fn.aigw.dev/spec: ai/demo
  spec:
    targetRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: demo}]
    validation: {hostname: old.example.com, wellKnownCACertificates: System}
`

// qaOpenAI is the body of a valid spec; cases add or change one thing.
const qaOpenAI = "provider: openai\nauth: {secretRef: {name: openai-key}}\n"

// qaIndent indents every non-empty line of s by n spaces.
func qaIndent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// qaRL assembles a ResourceList from the YAML of its items (a block list,
// unindented; "" for none) and of its functionConfig ("" for none).
func qaRL(items, fnConfig string) string {
	var b strings.Builder
	b.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n")
	if strings.TrimSpace(items) == "" {
		b.WriteString("items: []\n")
	} else {
		b.WriteString("items:\n" + strings.TrimRight(items, "\n") + "\n")
	}
	if fnConfig != "" {
		b.WriteString("functionConfig:\n" + qaIndent(fnConfig, 2))
	}
	return b.String()
}

// qaSpecDoc is an AIBackendSpec document with the given metadata lines
// (unindented, below metadata:) and spec body (unindented, below spec:).
func qaSpecDoc(meta, body string) string {
	return "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata:\n" + qaIndent(meta, 2) +
		"spec:\n" + qaIndent(body, 2)
}

// qaSpec is the catalogue's functionConfig: AIBackendSpec ai/demo from
// specs/demo.yaml with the given spec body.
func qaSpec(body string) string {
	return qaSpecDoc("name: demo\nnamespace: ai\nannotations:\n  config.kubernetes.io/path: "+qaFile, body)
}

// qaList renders n generated entries as a YAML flow list.
func qaList(n int, entry func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = entry(i)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// ---------------------------------------------------------------------------
// reading the output

// qaResult is one entry of the output ResourceList's results.
type qaResult struct {
	Message  string `yaml:"message"`
	Severity string `yaml:"severity"`
	Field    *struct {
		Path string `yaml:"path"`
	} `yaml:"field"`
	File *struct {
		Path  string `yaml:"path"`
		Index int    `yaml:"index"`
	} `yaml:"file"`
}

func (r qaResult) fieldPath() string {
	if r.Field == nil {
		return ""
	}
	return r.Field.Path
}

func (r qaResult) filePath() string {
	if r.File == nil {
		return ""
	}
	return r.File.Path
}

func (r qaResult) String() string {
	return fmt.Sprintf("%s: file=%q field=%q %s", r.Severity, r.filePath(), r.fieldPath(), r.Message)
}

// qaList is a ResourceList as raw YAML nodes (comments and styles kept).
type qaDoc struct {
	APIVersion     string      `yaml:"apiVersion"`
	Kind           string      `yaml:"kind"`
	Items          []yaml.Node `yaml:"items"`
	FunctionConfig yaml.Node   `yaml:"functionConfig"`
	Results        []qaResult  `yaml:"results"`
}

func qaParse(b []byte) (*qaDoc, error) {
	d := &qaDoc{}
	if err := yaml.Unmarshal(b, d); err != nil {
		return nil, err
	}
	return d, nil
}

// qaEncode serializes one node the way the function's writer does (yaml.v3,
// indent 2), so that two nodes with the same content, comments and styles
// give the same text wherever they sat in their documents. Empty implicit
// nulls are spelled `null` first on a copy: the emitter would quote them as
// ” in flow context, which is exactly the defect the comparison must see.
func qaEncode(n *yaml.Node) string {
	if n == nil || n.Kind == 0 {
		return ""
	}
	c := qaCopy(n)
	qaSpellNulls(c)
	qaDropTrailingFoot(c)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return "encode error: " + err.Error()
	}
	_ = enc.Close()
	return buf.String()
}

// qaCopy deep-copies a node tree (aliases keep pointing at the originals'
// anchors, which only matters for their values, never mutated here).
func qaCopy(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = qaCopy(k)
	}
	return &c
}

// qaDropTrailingFoot clears the foot comments along a node's last-child
// chain. A comment after the end of a value belongs to whatever YAML finds
// next: followed by nothing it is the value's foot comment, followed by the
// `results:` the function appends it becomes that key's head comment. The
// bytes are the same; only the association moved, so it is not compared.
func qaDropTrailingFoot(n *yaml.Node) {
	for ; n != nil; n = qaLast(n) {
		n.FootComment = ""
		if n.Kind == yaml.MappingNode && len(n.Content) >= 2 {
			n.Content[len(n.Content)-2].FootComment = "" // yaml.v3 puts it on the key
		}
	}
}

func qaLast(n *yaml.Node) *yaml.Node {
	if len(n.Content) == 0 {
		return nil
	}
	return n.Content[len(n.Content)-1]
}

func qaSpellNulls(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Value == "" && n.ShortTag() == "!!null" {
		n.Value = "null"
	}
	for _, c := range n.Content {
		qaSpellNulls(c)
	}
}

// qaSame reports why two item nodes differ, or "". It compares the
// re-serialized text (values, comments, styles, order: a null that became
// ” is a change) and, when that differs, the decoded values to say whether
// the meaning changed too. The decode comes second because yaml.v3's
// duplicate-key check makes it quadratic in a mapping's size.
func qaSame(a, b *yaml.Node) string {
	ta, tb := qaEncode(a), qaEncode(b)
	if ta == tb {
		return ""
	}
	var x, y any
	errA, errB := a.Decode(&x), b.Decode(&y)
	switch {
	case (errA == nil) != (errB == nil):
		return fmt.Sprintf("decoding: %v vs %v", errA, errB)
	case errA == nil && !reflect.DeepEqual(x, y):
		return fmt.Sprintf("values differ:\n--- input\n%v\n--- output\n%v", x, y)
	}
	return fmt.Sprintf("serialization differs:\n--- input\n%s--- output\n%s", ta, tb)
}

// qaCheckSame fails t when two items differ.
func qaCheckSame(t testing.TB, what string, a, b *yaml.Node) {
	t.Helper()
	if why := qaSame(a, b); why != "" {
		t.Errorf("%s changed: %s", what, why)
	}
}

// qaAssertItemsUnchanged checks that the output holds exactly the input's
// items, in order, each semantically and textually unchanged, and the same
// functionConfig. Input that is not a ResourceList yields no items.
func qaAssertItemsUnchanged(t testing.TB, input, output []byte) {
	t.Helper()
	out, err := qaParse(output)
	if err != nil {
		t.Fatalf("output is not YAML: %v\n%s", err, output)
	}
	in, err := qaParse(input)
	if err != nil || in.Kind != "ResourceList" {
		if len(out.Items) != 0 {
			t.Errorf("input is not a ResourceList but the output has %d items", len(out.Items))
		}
		return
	}
	if len(out.Items) != len(in.Items) {
		t.Fatalf("input has %d items, output %d", len(in.Items), len(out.Items))
	}
	for i := range in.Items {
		qaCheckSame(t, fmt.Sprintf("item %d", i), &in.Items[i], &out.Items[i])
	}
	if why := qaSame(&in.FunctionConfig, &out.FunctionConfig); why != "" && in.FunctionConfig.Kind != 0 {
		t.Errorf("functionConfig changed: %s", why)
	}
}

// ---------------------------------------------------------------------------
// the catalogue

// qaWant is one error the output must report.
type qaWant struct {
	path string // results[].field.path ("" = a result without a field)
	frag string // a fragment of the message
	file string // results[].file.path; "" = qaFile, "-" = none (stdin-level errors), "*" = any
}

func want(path, frag string) qaWant { return qaWant{path: path, frag: frag} }

type badCase struct {
	name  string
	in    string
	wants []qaWant
	// exact, when > 0, is the exact number of error results expected
	// (checks that one mistake gives one clear error, not a cascade).
	exact int
}

// sc is a case whose functionConfig is qaSpec(body) over qaItems.
func sc(name, body string, wants ...qaWant) badCase {
	return badCase{name: name, in: qaRL(qaItems, qaSpec(body)), wants: wants}
}

func (c badCase) exactly(n int) badCase { c.exact = n; return c }

func badCatalogue() []badCase {
	long := strings.Repeat("a", 249)
	hostLong := strings.Repeat("a", 60) + "." + strings.Repeat("b", 60) + "." + strings.Repeat("c", 60) + "." + strings.Repeat("d", 60) + ".example.com" // 254
	headers := func(n int) string {
		return qaList(n, func(i int) string { return fmt.Sprintf("{name: x-h%d, value: v}", i) })
	}
	names := func(n int) string {
		return qaList(n, func(i int) string { return fmt.Sprintf("f%d", i) })
	}
	bodies := func(n int) string {
		return qaList(n, func(i int) string { return fmt.Sprintf("{path: f%d, value: '1'}", i) })
	}
	wifOK := "projectID: p-123456\nworkloadIdentityPoolName: pool\nworkloadIdentityProviderName: prov\n"
	oidcOK := "{issuer: https://issuer.example.com, clientID: c, clientSecretRef: {name: oidc-secret}}"
	awsBase := "provider: aws-bedrock\nendpoint: {region: us-east-1}\n"
	azBase := "provider: azure-openai\nschema: {version: 2025-01-01-preview}\nendpoint: {resource: myres}\n"
	gcpBase := "provider: gcp-vertex-ai\nendpoint: {region: us-central1}\n"

	cases := []badCase{
		// --- decoding: unknown and misspelled fields, wrong types --------
		sc("typo-endpoint", qaOpenAI+"endpont: {port: 8443}\n",
			want("spec.endpont", `unknown field "endpont"; did you mean "endpoint"?`)).exactly(1),
		sc("typo-nested-case", "provider: openai\nauth: {secretref: {name: k}}\n",
			want("spec.auth.secretref", `did you mean "secretRef"?`)),
		sc("typo-capitalised-provider", "Provider: openai\nauth: {secretRef: {name: k}}\n",
			want("spec.Provider", `did you mean "provider"?`)), // and nothing about spec.provider: one problem, one error
		sc("typo-tls-hostname", qaOpenAI+"tls: {hostName: api.openai.com}\n",
			want("spec.tls.hostName", `did you mean "hostname"?`)),
		sc("unknown-field-far", qaOpenAI+"replicas: 3\n",
			want("spec.replicas", `unknown field "replicas"; known fields here: annotations, auth, bodyMutation`)),
		sc("field-set-twice", "provider: openai\nprovider: anthropic\nauth: {secretRef: {name: k}}\n",
			want("spec.provider", "is set twice; keep one")),
		sc("provider-int", "provider: 42\nauth: {secretRef: {name: k}}\n",
			want("spec.provider", `must be a string, got the integer "42"; quote it`)),
		sc("provider-list", "provider: [openai]\nauth: {secretRef: {name: k}}\n",
			want("spec.provider", "must be a string, not a list")),
		sc("port-string", qaOpenAI+"endpoint: {port: \"8443\"}\n",
			want("spec.endpoint.port", `must be an integer, got the string "8443"`)),
		sc("port-float", qaOpenAI+"endpoint: {port: 443.5}\n",
			want("spec.endpoint.port", "must be an integer, got the number")),
		sc("port-int-overflow", qaOpenAI+"endpoint: {port: 99999999999}\n",
			want("spec.endpoint.port", `must be an integer between 1 and 65535, got "99999999999"`)),
		sc("port-tagged-garbage", qaOpenAI+"endpoint: {port: !!int abc}\n",
			want("spec.endpoint.port", `must be an integer between 1 and 65535, got "abc"`)),
		sc("tls-enabled-string", qaOpenAI+"tls: {enabled: \"yes\"}\n",
			want("spec.tls.enabled", `must be true or false, got the string "yes"`)),
		sc("tls-enabled-tagged-garbage", qaOpenAI+"tls: {enabled: !!bool maybe}\n",
			want("spec.tls.enabled", `must be true or false, got "maybe"`)),
		sc("spec-scalar", "openai\n", want("spec", "must be a map of fields, not a string")),
		sc("endpoint-list", qaOpenAI+"endpoint: [api.openai.com]\n",
			want("spec.endpoint", "must be a map of fields, not a list")),
		sc("labels-list", qaOpenAI+"labels: [team]\n",
			want("spec.labels", "must be a map of strings, not a list")),
		sc("label-value-int", qaOpenAI+"labels: {tier: 1}\n",
			want("spec.labels.tier", `must be a string, got the integer "1"; quote it: "1"`)),
		sc("label-value-map", qaOpenAI+"labels: {tier: {a: b}}\n",
			want("spec.labels.tier", "must be a string, not a map")),
		sc("remove-scalar", qaOpenAI+"headerMutation: {remove: x-foo}\n",
			want("spec.headerMutation.remove", "must be a list, not a string; write remove: [x-foo]")),
		sc("caref-map", qaOpenAI+"tls: {caCertificateRefs: [{name: ca}]}\n",
			want("spec.tls.caCertificateRefs[0]", "must be a string, not a map")),

		// --- inline secrets ----------------------------------------------
		sc("inline-apikey", "provider: openai\nauth: {apiKey: sk-proj-abc123}\n",
			want("spec.auth.apiKey", "inline secret values are refused")).exactly(1),
		sc("inline-api_key-snake", "provider: openai\nauth: {secretRef: {name: k}, api_key: sk-1}\n",
			want("spec.auth.api_key", "inline secret values are refused")),
		sc("inline-token", "provider: openai\nauth: {secretRef: {name: k}, token: abc}\n",
			want("spec.auth.token", "inline secret values are refused")),
		sc("inline-secretref-value", "provider: openai\nauth: {secretRef: {name: k, value: sk-1}}\n",
			want("spec.auth.secretRef.value", "inline secret values are refused")),
		sc("inline-aws-keys", "provider: aws-bedrock\nendpoint: {region: us-east-1}\nauth: {aws: {accessKeyId: AKIAEXAMPLE, secretAccessKey: abc}}\n",
			want("spec.auth.aws.accessKeyId", "inline secret values are refused"),
			want("spec.auth.aws.secretAccessKey", "inline secret values are refused")),
		sc("inline-azure-client-secret", azBase+"auth: {azure: {clientID: c, tenantID: t, clientSecret: hunter2}}\n",
			want("spec.auth.azure.clientSecret", "inline secret values are refused")),
		sc("inline-gcp-service-account-json", gcpBase+"auth: {gcp: {projectName: my-project, serviceAccountJson: '{\"type\": \"service_account\"}'}}\n",
			want("spec.auth.gcp.serviceAccountJson", "inline secret values are refused")),
		sc("inline-authorization-header", qaOpenAI+"headerMutation: {set: [{name: Authorization, value: 'Bearer sk-abc'}]}\n",
			want("spec.headerMutation.set[0].name", "would put a credential inline")),
		sc("inline-x-api-key-header", qaOpenAI+"headerMutation: {set: [{name: X-Api-Key, value: sk-abc}]}\n",
			want("spec.headerMutation.set[0].name", "would put a credential inline")),
		sc("inline-auth-scalar", "provider: openai\nauth: sk-proj-abc123\n",
			want("spec.auth", "inline secret values are refused")),
		sc("inline-secretref-scalar", "provider: openai\nauth: {secretRef: sk-proj-abc123}\n",
			want("spec.auth.secretRef", "inline secret values are refused")).exactly(1),

		// --- apiVersion, kind, metadata ------------------------------------
		{name: "wrong-apiversion", in: qaRL(qaItems, strings.Replace(qaSpec(qaOpenAI), "fn.aigw.dev/v1alpha1", "fn.aigw.dev/v1beta1", 1)),
			wants: []qaWant{want("apiVersion", `must be "fn.aigw.dev/v1alpha1", got "fn.aigw.dev/v1beta1"`)}},
		{name: "wrong-kind", in: qaRL(qaItems, strings.Replace(qaSpec(qaOpenAI), "kind: AIBackendSpec", "kind: AIBackendSpecs", 1)),
			wants: []qaWant{want("kind", `must be "AIBackendSpec", got "AIBackendSpecs"`)}},
		{name: "kind-right-apiversion-core", in: qaRL(qaItems, strings.Replace(qaSpec(qaOpenAI), "fn.aigw.dev/v1alpha1", "v1", 1)),
			wants: []qaWant{want("apiVersion", `must be "fn.aigw.dev/v1alpha1", got "v1"`)}},
		{name: "name-missing", in: qaRL(qaItems, qaSpecDoc("namespace: ai\nannotations: {config.kubernetes.io/path: "+qaFile+"}", qaOpenAI)),
			wants: []qaWant{want("metadata.name", "is required: every generated object is named after it")}},
		{name: "name-too-long", in: qaRL(qaItems, qaSpecDoc("name: "+long+"\nnamespace: ai\nannotations: {config.kubernetes.io/path: "+qaFile+"}", qaOpenAI)),
			wants: []qaWant{want("metadata.name", `must be at most 248 characters so that "<name>-auth" stays a valid object name (got 249)`)}},
		{name: "name-uppercase", in: qaRL(qaItems, qaSpecDoc("name: My_OpenAI\nnamespace: ai\nannotations: {config.kubernetes.io/path: "+qaFile+"}", qaOpenAI)),
			wants: []qaWant{want("metadata.name", `must be a lowercase DNS name (letters, digits, '-', '.'); try "my-openai"`)}},
		{name: "name-int", in: qaRL(qaItems, qaSpecDoc("name: 12345\nnamespace: ai\nannotations: {config.kubernetes.io/path: "+qaFile+"}", qaOpenAI)),
			wants: []qaWant{want("metadata.name", `must be a string, got the integer "12345"`)}},
		{name: "namespace-invalid", in: qaRL(qaItems, qaSpecDoc("name: demo\nnamespace: AI.Team\nannotations: {config.kubernetes.io/path: "+qaFile+"}", qaOpenAI)),
			wants: []qaWant{want("metadata.namespace", `must be a lowercase DNS label of at most 63 characters; try "ai-team"`)}},
		{name: "metadata-unknown-field", in: qaRL(qaItems, qaSpecDoc("name: demo\nnamespace: ai\nnamesapce: x\nannotations: {config.kubernetes.io/path: "+qaFile+"}", qaOpenAI)),
			wants: []qaWant{want("metadata.namesapce", `did you mean "namespace"?`)}},

		// --- target --------------------------------------------------------
		sc("target-aigw-version", qaOpenAI+"target: {aiGatewayAPIVersion: v2}\n",
			want("spec.target.aiGatewayAPIVersion", `must be "v1beta1" (AI Gateway v0.6 and later) or "v1alpha1"`)),
		sc("target-btlsp-version", qaOpenAI+"target: {backendTLSPolicyAPIVersion: v1alpha2}\n",
			want("spec.target.backendTLSPolicyAPIVersion", `must be "v1" (Envoy Gateway v1.6 and later) or "v1alpha3"`)),

		// --- provider and schema -----------------------------------------
		sc("provider-unknown", "provider: opnai\nauth: {secretRef: {name: k}}\n",
			want("spec.provider", `unknown provider "opnai"; did you mean "openai"? known providers:`)),
		sc("provider-unknown-far", "provider: watsonx\nauth: {secretRef: {name: k}}\n",
			want("spec.provider", `unknown provider "watsonx"; known providers: anthropic,`)),
		sc("provider-missing", "auth: {secretRef: {name: k}}\nendpoint: {hostname: llm.example.com}\n",
			want("spec.provider", "is required unless both spec.schema.name and spec.endpoint (hostname or service) are given")),
		sc("schema-unknown", "provider: openai\nschema: {name: OpenAi}\nauth: {secretRef: {name: k}}\n",
			want("spec.schema.name", `unknown schema "OpenAi"; did you mean "OpenAI"? must be one of OpenAI, Cohere`)),
		sc("schema-unknown-far", "schema: {name: Llama}\nendpoint: {hostname: llm.example.com}\n",
			want("spec.schema.name", `unknown schema "Llama"; must be one of`)),
		sc("version-on-openai", qaOpenAI+"schema: {version: v1}\n",
			want("spec.schema.version", `is ignored by AI Gateway for the OpenAI schema (since v0.6 requests would still go to /v1); to change the path write spec.schema.prefix, for example prefix: "/v1"`)),
		sc("version-on-bedrock", awsBase+"schema: {version: bedrock-2023-05-31}\n",
			want("spec.schema.version", "is ignored by AI Gateway for the AWSBedrock schema; remove it")),
		sc("version-invalid", "provider: azure-openai\nschema: {version: '2025 01 01'}\nendpoint: {resource: myres}\nauth: {secretRef: {name: k}}\n",
			want("spec.schema.version", `must be a version string such as "2025-01-01-preview"`)),
		sc("azure-version-missing", "provider: azure-openai\nendpoint: {resource: myres}\nauth: {secretRef: {name: k}}\n",
			want("spec.schema.version", "is required for Azure OpenAI: it is the api-version query parameter")),
		sc("prefix-on-cohere", "provider: cohere\nschema: {prefix: /v2}\nauth: {secretRef: {name: k}}\n",
			want("spec.schema.prefix", "is ignored by AI Gateway for the Cohere schema (only OpenAI and Anthropic use a path prefix)")),
		sc("prefix-no-slash", qaOpenAI+"schema: {prefix: v1}\n",
			want("spec.schema.prefix", `must start with "/"; write "/v1"`)),
		sc("prefix-trailing-slash", qaOpenAI+"schema: {prefix: /v1/}\n",
			want("spec.schema.prefix", `must be a URL path such as "/v1"`)),
		sc("prefix-query", qaOpenAI+"schema: {prefix: '/v1?x=1'}\n",
			want("spec.schema.prefix", `must be a URL path such as "/v1"`)),

		// --- endpoint --------------------------------------------------------
		sc("port-zero", qaOpenAI+"endpoint: {port: 0}\n", want("spec.endpoint.port", "must be between 1 and 65535, got 0")),
		sc("port-negative", qaOpenAI+"endpoint: {port: -1}\n", want("spec.endpoint.port", "must be between 1 and 65535, got -1")),
		sc("port-too-big", qaOpenAI+"endpoint: {port: 65536}\n", want("spec.endpoint.port", "must be between 1 and 65535, got 65536")),
		sc("region-on-openai", qaOpenAI+"endpoint: {region: us-east-1}\n",
			want("spec.endpoint.region", "is only used by AWS and GCP providers; remove it")),
		sc("region-aws-pattern", "provider: aws-bedrock\nendpoint: {region: US-EAST-1}\n",
			want("spec.endpoint.region", `must be an AWS region such as "us-east-1", got "US-EAST-1"`)),
		sc("region-gcp-pattern", "provider: gcp-vertex-ai\nendpoint: {region: us_central1}\nauth: {gcp: {projectName: my-project}}\n",
			want("spec.endpoint.region", `must be a GCP region such as "us-central1" or "global", got "us_central1"`)),
		sc("region-aws-missing", "provider: aws-bedrock\n",
			want("spec.endpoint.region", "is required for aws-bedrock: it selects bedrock-runtime.<region>.amazonaws.com")),
		sc("region-gcp-missing", "provider: gcp-anthropic\nauth: {gcp: {projectName: my-project}}\n",
			want("spec.endpoint.region", "is required for gcp-anthropic: it selects <region>-aiplatform.googleapis.com")),
		sc("resource-on-openai", qaOpenAI+"endpoint: {resource: myres}\n",
			want("spec.endpoint.resource", "is only used by the azure-openai and azure-openai-v1 providers")),
		sc("resource-and-hostname", "provider: azure-openai\nschema: {version: v1}\nendpoint: {resource: myres, hostname: myres.openai.azure.com}\nauth: {secretRef: {name: k}}\n",
			want("spec.endpoint.resource", "conflicts with spec.endpoint.hostname; set one of them")),
		sc("resource-invalid", "provider: azure-openai\nschema: {version: v1}\nendpoint: {resource: My_Res}\nauth: {secretRef: {name: k}}\n",
			want("spec.endpoint.resource", `must be an Azure resource name of lowercase letters, digits and '-', got "My_Res"`)),
		sc("resource-missing", "provider: azure-openai\nschema: {version: v1}\nauth: {secretRef: {name: k}}\n",
			want("spec.endpoint.resource", "is required for azure-openai unless spec.endpoint.hostname is set")),
		sc("hostname-missing", "provider: openai-compatible\n",
			want("spec.endpoint.hostname", "is required for provider openai-compatible: set spec.endpoint.hostname")),
		sc("hostname-url", qaOpenAI+"endpoint: {hostname: 'https://API.example.com:8443/v1'}\n",
			want("spec.endpoint.hostname", `must be a bare hostname without scheme or path; write "api.example.com"`)),
		sc("hostname-path", qaOpenAI+"endpoint: {hostname: api.example.com/v1}\n",
			want("spec.endpoint.hostname", "must be a bare hostname without a path; put the path in spec.schema.prefix")),
		sc("hostname-ipv4", qaOpenAI+"endpoint: {hostname: 10.0.0.1}\n",
			want("spec.endpoint.hostname", "must be a DNS name, not an IP address")),
		sc("hostname-ipv6", qaOpenAI+"endpoint: {hostname: '[::1]'}\n",
			want("spec.endpoint.hostname", "must be a DNS name, not an IP address")),
		sc("hostname-port", qaOpenAI+"endpoint: {hostname: 'api.example.com:8443'}\n",
			want("spec.endpoint.hostname", "must not contain a port; put it in spec.endpoint.port")),
		sc("hostname-uppercase", qaOpenAI+"endpoint: {hostname: API.Example.com}\n",
			want("spec.endpoint.hostname", `must be lowercase; write "api.example.com"`)),
		sc("hostname-too-long", qaOpenAI+"endpoint: {hostname: "+hostLong+"}\n",
			want("spec.endpoint.hostname", "must be at most 253 characters")),
		sc("hostname-underscore", qaOpenAI+"endpoint: {hostname: api_v1.example.com}\n",
			want("spec.endpoint.hostname", "must be a DNS name of lowercase letters, digits, '-' and '.'")),
		sc("hostname-long-label", qaOpenAI+"endpoint: {hostname: "+strings.Repeat("x", 64)+".example.com}\n",
			want("spec.endpoint.hostname", "must have labels of at most 63 characters")),
		sc("hostname-single-label", "provider: openai-compatible\nendpoint: {hostname: vllm}\n",
			want("spec.endpoint.hostname", "must be a fully qualified name with at least two labels")),
		sc("service-and-hostname", "provider: openai-compatible\nendpoint: {hostname: llm.example.com, service: {name: vllm}}\n",
			want("spec.endpoint.service", "conflicts with spec.endpoint.hostname; set one of them")),
		sc("service-and-resource", "provider: azure-openai\nschema: {version: v1}\nendpoint: {resource: myres, service: {name: vllm}}\nauth: {secretRef: {name: k}}\n",
			want("spec.endpoint.service", "conflicts with spec.endpoint.region/resource")),
		sc("service-namespace-invalid", "provider: openai-compatible\nendpoint: {service: {name: vllm, namespace: Models}}\n",
			want("spec.endpoint.service.namespace", `must be a lowercase DNS label, got "Models"`)),
		sc("service-name-missing", "provider: openai-compatible\nendpoint: {service: {namespace: models}}\n",
			want("spec.endpoint.service.name", "is required: the name of the Service serving the model")),
		sc("service-name-invalid", "provider: openai-compatible\nendpoint: {service: {name: vllm.models}}\n",
			want("spec.endpoint.service.name", `must be a Service name (a lowercase DNS label), got "vllm.models"`)),
		sc("service-port-zero", "provider: openai-compatible\nendpoint: {service: {name: vllm, port: 0}}\n",
			want("spec.endpoint.service.port", "must be between 1 and 65535, got 0")),
		sc("service-port-conflict", "provider: openai-compatible\nendpoint: {port: 8000, service: {name: vllm, port: 8080}}\n",
			want("spec.endpoint.service.port", "conflicts with spec.endpoint.port (8000); set one of them")),

		// --- region/hostname agreement (GCP path and AWS signing use the credential region)
		sc("aws-region-mismatch", awsBase+"auth: {aws: {region: us-west-2}}\n",
			want("spec.auth.aws.region", `does not match the endpoint hostname "bedrock-runtime.us-east-1.amazonaws.com", which is in region "us-east-1"; use the same region in both`)),
		sc("aws-region-mismatch-vpce", "provider: aws-bedrock\nendpoint: {hostname: vpce-0abc.bedrock-runtime.eu-west-1.vpce.amazonaws.com}\nauth: {aws: {region: us-east-1}}\n",
			want("spec.auth.aws.region", `is in region "eu-west-1"`)),
		sc("gcp-region-mismatch", gcpBase+"auth: {gcp: {projectName: my-project, region: europe-west4}}\n",
			want("spec.auth.gcp.region", `does not match the endpoint hostname "us-central1-aiplatform.googleapis.com", which is in region "us-central1"`)),
		sc("gcp-region-mismatch-global", "provider: gcp-vertex-ai\nendpoint: {region: global}\nauth: {gcp: {projectName: my-project, region: us-central1}}\n",
			want("spec.auth.gcp.region", `is in region "global"`)),
		sc("aws-endpoint-region-vs-hostname", "provider: aws-bedrock\nendpoint: {hostname: bedrock-runtime.us-west-2.amazonaws.com, region: us-east-1}\n",
			want("spec.endpoint.region", `bedrock-runtime.us-west-2.amazonaws.com`)),

		// --- TLS -------------------------------------------------------------
		sc("tls-off-with-hostname", qaOpenAI+"tls: {enabled: false, hostname: api.openai.com}\n",
			want("spec.tls.enabled", "is false but spec.tls.hostname or spec.tls.caCertificateRefs is set")),
		sc("tls-hostname-invalid", qaOpenAI+"tls: {hostname: 'Bad_Host'}\n",
			want("spec.tls.hostname", "must be lowercase")),
		sc("tls-hostname-trailing-dot", qaOpenAI+"tls: {hostname: api.openai.com.}\n",
			want("spec.tls.hostname", "must not end with a dot")),
		sc("tls-too-many-ca", qaOpenAI+"tls: {caCertificateRefs: "+qaList(9, func(i int) string { return fmt.Sprintf("ca%d", i) })+"}\n",
			want("spec.tls.caCertificateRefs", "must list at most 8 ConfigMaps, got 9")),
		sc("tls-ca-invalid", qaOpenAI+"tls: {caCertificateRefs: [My_CA]}\n",
			want("spec.tls.caCertificateRefs[0]", `must be the name of a ConfigMap holding ca.crt in namespace ai, got "My_CA"`)),
		sc("tls-ca-duplicate", qaOpenAI+"tls: {caCertificateRefs: [ca, ca]}\n",
			want("spec.tls.caCertificateRefs[1]", `lists ConfigMap "ca" twice; keep one`)),

		// --- labels and annotations ------------------------------------------
		sc("label-key-space", qaOpenAI+"labels: {'bad key': v}\n",
			want("spec.labels.bad key", "must be a qualified name")),
		sc("label-key-prefix", qaOpenAI+"labels: {'Example.com/team': v}\n",
			want("spec.labels.Example.com/team", "must have a DNS subdomain prefix before '/'")),
		sc("label-value-invalid", qaOpenAI+"labels: {team: 'has space'}\n",
			want("spec.labels.team", "must be a label value: at most 63")),
		sc("label-managed-by", qaOpenAI+"labels: {app.kubernetes.io/managed-by: me}\n",
			want("spec.labels.app.kubernetes.io/managed-by", `"app.kubernetes.io/managed-by" is set by the function itself; remove it`)),
		sc("annotation-local-config", qaOpenAI+"annotations: {config.kubernetes.io/local-config: 'true'}\n",
			want("spec.annotations.config.kubernetes.io/local-config", "belongs to kpt/kustomize")),
		sc("annotation-key-invalid", qaOpenAI+"annotations: {'-x-': v}\n",
			want("spec.annotations.-x-", "must be a qualified name")),

		// --- auth --------------------------------------------------------------
		sc("auth-conflicting", "provider: openai\nauth: {secretRef: {name: k}, aws: {region: us-east-1}}\n",
			want("spec.auth", "sets secretRef and aws; set exactly one of them")),
		sc("auth-missing-openai", "provider: openai\n",
			want("spec.auth", "is required for openai: write secretRef: {name: <Secret with key apiKey>}")),
		sc("auth-empty-map", "provider: anthropic\nauth: {}\n",
			want("spec.auth", "is required for anthropic")),
		sc("auth-missing-azure", "provider: azure-openai\nschema: {version: v1}\nendpoint: {resource: myres}\n",
			want("spec.auth", "is required for azure-openai: write secretRef: {name: <Secret with key apiKey>} or azure:")),
		sc("auth-missing-gcp", gcpBase,
			want("spec.auth.gcp", "is required for gcp-vertex-ai: AI Gateway takes the project and region from it")),
		sc("secretref-on-aws", awsBase+"auth: {secretRef: {name: k}}\n",
			want("spec.auth.secretRef", "does not apply to aws-bedrock: requests are signed with AWS credentials")),
		sc("secretref-on-gcp", gcpBase+"auth: {secretRef: {name: k}}\n",
			want("spec.auth.secretRef", "does not apply to gcp-vertex-ai: use spec.auth.gcp")),
		sc("aws-on-openai", "provider: openai\nauth: {aws: {region: us-east-1}}\n",
			want("spec.auth.aws", "does not apply to openai; use spec.auth.secretRef naming a Secret with key apiKey")),
		sc("azure-on-anthropic", "provider: anthropic\nauth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s}}}\n",
			want("spec.auth.azure", "does not apply to anthropic")),
		sc("gcp-on-azure", "provider: azure-openai\nschema: {version: v1}\nendpoint: {resource: myres}\nauth: {gcp: {projectName: my-project}}\n",
			want("spec.auth.gcp", "does not apply to azure-openai; use spec.auth.secretRef (API key) or spec.auth.azure (Entra ID)")),
		sc("aws-on-gcp", gcpBase+"auth: {aws: {region: us-east-1}}\n",
			want("spec.auth.aws", "does not apply to gcp-vertex-ai; use spec.auth.gcp")),
		sc("gcp-on-aws", awsBase+"auth: {gcp: {projectName: my-project}}\n",
			want("spec.auth.gcp", "does not apply to aws-bedrock; use spec.auth.aws")),
		sc("secretref-name-missing", "provider: openai\nauth: {secretRef: {namespace: ai}}\n",
			want("spec.auth.secretRef.name", "is required: the name of the Secret")),
		sc("secretref-name-invalid", "provider: openai\nauth: {secretRef: {name: OpenAI_Key}}\n",
			want("spec.auth.secretRef.name", `must be the name of a Secret: a lowercase DNS name such as openai-api-key, got "OpenAI_Key"`)),
		sc("secretref-namespace-invalid", "provider: openai\nauth: {secretRef: {name: k, namespace: Secrets}}\n",
			want("spec.auth.secretRef.namespace", `must be a namespace name: a lowercase DNS label, got "Secrets"`)),
		sc("aws-region-required", "provider: aws-bedrock\nendpoint: {hostname: bedrock.internal.example.com}\nauth: {aws: {}}\n",
			want("spec.auth.aws.region", "is required: set spec.endpoint.region or spec.auth.aws.region")),
		sc("aws-region-invalid", awsBase+"auth: {aws: {region: useast1}}\n",
			want("spec.auth.aws.region", `must be an AWS region such as "us-east-1", got "useast1"`)),
		sc("aws-both-credentials", awsBase+"auth: {aws: {credentialsSecretRef: {name: aws-creds}, oidc: "+oidcOK+", roleArn: 'arn:aws:iam::123456789012:role/x'}}\n",
			want("spec.auth.aws", "sets both credentialsSecretRef and oidc")),
		sc("aws-profile-alone", awsBase+"auth: {aws: {profile: dev}}\n",
			want("spec.auth.aws.profile", "is only used with credentialsSecretRef")),
		sc("aws-oidc-no-role", awsBase+"auth: {aws: {oidc: "+oidcOK+"}}\n",
			want("spec.auth.aws.roleArn", "is required with oidc: the IAM role to assume")),
		sc("aws-role-invalid", awsBase+"auth: {aws: {oidc: "+oidcOK+", roleArn: 'arn:aws:iam::123:user/x'}}\n",
			want("spec.auth.aws.roleArn", "must be an IAM role ARN such as arn:aws:iam::123456789012:role/bedrock")),
		sc("aws-role-without-oidc", awsBase+"auth: {aws: {roleArn: 'arn:aws:iam::123456789012:role/x'}}\n",
			want("spec.auth.aws.roleArn", "is only used with oidc")),
		sc("azure-ids-missing", azBase+"auth: {azure: {clientSecretRef: {name: s}}}\n",
			want("spec.auth.azure.clientID", "is required: the Entra ID application's clientID"),
			want("spec.auth.azure.tenantID", "is required: the Entra ID application's tenantID")),
		sc("azure-id-invalid", azBase+"auth: {azure: {clientID: 'a b', tenantID: t/x, clientSecretRef: {name: s}}}\n",
			want("spec.auth.azure.clientID", "must be an Entra ID identifier (a GUID or domain)"),
			want("spec.auth.azure.tenantID", "must be an Entra ID identifier (a GUID or domain)")),
		sc("azure-both", azBase+"auth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s}, oidc: "+oidcOK+"}}\n",
			want("spec.auth.azure", "sets both clientSecretRef and oidc; set exactly one of them")),
		sc("azure-neither", azBase+"auth: {azure: {clientID: c, tenantID: t}}\n",
			want("spec.auth.azure", "needs exactly one of clientSecretRef (a Secret with key client-secret) and oidc")),
		sc("gcp-project-missing", gcpBase+"auth: {gcp: {credentialsSecretRef: {name: sa}}}\n",
			want("spec.auth.gcp.projectName", "is required: the GCP project that hosts the model")),
		sc("gcp-project-invalid", gcpBase+"auth: {gcp: {projectName: My Project}}\n",
			want("spec.auth.gcp.projectName", `must be a GCP project ID (6-30 lowercase letters, digits and '-'), got "My Project"`)),
		sc("gcp-region-required", "provider: gcp-vertex-ai\nendpoint: {hostname: vertex.internal.example.com}\nauth: {gcp: {projectName: my-project}}\n",
			want("spec.auth.gcp.region", "is required: set spec.endpoint.region or spec.auth.gcp.region")),
		sc("gcp-region-invalid", "provider: gcp-vertex-ai\nendpoint: {hostname: vertex.internal.example.com}\nauth: {gcp: {projectName: my-project, region: Europe}}\n",
			want("spec.auth.gcp.region", `must be a GCP region such as "us-central1" or "global", got "Europe"`)),
		sc("gcp-both", gcpBase+"auth: {gcp: {projectName: my-project, credentialsSecretRef: {name: sa}, workloadIdentityFederation: {"+strings.ReplaceAll(strings.TrimSpace(wifOK), "\n", ", ")+", oidc: "+oidcOK+"}}}\n",
			want("spec.auth.gcp", "sets both credentialsSecretRef and workloadIdentityFederation")),
		sc("gcp-adc-old-target", gcpBase+"auth: {gcp: {projectName: my-project}}\ntarget: {aiGatewayAPIVersion: v1alpha1}\n",
			want("spec.auth.gcp", "needs credentialsSecretRef or workloadIdentityFederation for target v1alpha1")),
		sc("gcp-wif-incomplete", gcpBase+"auth: {gcp: {projectName: my-project, workloadIdentityFederation: {oidc: "+oidcOK+"}}}\n",
			want("spec.auth.gcp.workloadIdentityFederation.projectID", "is required for workload identity federation"),
			want("spec.auth.gcp.workloadIdentityFederation.workloadIdentityPoolName", "is required for workload identity federation"),
			want("spec.auth.gcp.workloadIdentityFederation.workloadIdentityProviderName", "is required for workload identity federation")),
		sc("oidc-issuer-missing", awsBase+"auth: {aws: {roleArn: 'arn:aws:iam::123456789012:role/x', oidc: {clientID: c, clientSecretRef: {name: s}}}}\n",
			want("spec.auth.aws.oidc.issuer", "is required: the OIDC issuer URL")),
		sc("oidc-issuer-http", azBase+"auth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'http://issuer.example.com', clientID: c, clientSecretRef: {name: s}}}}\n",
			want("spec.auth.azure.oidc.issuer", `must be an https:// URL such as https://token.actions.githubusercontent.com, got "http://issuer.example.com"`)),
		sc("oidc-client-both", azBase+"auth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientID: c, clientIDRef: {name: cid}, clientSecretRef: {name: s}}}}\n",
			want("spec.auth.azure.oidc", "sets both clientID and clientIDRef; set exactly one of them")),
		sc("oidc-client-missing", gcpBase+"auth: {gcp: {projectName: my-project, workloadIdentityFederation: {"+strings.ReplaceAll(strings.TrimSpace(wifOK), "\n", ", ")+", oidc: {issuer: 'https://i.example.com', clientSecretRef: {name: s}}}}}\n",
			want("spec.auth.gcp.workloadIdentityFederation.oidc.clientID", "is required (or clientIDRef naming a Secret)")),
		sc("oidc-secret-missing", azBase+"auth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientID: c}}}\n",
			want("spec.auth.azure.oidc.clientSecretRef", "is required: the Secret holding the OIDC client secret")),
		sc("oidc-scope-space", azBase+"auth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}, scopes: ['openid email']}}}\n",
			want("spec.auth.azure.oidc.scopes[0]", `must be a single scope without spaces, got "openid email"`)),
		sc("oidc-clientidref-invalid", azBase+"auth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientIDRef: {name: Bad_Ref}, clientSecretRef: {name: s}}}}\n",
			want("spec.auth.azure.oidc.clientIDRef.name", `must be the name of a Secret: a lowercase DNS name`)),

		// --- mutations -------------------------------------------------------
		sc("headers-set-17", qaOpenAI+"headerMutation: {set: "+headers(17)+"}\n",
			want("spec.headerMutation.set", "must have at most 16 entries (the upstream limit), got 17")),
		sc("headers-remove-17", qaOpenAI+"headerMutation: {remove: "+names(17)+"}\n",
			want("spec.headerMutation.remove", "must have at most 16 entries (the upstream limit), got 17")),
		sc("body-set-17", qaOpenAI+"bodyMutation: {set: "+bodies(17)+"}\n",
			want("spec.bodyMutation.set", "must have at most 16 entries (the upstream limit), got 17")),
		sc("body-remove-17", qaOpenAI+"bodyMutation: {remove: "+names(17)+"}\n",
			want("spec.bodyMutation.remove", "must have at most 16 entries (the upstream limit), got 17")),
		sc("header-name-missing", qaOpenAI+"headerMutation: {set: [{value: v}]}\n",
			want("spec.headerMutation.set[0].name", "is required")),
		sc("header-name-invalid", qaOpenAI+"headerMutation: {set: [{name: 'X Team', value: v}]}\n",
			want("spec.headerMutation.set[0].name", `must be an HTTP header name (at most 256 token characters, no spaces or ':'), got "X Team"`)),
		sc("header-name-pseudo", qaOpenAI+"headerMutation: {set: [{name: ':authority', value: v}]}\n",
			want("spec.headerMutation.set[0].name", "must be an HTTP header name")),
		sc("header-duplicate", qaOpenAI+"headerMutation: {set: [{name: x-team, value: a}, {name: X-Team, value: b}]}\n",
			want("spec.headerMutation.set[1].name", `sets header "X-Team" twice (names are case-insensitive)`)),
		sc("header-value-missing", qaOpenAI+"headerMutation: {set: [{name: x-team}]}\n",
			want("spec.headerMutation.set[0].value", "is required (1 to 4096 characters); to drop a header use spec.headerMutation.remove")),
		sc("header-value-long", qaOpenAI+"headerMutation: {set: [{name: x-team, value: "+strings.Repeat("v", 4097)+"}]}\n",
			want("spec.headerMutation.set[0].value", "must be at most 4096 characters, got 4097")),
		sc("header-value-newline", qaOpenAI+"headerMutation: {set: [{name: x-team, value: \"a\\r\\nx-injected: 1\"}]}\n",
			want("spec.headerMutation.set[0].value", "must not contain line breaks or NUL characters")),
		sc("header-remove-empty", qaOpenAI+"headerMutation: {remove: ['']}\n",
			want("spec.headerMutation.remove[0]", `must be an HTTP header name, got ""`)),
		sc("header-remove-duplicate", qaOpenAI+"headerMutation: {remove: [x-a, X-A]}\n",
			want("spec.headerMutation.remove[1]", `removes header "X-A" twice; keep one`)),
		sc("header-remove-and-set", qaOpenAI+"headerMutation: {set: [{name: x-a, value: v}], remove: [x-a]}\n",
			want("spec.headerMutation.remove[0]", `removes header "x-a" that spec.headerMutation.set also sets`)),
		sc("body-path-missing", qaOpenAI+"bodyMutation: {set: [{value: '1'}]}\n",
			want("spec.bodyMutation.set[0].path", "is required: the top-level JSON field to set")),
		sc("body-path-space", qaOpenAI+"bodyMutation: {set: [{path: 'max tokens', value: '1'}]}\n",
			want("spec.bodyMutation.set[0].path", `must be a JSON field name without spaces, got "max tokens"`)),
		sc("body-path-duplicate", qaOpenAI+"bodyMutation: {set: [{path: t, value: '1'}, {path: t, value: '2'}]}\n",
			want("spec.bodyMutation.set[1].path", `sets "t" twice; keep one`)),
		sc("body-value-missing", qaOpenAI+"bodyMutation: {set: [{path: t}]}\n",
			want("spec.bodyMutation.set[0].value", "is required: a JSON value such as 0.2")),
		sc("body-value-bad-json-object", qaOpenAI+"bodyMutation: {set: [{path: opts, value: '{\"a\": 1'}]}\n",
			want("spec.bodyMutation.set[0].value", "looks like JSON but does not parse")),
		sc("body-value-bad-json-array", qaOpenAI+"bodyMutation: {set: [{path: stop, value: '[\"a\",]'}]}\n",
			want("spec.bodyMutation.set[0].value", "looks like JSON but does not parse")),
		sc("body-value-bad-json-string", qaOpenAI+"bodyMutation: {set: [{path: user, value: '\"unterminated'}]}\n",
			want("spec.bodyMutation.set[0].value", "looks like JSON but does not parse")),
		sc("body-value-bad-number", qaOpenAI+"bodyMutation: {set: [{path: temperature, value: '0.2.1'}]}\n",
			want("spec.bodyMutation.set[0].value", "looks like JSON but does not parse")),
		sc("body-value-yaml-float", qaOpenAI+"bodyMutation: {set: [{path: temperature, value: 0.2}]}\n",
			want("spec.bodyMutation.set[0].value", `must be a string, got the number "0.2"; quote it: "0.2"`)),
		sc("body-remove-empty", qaOpenAI+"bodyMutation: {remove: ['']}\n",
			want("spec.bodyMutation.remove[0]", `must be a JSON field name, got ""`)),
		sc("body-remove-duplicate", qaOpenAI+"bodyMutation: {remove: [t, t]}\n",
			want("spec.bodyMutation.remove[1]", `removes "t" twice; keep one`)),
		sc("body-remove-and-set", qaOpenAI+"bodyMutation: {set: [{path: t, value: '1'}], remove: [t]}\n",
			want("spec.bodyMutation.remove[0]", `removes "t" that spec.bodyMutation.set also sets`)),

		// --- every problem of a spec in one run ---------------------------
		sc("many-problems", "provider: opnai\nendpoint: {port: 0, hostnme: x}\nauth: {apiKey: sk-1}\nheaderMutation: {set: [{name: Authorization, value: x}]}\nlabels: {team: 'a b'}\n",
			want("spec.provider", `did you mean "openai"?`),
			want("spec.endpoint.port", "must be between 1 and 65535"),
			want("spec.endpoint.hostnme", `did you mean "hostname"?`),
			want("spec.auth.apiKey", "inline secret values are refused"),
			want("spec.headerMutation.set[0].name", "would put a credential inline"),
			want("spec.labels.team", "must be a label value")),
	}
	cases = append(cases, badCase{name: "unknown-top-level-field",
		in:    qaRL(qaItems, qaSpec(qaOpenAI)+"status: {ready: true}\n"),
		wants: []qaWant{want("status", `unknown field "status"; known fields here: apiVersion, kind, metadata, spec`)}})

	return append(cases, packageCases()...)
}

// packageCases are problems of the ResourceList rather than of one spec's
// fields: the functionConfig, several specs, the items to patch, and input
// that is not a ResourceList at all.
func packageCases() []badCase {
	local := "annotations:\n  config.kubernetes.io/local-config: 'true'\n"
	specItem := func(file, name, ns, body string) string {
		doc := qaSpecDoc("name: "+name+"\nnamespace: "+ns+"\n"+local+"  config.kubernetes.io/path: "+file, body)
		return "- " + strings.TrimPrefix(qaIndent(doc, 2), "  ")
	}
	return []badCase{
		{name: "functionconfig-configmap-with-data",
			in:    qaRL(qaItems, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {provider: openai}\n"),
			wants: []qaWant{{path: "", frag: `unsupported functionConfig (kind "ConfigMap", apiVersion "v1"): write an AIBackendSpec (apiVersion: fn.aigw.dev/v1alpha1), or give none`, file: "functionConfig"}}},
		{name: "functionconfig-other-kind",
			in:    qaRL(qaItems, "apiVersion: example.com/v1\nkind: BackendSpec\nmetadata: {name: demo}\nspec: {provider: openai}\n"),
			wants: []qaWant{{path: "", frag: `unsupported functionConfig (kind "BackendSpec", apiVersion "example.com/v1")`, file: "functionConfig"}}},
		{name: "functionconfig-without-path",
			in:    qaRL(qaItems, qaSpecDoc("name: demo\nnamespace: ai", "provider: opnai\nauth: {secretRef: {name: k}}\n")),
			wants: []qaWant{{path: "spec.provider", frag: `did you mean "openai"?`, file: "functionConfig"}}},
		{name: "functionconfig-internal-path-annotation",
			in:    qaRL(qaItems, qaSpecDoc("name: demo\nnamespace: ai\nannotations:\n  internal.config.kubernetes.io/path: kpt/spec.yaml", "provider: opnai\nauth: {secretRef: {name: k}}\n")),
			wants: []qaWant{{path: "spec.provider", frag: `did you mean "openai"?`, file: "kpt/spec.yaml"}}},
		{name: "duplicate-specs-in-package",
			in:    qaRL(qaItems+specItem("a/openai.yaml", "demo", "ai", qaOpenAI)+specItem("b/openai.yaml", "demo", "ai", "provider: anthropic\nauth: {secretRef: {name: k}}\n"), ""),
			wants: []qaWant{{path: "metadata.name", frag: "duplicate AIBackendSpec ai/demo (also in a/openai.yaml); every spec needs its own name in a namespace", file: "b/openai.yaml"}}},
		{name: "in-package-spec-wrong-version",
			in:    qaRL(qaItems+strings.Replace(specItem("a/openai.yaml", "demo", "ai", qaOpenAI), "fn.aigw.dev/v1alpha1", "fn.aigw.dev/v1", 1), ""),
			wants: []qaWant{{path: "apiVersion", frag: `must be "fn.aigw.dev/v1alpha1", got "fn.aigw.dev/v1"`, file: "a/openai.yaml"}}},
		{name: "in-package-errors-name-each-file",
			in: qaRL(qaItems+specItem("a/one.yaml", "one", "ai", "provider: openai\n")+specItem("b/two.yaml", "two", "ai", "provider: anthropic\nauth: {secretRef: {name: K}}\n"), ""),
			wants: []qaWant{
				{path: "spec.auth", frag: "is required for openai", file: "a/one.yaml"},
				{path: "spec.auth.secretRef.name", frag: "must be the name of a Secret", file: "b/two.yaml"},
			}},
		{name: "name-clash-owned-by-other-spec",
			in: qaRL(`- apiVersion: aigateway.envoyproxy.io/v1beta1
  kind: AIServiceBackend
  metadata:
    name: demo
    namespace: ai
    annotations:
      config.kubernetes.io/path: team-b/aigw-demo.yaml
      fn.aigw.dev/spec: ai/other
  spec:
    schema: {name: OpenAI}
    backendRef: {name: demo, kind: Backend, group: gateway.envoyproxy.io}
`+qaItems, qaSpec(qaOpenAI)),
			wants: []qaWant{{path: "metadata.name", frag: "AIServiceBackend ai/demo is generated by AIBackendSpec ai/other and would also be generated by AIBackendSpec ai/demo", file: "team-b/aigw-demo.yaml"}}},
		{name: "patch-target-spec-string",
			in: qaRL(`- apiVersion: gateway.envoyproxy.io/v1alpha1
  kind: Backend
  metadata:
    name: demo
    namespace: ai
    annotations: {config.kubernetes.io/path: backend.yaml}
  spec: "string"
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: settings, namespace: ai}
`, qaSpec(qaOpenAI)),
			wants: []qaWant{{path: "spec", frag: "spec must be a map to be patched by AIBackendSpec ai/demo; fix the field or delete the object", file: "backend.yaml"}}},
		{name: "patch-target-spec-list",
			in: qaRL(`- apiVersion: gateway.networking.k8s.io/v1
  kind: BackendTLSPolicy
  metadata:
    name: demo-tls
    namespace: ai
    annotations: {config.kubernetes.io/path: tls.yaml}
  spec:
    validation: [hostname]
`, qaSpec(qaOpenAI)),
			wants: []qaWant{{path: "spec.validation", frag: "spec.validation must be a map to be patched", file: "tls.yaml"}}},
		{name: "patch-target-labels-string",
			in: qaRL(`- apiVersion: aigateway.envoyproxy.io/v1beta1
  kind: BackendSecurityPolicy
  metadata:
    name: demo-auth
    namespace: ai
    labels: team-a
    annotations: {config.kubernetes.io/path: bsp.yaml}
  spec: {type: APIKey}
`, qaSpec(qaOpenAI)),
			wants: []qaWant{{path: "metadata.labels", frag: "metadata.labels must be a map to be patched", file: "bsp.yaml"}}},

		{name: "duplicate-patch-target",
			in: qaRL(qaItems+`- apiVersion: gateway.envoyproxy.io/v1alpha1
  kind: Backend
  metadata:
    name: demo
    namespace: ai
    annotations: {config.kubernetes.io/path: copy.yaml, config.kubernetes.io/index: '3'}
  spec: {}
`, qaSpec(qaOpenAI)),
			wants: []qaWant{{path: "metadata.name", frag: "Backend ai/demo is in the package 2 times (aigw-demo.yaml (index 0) and copy.yaml (index 3)); AIBackendSpec ai/demo would patch one and leave the other stale", file: "copy.yaml"}}, exact: 1},
		{name: "spec-path-leaves-package",
			in:    qaRL(qaItems+specItem("../other/openai.yaml", "demo", "ai", qaOpenAI), ""),
			wants: []qaWant{{path: "metadata.annotations", frag: `path "../other/openai.yaml" leaves the package`, file: "../other/openai.yaml"}}, exact: 1},
		{name: "spec-path-absolute",
			in:    qaRL(qaItems, qaSpecDoc("name: demo\nnamespace: ai\nannotations:\n  config.kubernetes.io/path: /tmp/demo.yaml", qaOpenAI)),
			wants: []qaWant{{path: "metadata.annotations", frag: `path "/tmp/demo.yaml" is absolute`, file: "/tmp/demo.yaml"}}, exact: 1},
		{name: "unrelated-item-key-too-long", // valid-looking, but go-yaml refuses implicit keys over 1024 characters
			in:    qaRL("- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c, namespace: ai}\n  data:\n    "+strings.Repeat("k", 1100)+": v\n"+qaItems, qaSpec(qaOpenAI)),
			wants: []qaWant{{frag: "input is not a ResourceList", file: "-"}}},

		{name: "in-package-spec-metadata-list", // found by FuzzRun: kyaml's getters panicked
			in:    qaRL("- apiVersion: fn.aigw.dev/v1alpha1\n  kind: AIBackendSpec\n  metadata: [demo]\n  spec: {provider: openai}\n", ""),
			wants: []qaWant{{path: "metadata", frag: "must be a map of fields (name, namespace, labels, annotations)", file: "item 0"}}, exact: 1},
		{name: "functionconfig-metadata-list",
			in:    qaRL(qaItems, "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: [demo]\nspec: {provider: openai}\n"),
			wants: []qaWant{{path: "metadata", frag: "must be a map of fields", file: "functionConfig"}}, exact: 1},
		{name: "unrelated-item-metadata-list-next-to-bad-spec",
			in:    qaRL("-  # odd\n  metadata: \n  -\n- apiVersion: gateway.envoyproxy.io/v1alpha1\n  kind: Backend\n  metadata: [demo]\n", qaSpec("provider: opnai\n")),
			wants: []qaWant{want("spec.provider", "")}},

		// --- input that is not a usable ResourceList ----------------------
		{name: "stdin-empty", in: "", wants: []qaWant{{frag: "no input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin", file: "-"}}},
		{name: "stdin-whitespace", in: "\n  \n\t\n", wants: []qaWant{{frag: "no input: expected a ResourceList", file: "-"}}},
		{name: "stdin-not-yaml", in: "{{{{ ::: [[[", wants: []qaWant{{frag: "input is not a ResourceList", file: "-"}}},
		{name: "stdin-binary", in: "\x00\x01\x02\xff\xfe", wants: []qaWant{{frag: "input is not", file: "-"}}},
		{name: "stdin-yaml-list", in: "- a\n- b\n", wants: []qaWant{{frag: "input is not a ResourceList", file: "-"}}},
		{name: "stdin-not-resourcelist", in: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
			wants: []qaWant{{frag: `input was of unexpected kind "ConfigMap"; expected ResourceList`, file: "-"}}},
		{name: "stdin-spec-not-wrapped", in: qaSpec(qaOpenAI),
			wants: []qaWant{{frag: `input is an AIBackendSpec, not a ResourceList: to print the objects a spec file generates run aigw-backend FILE.yaml`, file: "-"}}},
		{name: "items-not-a-list", in: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: b}\n",
			wants: []qaWant{{frag: "input is not a ResourceList", file: "-"}}},
		{name: "items-scalars", in: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [hello]\n",
			wants: []qaWant{{frag: "this item is a single value, not a map", file: "item 0"}}},
		{name: "item-null", in: qaRL("- null\n"+qaItems, qaSpec(qaOpenAI)),
			wants: []qaWant{{frag: "this item is null", file: "item 0"}}, exact: 1},
		{name: "item-empty-entry-and-list", in: qaRL(qaItems+"-\n- [a, b]\n", qaSpec(qaOpenAI)),
			wants: []qaWant{{frag: "this item is null", file: "item 3"}, {frag: "this item is a list, not a map", file: "item 4"}}, exact: 2},
		{name: "functionconfig-scalar", in: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig: openai\n",
			wants: []qaWant{{frag: "functionConfig", file: "*"}}},
		{name: "yaml-deeper-than-parser-limit", in: qaRL("- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: deep}\n  data: {x: "+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+"}\n", ""),
			wants: []qaWant{{frag: "exceeded max depth", file: "-"}}},
	}
}

// ---------------------------------------------------------------------------
// running a case

// qaCheckBad runs input and checks the failure contract; it returns the
// parsed output for further checks.
func qaCheckBad(t *testing.T, input string, wants []qaWant, exact int) *qaDoc {
	t.Helper()
	out := pipeline.Run([]byte(input))
	if out.ExitCode != 1 {
		t.Fatalf("exit code %d, want 1\nstderr:\n%s\noutput:\n%s", out.ExitCode, strings.Join(out.Stderr, "\n"), qaHead(out.ResourceList))
	}
	doc, err := qaParse(out.ResourceList)
	if err != nil || doc.Kind != "ResourceList" || doc.APIVersion != "config.kubernetes.io/v1" {
		t.Fatalf("output is not a config.kubernetes.io/v1 ResourceList (%v):\n%s", err, qaHead(out.ResourceList))
	}
	var errs []qaResult
	for _, r := range doc.Results {
		if r.Severity == "error" {
			errs = append(errs, r)
		}
	}
	if len(errs) == 0 {
		t.Fatalf("exit code 1 but no error result:\n%s", qaHead(out.ResourceList))
	}
	if len(out.Stderr) < len(errs) {
		t.Errorf("%d error results but %d stderr lines", len(errs), len(out.Stderr))
	}
	// Input the function cannot read as a ResourceList (wants with file
	// "-") has no file to name and no items to return.
	unreadable := false
	for _, w := range wants {
		unreadable = unreadable || w.file == "-"
	}
	for _, r := range errs {
		if !unreadable && r.filePath() == "" {
			t.Errorf("error result names no file: %s", r)
		}
		if strings.TrimSpace(r.Message) == "" {
			t.Errorf("error result without a message: %s", r)
		}
	}
	for _, w := range wants {
		file := w.file
		switch file {
		case "":
			file = qaFile
		case "-":
			file = ""
		}
		found := false
		for _, r := range errs {
			if r.fieldPath() == w.path && (r.filePath() == file || w.file == "*") && strings.Contains(r.Message, w.frag) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no error result with file %q, field %q and message containing %q; got:\n%s", file, w.path, w.frag, qaResults(errs))
		}
		prefix := "error: "
		if file != "" && w.file != "*" {
			prefix += file + ": "
		}
		if w.path != "" {
			prefix += w.path + ": "
		}
		found = false
		for _, l := range out.Stderr {
			if strings.HasPrefix(l, prefix) && strings.Contains(l, w.frag) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no stderr line starting %q and containing %q; stderr:\n%s", prefix, w.frag, strings.Join(out.Stderr, "\n"))
		}
	}
	if exact > 0 && len(errs) != exact {
		t.Errorf("%d error results, want exactly %d:\n%s", len(errs), exact, qaResults(errs))
	}
	if unreadable {
		if len(doc.Items) != 0 {
			t.Errorf("unreadable input, but the output has %d items", len(doc.Items))
		}
	} else {
		qaAssertItemsUnchanged(t, []byte(input), out.ResourceList)
	}
	return doc
}

func qaResults(rs []qaResult) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString("  " + r.String() + "\n")
	}
	return b.String()
}

func qaHead(b []byte) string {
	if len(b) > 4000 {
		return string(b[:4000]) + "\n[... truncated]"
	}
	return string(b)
}

// TestBadInputBaseline proves the catalogue's fixture would be changed by a
// valid spec: the owned Backend is patched and the BackendTLSPolicy pruned
// when TLS is off. So "unchanged" in the cases below means something.
func TestBadInputBaseline(t *testing.T) {
	in := qaRL(qaItems, qaSpec(qaOpenAI+"tls: {enabled: false}\n"))
	out := pipeline.Run([]byte(in))
	if out.ExitCode != 0 {
		t.Fatalf("baseline fails: %s", strings.Join(out.Stderr, "\n"))
	}
	s := string(out.ResourceList)
	if !strings.Contains(s, "hostname: api.openai.com") || strings.Contains(s, "old.example.com") {
		t.Errorf("baseline did not patch the Backend:\n%s", s)
	}
	if strings.Contains(s, "kind: BackendTLSPolicy") {
		t.Errorf("baseline did not prune the BackendTLSPolicy:\n%s", s)
	}
}

// TestBadInputCatalogue runs every case of the catalogue.
func TestBadInputCatalogue(t *testing.T) {
	cases := badCatalogue()
	if len(cases) < 40 {
		t.Fatalf("catalogue has %d cases, want at least 40", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("duplicate case name %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			qaCheckBad(t, c.in, c.wants, c.exact)
		})
	}
	t.Logf("%d bad inputs in the catalogue", len(cases))
}

// ---------------------------------------------------------------------------
// hostile input: time and memory

// qaCost is what one Run cost.
type qaCost struct {
	wall       time.Duration
	allocBytes uint64 // cumulative bytes allocated
	mallocs    uint64
	peakHeap   uint64 // highest HeapAlloc seen while running (sampled)
}

func (c qaCost) String() string {
	return fmt.Sprintf("%v, %.1f MiB allocated in %d objects, peak heap ~%.1f MiB",
		c.wall.Round(time.Millisecond), float64(c.allocBytes)/(1<<20), c.mallocs, float64(c.peakHeap)/(1<<20))
}

// qaMeasure runs f and reports its cost. Peak heap is sampled every 5 ms.
func qaMeasure(f func()) qaCost {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	peak.Store(before.HeapAlloc)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	start := time.Now()
	f()
	wall := time.Since(start)
	close(done)
	<-stopped
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return qaCost{wall: wall, allocBytes: after.TotalAlloc - before.TotalAlloc, mallocs: after.Mallocs - before.Mallocs,
		peakHeap: peak.Load() - min(peak.Load(), before.HeapAlloc)}
}

// qaBillionLaughs is the classic alias bomb: 10^9 "lol" once expanded.
func qaBillionLaughs(indent int) string {
	lines := []string{`l0: &l0 "lol"`}
	for i := 1; i <= 9; i++ {
		refs := make([]string, 10)
		for j := range refs {
			refs[j] = fmt.Sprintf("*l%d", i-1)
		}
		lines = append(lines, fmt.Sprintf("l%d: &l%d [%s]", i, i, strings.Join(refs, ", ")))
	}
	return qaIndent(strings.Join(lines, "\n"), indent)
}

type hostileCase struct {
	name  string
	in    func() string
	wants []qaWant
	exact int
	// maxErrs, when > 0, bounds the number of error results (no flood).
	maxErrs int
	// passThrough: the hostile part is in an item the function does not
	// own; success with the item unchanged is the right answer.
	passThrough bool
	// maxAlloc bounds the bytes allocated (safety net, generous).
	maxAlloc uint64
}

// TestHostileInput feeds alias bombs and very large or very deep documents.
// Each must finish with bounded allocations (the bounds are generous safety
// nets; the real figures, wall time included, are logged — wall time is not
// asserted, it depends on the machine's load) and either fail with a clear error and
// the items unchanged, or — when the hostile part is an item the function
// does not own — pass it through untouched.
func TestHostileInput(t *testing.T) {
	if testing.Short() {
		t.Skip("about half a minute of hostile inputs (alias bombs, deep nesting, huge keys); skipped with -short (make check), run by go test and make test")
	}
	cases := []hostileCase{
		{name: "billion-laughs-in-spec", in: func() string {
			return qaRL(qaItems, "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nlols:\n"+qaBillionLaughs(2)+
				"metadata:\n  name: demo\n  namespace: ai\n  annotations: {config.kubernetes.io/path: "+qaFile+"}\nspec:\n  provider: openai\n  auth: {secretRef: {name: k}}\n  labels: *l9\n  headerMutation: {remove: *l9}\n")
		}, wants: []qaWant{
			want("lols", `unknown field "lols"`),
			want("spec.labels", "must be a map of strings, not a list"),
		}, maxAlloc: 64 << 20},
		{name: "billion-laughs-in-item", passThrough: true, in: func() string {
			return qaRL("- apiVersion: v1\n  kind: ConfigMap\n  data:\n"+qaBillionLaughs(4)+"  metadata:\n    name: lol\n    namespace: ai\n    labels: *l9\n    annotations: *l9\n"+qaItems, qaSpec(qaOpenAI))
		}, maxAlloc: 64 << 20},
		{name: "billion-laughs-in-owned-backend", in: func() string {
			return qaRL("- apiVersion: gateway.envoyproxy.io/v1alpha1\n  kind: Backend\n  x-lols:\n"+qaBillionLaughs(4)+"  metadata:\n    name: demo\n    namespace: ai\n    annotations: {config.kubernetes.io/path: b.yaml}\n  spec: *l9\n", qaSpec(qaOpenAI))
		}, wants: []qaWant{{path: "spec", frag: "spec must be a map to be patched", file: "b.yaml"}}, maxAlloc: 64 << 20},
		{name: "deep-flow-item", in: func() string {
			return qaRL("- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: deep}\n  data: {x: "+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"}\n", qaSpec(qaOpenAI))
		}, wants: []qaWant{{frag: "exceeded max depth", file: "-"}}, maxAlloc: 256 << 20},
		{name: "deep-spec", in: func() string {
			return qaRL(qaItems, qaSpec(qaOpenAI+"labels: "+strings.Repeat("{a: ", 5000)+"b"+strings.Repeat("}", 5000)+"\n"))
		}, wants: []qaWant{want("spec.labels.a", "must be a string, not a map")}, exact: 1, maxAlloc: 256 << 20},
		{name: "huge-list-in-spec", in: func() string {
			var b strings.Builder
			b.WriteString(qaOpenAI + "headerMutation:\n  remove:\n")
			for i := 0; i < 200000; i++ {
				fmt.Fprintf(&b, "  - x-h%d\n", i)
			}
			return qaRL(qaItems, qaSpec(b.String()))
		}, wants: []qaWant{want("spec.headerMutation.remove", "must have at most 16 entries (the upstream limit), got 200000")}, maxErrs: 3, maxAlloc: 1 << 30},
		{name: "big-list-under-decode-budget", in: func() string {
			var b strings.Builder
			b.WriteString(qaOpenAI + "bodyMutation:\n  remove:\n")
			for i := 0; i < 50000; i++ {
				fmt.Fprintf(&b, "  - f%d\n", i)
			}
			return qaRL(qaItems, qaSpec(b.String()))
		}, wants: []qaWant{want("spec.bodyMutation.remove", "must have at most 16 entries (the upstream limit), got 50000")}, exact: 1, maxAlloc: 1 << 30},
		{name: "huge-labels-in-spec", in: func() string {
			var b strings.Builder
			b.WriteString(qaOpenAI + "labels:\n")
			for i := 0; i < 80000; i++ {
				fmt.Fprintf(&b, "  l%d: v\n", i)
			}
			return qaRL(qaItems, qaSpec(b.String()))
		}, wants: []qaWant{want("spec.labels", "")}, maxErrs: 3, maxAlloc: 1 << 30},
		{name: "input-over-size-limit", in: func() string {
			return qaRL(qaItems, qaSpec(qaOpenAI)) + "# " + strings.Repeat("x", pipeline.MaxInputBytes) + "\n"
		}, wants: []qaWant{{frag: "-byte limit", file: "-"}}, maxAlloc: 64 << 20},
		{name: "many-items-pass-through", passThrough: true, in: func() string {
			var b strings.Builder
			for i := 0; i < 20000; i++ {
				fmt.Fprintf(&b, "- {apiVersion: v1, kind: ConfigMap, metadata: {name: c%d, namespace: ai}, data: {k: v}}\n", i)
			}
			return qaRL(b.String()+qaItems, qaSpec(qaOpenAI))
		}, maxAlloc: 4 << 30},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.in()
			inBytes := []byte(in)
			var out pipeline.Output
			cost := qaMeasure(func() { out = pipeline.Run(inBytes) })
			t.Logf("%s: input %.1f KiB: exit %d, %d stderr lines, output %.1f KiB; %s",
				c.name, float64(len(in))/1024, out.ExitCode, len(out.Stderr), float64(len(out.ResourceList))/1024, cost)
			if cost.allocBytes > c.maxAlloc {
				t.Errorf("allocated %d bytes, want < %d", cost.allocBytes, c.maxAlloc)
			}
			if c.passThrough {
				if out.ExitCode != 0 {
					t.Fatalf("exit %d: %s", out.ExitCode, strings.Join(out.Stderr, "\n"))
				}
				qaAssertPassThrough(t, []byte(in), out.ResourceList)
				return
			}
			doc := qaCheckBad(t, in, c.wants, c.exact)
			if n := len(doc.Results); c.maxErrs > 0 && n > c.maxErrs {
				t.Errorf("%d results, want at most %d", n, c.maxErrs)
			}
		})
	}
}

// qaAssertPassThrough checks that every input item that is not one of the
// generated kinds is in the output unchanged and in the same relative order.
func qaAssertPassThrough(t *testing.T, input, output []byte) {
	t.Helper()
	in, err := qaParse(input)
	if err != nil {
		t.Fatal(err)
	}
	out, err := qaParse(output)
	if err != nil {
		t.Fatal(err)
	}
	var a, b []*yaml.Node
	for i := range in.Items {
		if !qaGeneratedKind(&in.Items[i]) {
			a = append(a, &in.Items[i])
		}
	}
	for i := range out.Items {
		if !qaGeneratedKind(&out.Items[i]) {
			b = append(b, &out.Items[i])
		}
	}
	if len(a) != len(b) {
		t.Fatalf("%d unrelated items in, %d out", len(a), len(b))
	}
	for i := range a {
		qaCheckSame(t, fmt.Sprintf("unrelated item %d", i), a[i], b[i])
	}
}

// qaGeneratedKind reports whether an item is of a kind the function generates.
func qaGeneratedKind(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "kind" {
			switch n.Content[i+1].Value {
			case "Backend", "AIServiceBackend", "BackendTLSPolicy", "BackendSecurityPolicy":
				return true
			}
		}
	}
	return false
}
