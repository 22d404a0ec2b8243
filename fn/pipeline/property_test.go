package pipeline_test

// Property tests over generated valid specs. A seeded random generator
// builds AIBackendSpecs across every catalog provider and every option
// (schema overrides, hostnames, regions, resources, in-cluster services,
// ports, TLS hostnames and CA refs, every auth block and OIDC variant,
// header and body mutations, target versions, labels, annotations), places
// them in a package (as functionConfig, or as 1-3 in-package items) next to
// unrelated items and stale or user-edited generated objects, and checks:
//
//   - valid: the run succeeds (exit 0, no error result);
//   - CRD-valid: every Backend, AIServiceBackend, BackendTLSPolicy and
//     BackendSecurityPolicy in the output is accepted by the upstream CRDs
//     (internal/crdvalidate; v1alpha3 BackendTLSPolicy by the experimental
//     channel CRD);
//   - the expected objects exist (TLS policy iff TLS is on, security policy
//     iff auth is given or the provider needs it) and user fields of
//     patched objects survive;
//   - idempotent: running on the output gives the same bytes;
//   - deterministic: the same input gives the same bytes, and shuffling the
//     items gives the same set of output items;
//   - input items preserved: every item that is not of a generated kind
//     comes back unchanged and in order;
//   - unrelated items unchanged: they re-serialize byte-identically to a run
//     of the same package without any spec.
//
// AIGW_PROP_SEED and AIGW_PROP_N change the seed (default 1) and the number
// of packages (default 300); a failure prints the seed and the package.

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/pipeline"
	"github.com/aigw-dev/aigw-backend/generator"
)

// ---------------------------------------------------------------------------
// the spec generator

type qaGen struct{ r *rand.Rand }

func (g *qaGen) chance(p float64) bool { return g.r.Float64() < p }
func (g *qaGen) intn(n int) int        { return g.r.IntN(n) }
func (g *qaGen) pick(xs ...string) string {
	return xs[g.r.IntN(len(xs))]
}

// dnsLabel is a random lowercase DNS label of 1..max characters. Its runs
// of letters and digits stay under 16 characters, like the words of a real
// name: a longer random run is what a pasted key looks like (package
// redact), which the function refuses as a name.
func (g *qaGen) dnsLabel(max int) string {
	const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	n := 1 + g.intn(max)
	b := make([]byte, n)
	run := 0
	for i := range b {
		c := alnum[g.intn(len(alnum))]
		if i > 0 && i < n-1 && b[i-1] != '-' && (g.chance(0.15) || run >= 15) {
			c = '-'
		}
		b[i] = c
		if c == '-' {
			run = 0
		} else {
			run++
		}
	}
	if b[0] >= '0' && b[0] <= '9' && g.chance(0.5) {
		b[0] = 'x'
	}
	return string(b)
}

func (g *qaGen) hostname() string {
	labels := []string{g.dnsLabel(12)}
	for i := 0; i < g.intn(3); i++ {
		labels = append(labels, g.dnsLabel(8))
	}
	return strings.Join(labels, ".") + "." + g.pick("com", "io", "example", "ai", "internal")
}

func (g *qaGen) secretRef() map[string]any {
	m := map[string]any{"name": g.dnsLabel(20) + "-" + g.pick("key", "secret", "creds")}
	if g.chance(0.2) {
		m["namespace"] = g.dnsLabel(15)
	}
	return m
}

func (g *qaGen) oidc() map[string]any {
	m := map[string]any{
		"issuer":          "https://" + g.hostname() + g.pick("", "/", "/realms/x"),
		"clientSecretRef": g.secretRef(),
	}
	if g.chance(0.5) {
		m["clientID"] = g.pick("client", "aigw", "0f6d6b1e-1c32-4d7a-9a3e-5b1c2d3e4f50")
	} else {
		m["clientIDRef"] = g.secretRef()
	}
	if g.chance(0.3) {
		m["tokenEndpoint"] = "https://" + g.hostname() + "/token"
	}
	if g.chance(0.3) {
		m["scopes"] = []any{"openid", g.pick("email", "profile", "api://aigw/.default")}
	}
	if g.chance(0.2) {
		m["grantType"] = "urn:ietf:params:oauth:grant-type:token-exchange"
	}
	if g.chance(0.2) {
		m["aud"] = g.pick("sts.amazonaws.com", "api://AzureADTokenExchange")
	}
	return m
}

var (
	qaAWSRegions = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "us-gov-west-1"}
	qaGCPRegions = []string{"us-central1", "us-east5", "europe-west4", "asia-northeast1", "global"}
	qaSecretHdrs = map[string]bool{"authorization": true, "proxy-authorization": true, "x-api-key": true, "api-key": true, "x-goog-api-key": true, "cookie": true}
)

// qaExpect is what the generator expects a spec to produce.
type qaExpect struct {
	name, namespace string
	tls, auth       bool
	tlsHostDiffers  bool
	patchedBackend  bool // a user-edited Backend of this name is in the package
}

// spec returns a random valid AIBackendSpec (as a YAML-ready map) for the
// catalog provider p ("" = no provider: schema.name plus endpoint), and
// what it should produce.
func (g *qaGen) spec(p *generator.Provider, name, namespace string) (map[string]any, qaExpect) {
	ex := qaExpect{name: name, namespace: namespace}
	s := map[string]any{}
	schema := map[string]any{}
	endpoint := map[string]any{}
	auth := map[string]any{}
	target := map[string]any{}

	schemaName := ""
	pattern := ""
	public := false
	authRequired := false
	if p != nil {
		s["provider"] = p.Key
		schemaName = p.Schema
		pattern = string(p.HostPattern)
		public = p.Public
		authRequired = p.AuthRequired
		if g.chance(0.1) {
			schema["name"] = p.Schema // explicit, same as the catalog
		}
	} else {
		schemaName = g.pick(generator.SchemaOpenAI, generator.SchemaAnthropic, generator.SchemaCohere)
		schema["name"] = schemaName
		pattern = "required"
	}

	if g.chance(0.3) {
		target["aiGatewayAPIVersion"] = g.pick("v1beta1", "v1alpha1")
	}
	if g.chance(0.3) {
		target["backendTLSPolicyAPIVersion"] = g.pick("v1", "v1alpha3")
	}
	oldAIGW := target["aiGatewayAPIVersion"] == "v1alpha1"

	// schema version and prefix
	switch schemaName {
	case generator.SchemaOpenAI, generator.SchemaAnthropic:
		if g.chance(0.4) && (p == nil || p.Key != "azure-openai-v1") { // its prefix is fixed
			schema["prefix"] = g.pick("/", "/v1", "/openai/v1", "/api/v2", "/v1beta/openai", "/compatibility/v1")
		}
	case generator.SchemaAzureOpenAI:
		schema["version"] = g.pick("2025-01-01-preview", "2024-10-21", "v1")
	case generator.SchemaCohere:
		if g.chance(0.3) {
			schema["version"] = g.pick("v1", "v2")
		}
	case generator.SchemaAWSAnthropic:
		if g.chance(0.3) {
			schema["version"] = "bedrock-2023-05-31"
		}
	case generator.SchemaGCPAnthropic:
		if g.chance(0.3) {
			schema["version"] = "vertex-2023-10-16"
		}
	}

	// endpoint
	host := ""
	region := ""
	isService := false
	portSet := false
	port, servicePort := 443, 80
	if p != nil && p.Port != 0 { // local-server presets listen on their own port
		port, servicePort = p.Port, p.Port
	}
	switch pattern {
	case "":
		if g.chance(0.2) {
			host = g.hostname()
			endpoint["hostname"] = host
		}
	case "bedrock-runtime.{region}.amazonaws.com":
		region = qaAWSRegions[g.intn(len(qaAWSRegions))]
		switch g.intn(3) {
		case 0:
			endpoint["region"] = region
			host = "bedrock-runtime." + region + ".amazonaws.com"
		case 1:
			host = "bedrock-runtime." + region + ".amazonaws.com"
			endpoint["hostname"] = host
			if g.chance(0.5) {
				endpoint["region"] = region
			}
		default:
			host = "vpce-0" + g.dnsLabel(8) + ".bedrock-runtime." + region + ".vpce.amazonaws.com"
			endpoint["hostname"] = host
			endpoint["region"] = region
		}
	case "bedrock-mantle.{region}.api.aws":
		region = qaAWSRegions[g.intn(len(qaAWSRegions))]
		endpoint["region"] = region
		host = "bedrock-mantle." + region + ".api.aws"
	case "{region}-aiplatform.googleapis.com":
		region = qaGCPRegions[g.intn(len(qaGCPRegions))]
		endpoint["region"] = region
		host = region + "-aiplatform.googleapis.com"
		if region == "global" {
			host = "aiplatform.googleapis.com"
		}
	case "{resource}.openai.azure.com":
		if g.chance(0.8) {
			res := g.dnsLabel(20)
			endpoint["resource"] = res
			host = res + ".openai.azure.com"
		} else {
			host = g.hostname()
			endpoint["hostname"] = host
		}
	case "required":
		if g.chance(0.5) {
			isService = true
			svc := map[string]any{"name": g.dnsLabel(20)}
			ns := namespace
			if g.chance(0.5) {
				ns = g.dnsLabel(12)
				svc["namespace"] = ns
			}
			host = svc["name"].(string) + "." + ns + ".svc.cluster.local"
			port = servicePort
			if g.chance(0.5) {
				port = 1 + g.intn(65535)
				if g.chance(0.5) {
					svc["port"] = port
				} else {
					endpoint["port"] = port
					portSet = true
				}
			}
			endpoint["service"] = svc
		} else {
			host = g.hostname()
			if g.chance(0.2) {
				host += "." // fully qualified, allowed on the Backend
			}
			endpoint["hostname"] = host
		}
	}
	if !isService && g.chance(0.25) {
		port = g.pick2(443, 8443, 1+g.intn(65535))
		endpoint["port"] = port
		portSet = true
	}
	_ = portSet

	// TLS
	tls := map[string]any{}
	tlsOn := port == 443 || public
	if isService {
		tlsOn = false
	}
	if g.chance(0.2) {
		tlsOn = !tlsOn || g.chance(0.5)
		tls["enabled"] = tlsOn
	}
	if tlsOn {
		if g.chance(0.25) {
			h := strings.TrimSuffix(host, ".")
			if g.chance(0.4) {
				h = g.hostname()
			}
			tls["hostname"] = h
			ex.tlsHostDiffers = h != strings.TrimSuffix(host, ".")
		}
		if g.chance(0.25) {
			n := 1 + g.intn(8)
			var refs []any
			seen := map[string]bool{}
			for len(refs) < n {
				r := g.dnsLabel(10) + "-ca"
				if !seen[r] {
					seen[r] = true
					refs = append(refs, r)
				}
			}
			tls["caCertificateRefs"] = refs
		}
	}
	ex.tls = tlsOn

	// auth
	family := "apiKey"
	switch schemaName {
	case generator.SchemaAWSBedrock, generator.SchemaAWSAnthropic:
		family = "aws"
	case generator.SchemaGCPVertexAI, generator.SchemaGCPAnthropic:
		family = "gcp"
	case generator.SchemaAzureOpenAI:
		family = "azure"
	}
	if p != nil && p.Key == "azure-openai-v1" {
		family = "azure" // OpenAI schema, Azure credentials
	}
	switch family {
	case "apiKey":
		if authRequired || g.chance(0.6) {
			auth["secretRef"] = g.secretRef()
			ex.auth = true
		}
	case "azure":
		ex.auth = true
		if g.chance(0.4) {
			auth["secretRef"] = g.secretRef()
		} else {
			az := map[string]any{"clientID": "0f6d6b1e-1c32-4d7a-9a3e-5b1c2d3e4f50", "tenantID": g.pick("contoso.onmicrosoft.com", "72f988bf-86f1-41af-91ab-2d7cd011db47")}
			if g.chance(0.5) {
				az["clientSecretRef"] = g.secretRef()
			} else {
				az["oidc"] = g.oidc()
			}
			auth["azure"] = az
		}
	case "aws":
		ex.auth = true // no auth = the SDK default chain, still a policy
		if g.chance(0.8) {
			aws := map[string]any{}
			if g.chance(0.3) || endpoint["region"] == nil {
				aws["region"] = region
			}
			switch g.intn(3) {
			case 0:
				aws["credentialsSecretRef"] = g.secretRef()
				if g.chance(0.4) {
					aws["profile"] = g.pick("default", "bedrock", "prod")
				}
			case 1:
				aws["oidc"] = g.oidc()
				aws["roleArn"] = "arn:aws:iam::123456789012:role/" + g.pick("bedrock", "ai/gateway", "x+y=z")
			}
			auth["aws"] = aws
		} else if endpoint["region"] == nil {
			auth["aws"] = map[string]any{"region": region}
		}
	case "gcp":
		ex.auth = true
		gcp := map[string]any{"projectName": "p" + g.dnsLabel(5) + "-" + strconv.Itoa(100000+g.intn(900000))}
		if g.chance(0.3) {
			gcp["region"] = region
		}
		kind := g.intn(3)
		if oldAIGW && kind == 2 {
			kind = g.intn(2) // v1alpha1 has no Application Default Credentials
		}
		switch kind {
		case 0:
			gcp["credentialsSecretRef"] = g.secretRef()
		case 1:
			wif := map[string]any{"projectID": "p-" + g.dnsLabel(10), "workloadIdentityPoolName": g.dnsLabel(10),
				"workloadIdentityProviderName": g.dnsLabel(10), "oidc": g.oidc()}
			if g.chance(0.5) {
				wif["serviceAccountName"] = "sa@p.iam.gserviceaccount.com"
			}
			gcp["workloadIdentityFederation"] = wif
		}
		auth["gcp"] = gcp
	}

	// mutations
	if g.chance(0.35) {
		hm := map[string]any{}
		used := map[string]bool{}
		name := func() string {
			for {
				n := g.pick("x-", "X-", "") + g.dnsLabel(12)
				if l := strings.ToLower(n); !used[l] && !qaSecretHdrs[l] {
					used[l] = true
					return n
				}
			}
		}
		g.putEntries(hm, "set", func() any { return map[string]any{"name": name(), "value": g.headerValue()} })
		g.putEntries(hm, "remove", func() any { return name() })
		s["headerMutation"] = hm
	}
	if g.chance(0.35) {
		bm := map[string]any{}
		used := map[string]bool{}
		path := func() string {
			for {
				p := g.pick("", "x_", "max_") + g.dnsLabel(10)
				if !used[p] {
					used[p] = true
					return p
				}
			}
		}
		g.putEntries(bm, "set", func() any {
			return map[string]any{"path": path(), "value": g.pick("0.2", "-1", "true", "false", "null", `"text"`,
				`{"type": "json_object"}`, `[1, 2]`, "plain text", "scale", "1e3", "  42  ")}
		})
		g.putEntries(bm, "remove", func() any { return path() })
		s["bodyMutation"] = bm
	}

	// Some metadata keys read as a number, bool or null when unquoted: they
	// must stay strings in created and patched objects alike.
	if g.chance(0.3) {
		labels := map[string]any{}
		for i := 0; i < 1+g.intn(3); i++ {
			labels[g.pick("", "example.com/", "team.example.io/")+"l"+g.dnsLabel(10)] = g.pick("", "a", "prod", "v1.2_3", "true", "1")
		}
		if g.chance(0.3) {
			labels[g.pick("8", "true", "no", "null", "0x1F", "1.5")] = g.pick("", "yes", "x")
		}
		s["labels"] = labels
	}
	if g.chance(0.3) {
		ann := map[string]any{}
		for i := 0; i < 1+g.intn(3); i++ {
			ann[g.pick("", "example.com/")+"a"+g.dnsLabel(10)] = g.pick("", "multi\nline", "ünïcödé ✓", `{"json": true}`, strings.Repeat("v", 300), "null", "0x1F")
		}
		s["annotations"] = ann
	}

	if len(schema) > 0 {
		s["schema"] = schema
	}
	if len(endpoint) > 0 {
		s["endpoint"] = endpoint
	}
	if len(tls) > 0 {
		s["tls"] = tls
	}
	if len(auth) > 0 {
		s["auth"] = auth
	} else if family == "aws" && g.chance(0.5) {
		s["auth"] = map[string]any{"aws": map[string]any{}}
	}
	if len(target) > 0 {
		s["target"] = target
	}
	return s, ex
}

// putEntries sets m[key] to 1-16 entries made by f (16 is the upstream
// limit), or leaves it unset for none.
func (g *qaGen) putEntries(m map[string]any, key string, f func() any) {
	n := g.intn(17)
	if n == 0 {
		return
	}
	xs := make([]any, n)
	for i := range xs {
		xs[i] = f()
	}
	m[key] = xs
}

func (g *qaGen) pick2(xs ...int) int { return xs[g.intn(len(xs))] }

func (g *qaGen) headerValue() string {
	return g.pick("a", "on", "Bearer-free value", "ü", "tab\there", strings.Repeat("x", 1+g.intn(100)), "1", "true")
}

// ---------------------------------------------------------------------------
// the package generator

// qaPackage is one generated ResourceList and what it should produce.
type qaPackage struct {
	input   string
	noSpecs string // the same package without any spec
	expects []qaExpect
	desc    string
}

func qaYAML(v any) string {
	b, err := yaml.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// qaItemDoc renders an item (YAML text of one object) as a list entry.
func qaItemDoc(doc string) string {
	return "- " + strings.TrimPrefix(qaIndent(doc, 2), "  ")
}

// qaUnrelated are items of other kinds in assorted styles.
var qaUnrelated = []string{
	"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings # keep me\n  namespace: NS\n  annotations:\n    config.kubernetes.io/path: settings.yaml\ndata:\n  mode: fast\n  json: '{\"a\": [1, 2]}'\n",
	"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: NS\n  labels: {app: web}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27 # pinned\n        args: [\"--port\", \"8080\"]\n",
	"apiVersion: v1\nkind: Secret\nmetadata: {name: openai-key, namespace: NS}\ntype: Opaque\nstringData:\n  apiKey: |\n    not-a-real-key\n",
	"# a route the user wrote by hand\napiVersion: aigateway.envoyproxy.io/v1beta1\nkind: AIGatewayRoute\nmetadata:\n  name: route\n  namespace: NS\nspec:\n  parentRefs:\n  - name: gw\n    kind: Gateway\n    group: gateway.networking.k8s.io\n  rules:\n  - backendRefs:\n    - name: NAME\n",
	"apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: SecurityPolicy\nmetadata:\n  name: NAME # same name as a generated Backend, other kind\n  namespace: NS\nspec: {}\n",
}

// pkg builds a random package around 1-3 valid specs.
func (g *qaGen) pkg() qaPackage {
	providers := generator.Providers()
	nSpecs := 1
	inPackage := g.chance(0.4)
	if inPackage {
		nSpecs = 1 + g.intn(3)
	}
	ns := g.pick("ai", "ai-gateway", "default", "")
	var specs []string
	var expects []qaExpect
	var extra []string
	var descs []string
	used := map[string]bool{}
	for i := 0; i < nSpecs; i++ {
		var p *generator.Provider
		if g.chance(0.9) {
			pp := providers[g.intn(len(providers))]
			p = &pp
		}
		name := ""
		for name == "" || used[name] {
			name = g.dnsLabel(30)
			if g.chance(0.1) {
				name += "." + g.dnsLabel(5)
			}
			if g.chance(0.03) {
				name = strings.Repeat("n", 248) // the longest valid name
			}
		}
		used[name] = true
		body, ex := g.spec(p, name, qaOrDefault(ns, "default"))
		meta := map[string]any{"name": name}
		if ns != "" {
			meta["namespace"] = ns
		}
		dir := ""
		if inPackage {
			dir = g.pick("", "backends/", "team-"+strconv.Itoa(i)+"/")
			ann := map[string]any{"config.kubernetes.io/path": dir + name[:min(len(name), 40)] + ".yaml"}
			if g.chance(0.85) {
				ann["config.kubernetes.io/local-config"] = "true"
			}
			meta["annotations"] = ann
		}
		doc := qaYAML(map[string]any{"apiVersion": generator.APIVersion, "kind": generator.Kind, "metadata": meta, "spec": body})
		specs = append(specs, doc)
		provider := "(none)"
		if p != nil {
			provider = p.Key
		}
		descs = append(descs, provider+" "+name)

		// Existing objects for this spec: a user-edited Backend (owned or
		// adopted), a stale owned policy that must be pruned when TLS is off.
		nsOut := qaOrDefault(ns, "default")
		if g.chance(0.25) {
			ex.patchedBackend = true
			owner := ""
			if g.chance(0.5) {
				owner = "    fn.aigw.dev/spec: " + strconv.Quote(nsOut+"/"+name) + "\n"
			}
			extra = append(extra, fmt.Sprintf("apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: %q\n  namespace: %s\n  annotations:\n    config.kubernetes.io/path: existing.yaml\n%s  labels: {team: platform} # user label\nspec:\n  fallback: true # user field\n  endpoints:\n  - fqdn: {hostname: stale.example.com, port: 8443}\n", name, nsOut, owner))
		}
		if !ex.tls && g.chance(0.3) {
			extra = append(extra, fmt.Sprintf("apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: %q\n  namespace: %s\n  annotations: {fn.aigw.dev/spec: %q}\nspec:\n  targetRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: %q}]\n  validation: {hostname: stale.example.com, wellKnownCACertificates: System}\n", name+"-tls", nsOut, nsOut+"/"+name, name))
		}
		expects = append(expects, ex)
	}

	var items []string
	for _, u := range qaUnrelated {
		if g.chance(0.6) {
			items = append(items, strings.NewReplacer("NS", qaOrDefault(ns, "default"), "NAME", strconv.Quote(expects[0].name)).Replace(u))
		}
	}
	items = append(items, extra...)
	var unrelatedOnly []string
	unrelatedOnly = append(unrelatedOnly, items...)
	fnConfig := ""
	if inPackage {
		items = append(items, specs...)
	} else {
		fnConfig = specs[0]
	}
	g.r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	var list, listNoSpecs strings.Builder
	for _, it := range items {
		list.WriteString(qaItemDoc(it))
		if slices.Contains(unrelatedOnly, it) {
			listNoSpecs.WriteString(qaItemDoc(it))
		}
	}
	mode := "functionConfig"
	if inPackage {
		mode = "in-package"
	}
	return qaPackage{
		input:   qaRL(list.String(), fnConfig),
		noSpecs: qaRL(listNoSpecs.String(), ""),
		expects: expects,
		desc:    mode + ": " + strings.Join(descs, ", "),
	}
}

func qaOrDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ---------------------------------------------------------------------------
// the properties

func qaPropConfig(t *testing.T) (seed uint64, n int) {
	seed, n = 1, 300
	if s := os.Getenv("AIGW_PROP_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("AIGW_PROP_SEED: %v", err)
		}
		seed = v
	}
	if s := os.Getenv("AIGW_PROP_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("AIGW_PROP_N: %v", err)
		}
		n = v
	}
	if testing.Short() {
		n = min(n, 50)
	}
	return seed, n
}

// TestPropertiesGeneratedSpecs runs every property over generated packages.
func TestPropertiesGeneratedSpecs(t *testing.T) {
	seed, n := qaPropConfig(t)
	g := &qaGen{r: rand.New(rand.NewPCG(seed, 0x61696777))}
	qaValidators(t)
	var validated, specs, patched, warnings int
	providersSeen := map[string]bool{}
	for i := 0; i < n; i++ {
		p := g.pkg()
		for _, d := range strings.Split(p.desc[strings.Index(p.desc, ":")+2:], ", ") {
			providersSeen[strings.Fields(d)[0]] = true
		}
		specs += len(p.expects)
		ok := t.Run(fmt.Sprint(i), func(t *testing.T) {
			v, pt, w := qaCheckPackage(t, p, g)
			validated += v
			patched += pt
			warnings += w
		})
		if !ok {
			t.Logf("seed %d, package %d (%s):\n%s", seed, i, p.desc, p.input)
			if testing.Verbose() || i > 5 {
				break
			}
		}
	}
	var missing []string
	for _, pr := range generator.Providers() {
		if !providersSeen[pr.Key] {
			missing = append(missing, pr.Key)
		}
	}
	if len(missing) > 0 && n >= 100 {
		t.Errorf("providers never generated: %v", missing)
	}
	t.Logf("seed %d: %d packages, %d specs, %d objects validated against the CRDs (%d patched in place), %d warnings; providers: %d",
		seed, n, specs, validated, patched, warnings, len(providersSeen))
}

// qaCheckPackage checks one package; it returns the number of objects
// validated against the CRDs, of patched objects, and of warnings.
func qaCheckPackage(t *testing.T, p qaPackage, g *qaGen) (validated, patched, warnings int) {
	out := pipeline.Run([]byte(p.input))
	if out.ExitCode != 0 {
		t.Fatalf("valid package rejected (%s):\n%s", p.desc, strings.Join(out.Stderr, "\n"))
	}
	doc, err := qaParse(out.ResourceList)
	if err != nil {
		t.Fatalf("output is not YAML: %v", err)
	}
	for _, r := range doc.Results {
		if r.Severity == "error" {
			t.Fatalf("exit 0 with an error result: %s", r)
		}
		if r.Severity == "warning" {
			warnings++
		}
	}

	// CRD-valid: every object of a generated kind, created or patched.
	for i := range doc.Items {
		n := &doc.Items[i]
		if !qaGeneratedKind(n) {
			continue
		}
		if err := qaValidateNode(t, n); err != nil {
			t.Errorf("output object rejected by the upstream CRD: %v\n%s", err, qaEncode(n))
		}
		validated++
	}

	// The expected objects, and user fields of patched ones.
	byKey := map[string]*yaml.Node{}
	for i := range doc.Items {
		byKey[qaKey(&doc.Items[i])] = &doc.Items[i]
	}
	for _, ex := range p.expects {
		ns := ex.namespace
		has := func(group, kind, name string) *yaml.Node { return byKey[group+"|"+kind+"|"+ns+"|"+name] }
		if has("gateway.envoyproxy.io", "Backend", ex.name) == nil || has("aigateway.envoyproxy.io", "AIServiceBackend", ex.name) == nil {
			t.Errorf("%s/%s: Backend or AIServiceBackend missing", ns, ex.name)
		}
		if got := has("gateway.networking.k8s.io", "BackendTLSPolicy", ex.name+"-tls") != nil; got != ex.tls {
			t.Errorf("%s/%s: BackendTLSPolicy present = %v, want %v", ns, ex.name, got, ex.tls)
		}
		if got := has("aigateway.envoyproxy.io", "BackendSecurityPolicy", ex.name+"-auth") != nil; got != ex.auth {
			t.Errorf("%s/%s: BackendSecurityPolicy present = %v, want %v", ns, ex.name, got, ex.auth)
		}
		if ex.patchedBackend {
			patched++
			bn := has("gateway.envoyproxy.io", "Backend", ex.name)
			b := qaEncode(bn)
			var obj struct {
				Metadata struct {
					Labels map[string]string `yaml:"labels"`
				} `yaml:"metadata"`
				Spec struct {
					Fallback bool `yaml:"fallback"`
				} `yaml:"spec"`
			}
			if err := bn.Decode(&obj); err != nil || !obj.Spec.Fallback || obj.Metadata.Labels["team"] != "platform" {
				t.Errorf("%s/%s: patched Backend lost the user's field or label (%v):\n%s", ns, ex.name, err, b)
			}
			if !strings.Contains(b, "# user field") {
				t.Errorf("%s/%s: patched Backend lost the user's comment:\n%s", ns, ex.name, b)
			}
			if strings.Contains(b, "stale.example.com") {
				t.Errorf("%s/%s: patched Backend still has the stale endpoint:\n%s", ns, ex.name, b)
			}
		}
		if ex.tlsHostDiffers {
			found := false
			for _, r := range doc.Results {
				found = found || (r.Severity == "warning" && r.fieldPath() == "spec.tls.hostname")
			}
			if !found {
				t.Errorf("%s/%s: no warning for a TLS hostname that differs from the endpoint", ns, ex.name)
			}
		}
	}

	// Deterministic and idempotent.
	again := pipeline.Run([]byte(p.input))
	if string(again.ResourceList) != string(out.ResourceList) {
		t.Errorf("same input, different output")
	}
	second := pipeline.Run(out.ResourceList)
	if second.ExitCode != 0 || string(second.ResourceList) != string(out.ResourceList) {
		t.Errorf("not idempotent (exit %d):\n--- first\n%s\n--- second\n%s", second.ExitCode, out.ResourceList, second.ResourceList)
	}

	// Input items preserved; unrelated items as without any spec.
	qaAssertPassThrough(t, []byte(p.input), out.ResourceList)
	base := pipeline.Run([]byte(p.noSpecs))
	if base.ExitCode != 0 {
		t.Fatalf("package without specs fails: %s", strings.Join(base.Stderr, "\n"))
	}
	baseDoc, err := qaParse(base.ResourceList)
	if err != nil {
		t.Fatal(err)
	}
	unrelated := func(d *qaDoc) map[string]string {
		m := map[string]string{}
		for i := range d.Items {
			n := &d.Items[i]
			if !qaGeneratedKind(n) && !strings.Contains(qaEncode(n), "kind: AIBackendSpec") {
				m[qaKey(n)] = qaEncode(n)
			}
		}
		return m
	}
	withSpecs, without := unrelated(doc), unrelated(baseDoc)
	for k, v := range without {
		if withSpecs[k] != v {
			t.Errorf("unrelated item %s differs from a run without specs:\n--- without specs\n%s--- with specs\n%s", k, v, withSpecs[k])
		}
	}
	if len(withSpecs) != len(without) {
		t.Errorf("%d unrelated items with specs, %d without", len(withSpecs), len(without))
	}

	// Shuffled items: the same set of output items.
	shuffled := qaShuffleItems(t, p.input, g)
	sout := pipeline.Run([]byte(shuffled))
	if sout.ExitCode != 0 {
		t.Fatalf("shuffled package fails: %s", strings.Join(sout.Stderr, "\n"))
	}
	sdoc, err := qaParse(sout.ResourceList)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := qaItemSet(doc), qaItemSet(sdoc); !slices.Equal(a, b) {
		t.Errorf("shuffling the items changed the output items:\n%s", qaFirstDiff(a, b))
	}
	// kpt writes each item to its config.kubernetes.io/path: the file
	// name must fit the usual 255-byte limit.
	for i := range doc.Items {
		if base := qaPathBase(&doc.Items[i]); len(base) > 255 {
			t.Errorf("%s: file name of %d bytes: %s", qaKey(&doc.Items[i]), len(base), base)
		}
	}
	return validated, patched, warnings
}

// qaPathBase returns the base name of an item's config.kubernetes.io/path.
func qaPathBase(n *yaml.Node) string {
	var obj struct {
		Metadata struct {
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"metadata"`
	}
	if n.Decode(&obj) != nil {
		return ""
	}
	p := obj.Metadata.Annotations["config.kubernetes.io/path"]
	return p[strings.LastIndex(p, "/")+1:]
}

// TestGeneratedFileNamesFit: the longest valid spec name still gives a
// file name kpt can write.
func TestGeneratedFileNamesFit(t *testing.T) {
	name := strings.Repeat("n", 248)
	in := qaRL("", qaSpecDoc("name: "+name+"\nnamespace: ai", qaOpenAI))
	out := pipeline.Run([]byte(in))
	if out.ExitCode != 0 {
		t.Fatalf("a 248-character name is valid, got exit %d: %s", out.ExitCode, strings.Join(out.Stderr, "\n"))
	}
	doc, err := qaParse(out.ResourceList)
	if err != nil {
		t.Fatal(err)
	}
	for i := range doc.Items {
		if base := qaPathBase(&doc.Items[i]); len(base) > 255 {
			t.Errorf("%s: file name of %d bytes", qaKey(&doc.Items[i]), len(base))
		}
	}
}

// qaShuffleItems returns the ResourceList with its items in another order.
func qaShuffleItems(t *testing.T, input string, g *qaGen) string {
	t.Helper()
	d, err := qaParse([]byte(input))
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for i := range d.Items {
		items = append(items, qaItemDoc(qaEncode(&d.Items[i])))
	}
	g.r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	fc := ""
	if d.FunctionConfig.Kind != 0 {
		fc = qaEncode(&d.FunctionConfig)
	}
	return qaRL(strings.Join(items, ""), fc)
}

// qaItemSet is the sorted list of serialized output items.
func qaItemSet(d *qaDoc) []string {
	var out []string
	for i := range d.Items {
		out = append(out, qaEncode(&d.Items[i]))
	}
	sort.Strings(out)
	return out
}

func qaFirstDiff(a, b []string) string {
	for i := 0; i < min(len(a), len(b)); i++ {
		if a[i] != b[i] {
			return "--- original order\n" + a[i] + "--- shuffled\n" + b[i]
		}
	}
	return fmt.Sprintf("%d items vs %d", len(a), len(b))
}

// TestPatchKeepsMetadataKeysStrings: spec.labels and spec.annotations keys
// are strings, also when they look like something else to YAML. Objects the
// function creates quote them; objects it patches in place must too.
func TestPatchKeepsMetadataKeysStrings(t *testing.T) {
	spec := qaSpec(qaOpenAI + "labels: {\"8\": \"\", \"true\": \"yes\", \"null\": x, \"1.5\": \"y\"}\nannotations: {\"0x1F\": \"1\", \"no\": z}\n")
	out := pipeline.Run([]byte(qaRL(qaItems, spec)))
	if out.ExitCode != 0 {
		t.Fatalf("exit %d: %s", out.ExitCode, strings.Join(out.Stderr, "\n"))
	}
	doc, err := qaParse(out.ResourceList)
	if err != nil {
		t.Fatal(err)
	}
	for i := range doc.Items {
		n := &doc.Items[i]
		if !qaGeneratedKind(n) {
			continue
		}
		var obj struct {
			Metadata struct {
				Labels      map[string]any `yaml:"labels"`
				Annotations map[string]any `yaml:"annotations"`
			} `yaml:"metadata"`
		}
		if err := n.Decode(&obj); err != nil {
			t.Errorf("%s: metadata does not decode with string keys: %v\n%s", qaKey(n), err, qaEncode(n))
			continue
		}
		for _, k := range []string{"8", "true", "null", "1.5"} {
			if _, ok := obj.Metadata.Labels[k]; !ok {
				t.Errorf("%s: label key %q missing or not a string:\n%s", qaKey(n), k, qaEncode(n))
			}
		}
		for _, k := range []string{"0x1F", "no"} {
			if _, ok := obj.Metadata.Annotations[k]; !ok {
				t.Errorf("%s: annotation key %q missing or not a string:\n%s", qaKey(n), k, qaEncode(n))
			}
		}
		if err := qaValidateNode(t, n); err != nil {
			t.Errorf("%s: %v", qaKey(n), err)
		}
	}
}

// TestOversizedAnnotationsRejected: Kubernetes rejects objects whose
// annotations exceed 256 KiB in total; a spec whose spec.annotations would
// make every generated object invalid must fail with a located error
// instead of emitting objects the API server refuses.
func TestOversizedAnnotationsRejected(t *testing.T) {
	in := qaRL(qaItems, qaSpec(qaOpenAI+"annotations: {example.com/blob: "+strings.Repeat("x", 270<<10)+"}\n"))
	out := pipeline.Run([]byte(in))
	if out.ExitCode == 0 {
		doc, err := qaParse(out.ResourceList)
		if err != nil {
			t.Fatal(err)
		}
		for i := range doc.Items {
			if n := &doc.Items[i]; qaGeneratedKind(n) {
				if err := qaValidateNode(t, n); err != nil {
					t.Errorf("exit 0, but the output is rejected by the API server: %.300v", err)
				}
			}
		}
		return
	}
	qaCheckBad(t, in, []qaWant{want("spec.annotations", "")}, 0)
}
