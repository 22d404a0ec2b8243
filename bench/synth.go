// Package bench measures aigw-backend on big packages (docs/performance.md): a
// deterministic synthetic ResourceList generator (this file), Go benchmarks
// of fn.Run against the Go SDK's parse + re-serialize floor
// (bench_test.go), and the end-to-end CLI comparison in cli.sh.
//
// The generated packages look like what kpt sends a function: Deployments,
// Services and ConfigMaps in turn, grouped three to a file, with kpt's path
// and index annotations (legacy and internal), labels, head and line
// comments, flow and block styles and multi-line ConfigMap data; about
// 1.5 KB per item, so 10 000 items is about 15 MB. Everything is derived
// from the item number: the same Options always give the same bytes.
package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Options describe one synthetic ResourceList.
type Options struct {
	// Items is the number of ordinary package items (Deployment, Service,
	// ConfigMap, Deployment, ...). The function leaves them untouched.
	Items int
	// SpecConfig adds one AIBackendSpec (provider openai, named SpecName in
	// namespace SpecNamespace) as the functionConfig, as `kpt fn eval
	// --fn-config` or a kustomize transformer sends it.
	SpecConfig bool
	// InPackageSpecs adds K AIBackendSpec items (local-config, distinct
	// names, providers openai, anthropic, aws-bedrock and openai-compatible
	// in turn), as `kpt fn render` sends them. Use it without SpecConfig:
	// a spec functionConfig makes the function ignore spec items.
	InPackageSpecs int
	// Existing adds a hand-written Backend and AIServiceBackend named like
	// the first spec (SpecName with SpecConfig, else the first in-package
	// spec), which the function must patch in place, not duplicate.
	Existing bool
	// Kptfile adds the package's Kptfile as the first item.
	Kptfile bool

	// Shapes of the same items that once sent the whole input to a full
	// parse (shapes.go); each is measured against its block-style twin.

	// Small makes the ordinary items small ConfigMaps (about 120 bytes as
	// JSON) instead of the Deployment, Service, ConfigMap turn.
	Small bool
	// FlowItems adds that many flow-style ConfigMaps (one line each) in
	// the middle of the ordinary items.
	FlowItems int
	// NoFinalNewline drops the line break that ends the input.
	NoFinalNewline bool
	// JSON writes the ResourceList as JSON (keys in the same order, one
	// item a line), as some orchestrators send it.
	JSON bool
}

// SpecName and SpecNamespace name the functionConfig spec.
const (
	SpecName      = "openai"
	SpecNamespace = "ai-gateway"
)

// Expectation is what a correct run of the function on the package gives.
type Expectation struct {
	// InputItems is the number of items in the input ResourceList.
	InputItems int
	// Generated is the number of objects the function must add.
	Generated int
	// Patched is the number of existing items it must patch in place.
	Patched int
	// OutputItems = InputItems + Generated.
	OutputItems int
}

// Providers of the in-package specs, in turn, with the number of objects
// each generates: Backend + AIServiceBackend, plus a BackendTLSPolicy for
// a TLS upstream and a BackendSecurityPolicy when it has credentials. The
// counts are the contract the benchmarks check; TestProviderObjectCounts
// keeps them equal to what package generator produces.
var Providers = []struct {
	Provider string
	Objects  int
}{
	{"openai", 4},
	{"anthropic", 4},
	{"aws-bedrock", 4},
	{"openai-compatible", 2}, // in-cluster Service: no TLS, no credentials
}

// SpecObjects is what the functionConfig spec (provider openai) generates.
const SpecObjects = 4

// Expect returns what a correct run of the function on o gives.
func (o Options) Expect() Expectation {
	e := Expectation{InputItems: o.Items + o.InPackageSpecs + o.FlowItems}
	if o.Kptfile {
		e.InputItems++
	}
	if o.Existing {
		e.InputItems += 2
	}
	switch {
	case o.SpecConfig:
		e.Generated = SpecObjects
	default:
		for i := 0; i < o.InPackageSpecs; i++ {
			e.Generated += Providers[i%len(Providers)].Objects
		}
	}
	if o.Existing && (o.SpecConfig || o.InPackageSpecs > 0) {
		e.Generated -= 2
		e.Patched = 2
	}
	e.OutputItems = e.InputItems + e.Generated
	return e
}

// Name is a benchstat-friendly sub-benchmark name: items=1000,
// items=0/specs=1000, items=10/existing.
func (o Options) Name() string {
	s := fmt.Sprintf("items=%d", o.Items)
	if o.InPackageSpecs > 0 {
		s += fmt.Sprintf("/specs=%d", o.InPackageSpecs)
	}
	if o.Existing {
		s += "/existing"
	}
	return s + o.shapeName()
}

// Generate returns the ResourceList for o.
func Generate(o Options) []byte {
	var b bytes.Buffer
	b.Grow(o.Items*1600 + o.InPackageSpecs*700 + 4096)
	_ = o.Write(&b) // a bytes.Buffer does not fail
	return b.Bytes()
}

// Write writes the ResourceList for o to w.
func (o Options) Write(w io.Writer) error {
	if o.JSON || o.NoFinalNewline {
		return o.writeShaped(w)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n")
	if o.Items == 0 && o.InPackageSpecs == 0 && !o.Kptfile && !o.Existing && o.FlowItems == 0 {
		p("items: []\n")
	} else {
		p("items:\n")
	}
	if o.Kptfile {
		writeKptfile(p)
	}
	for i := 0; i < o.Items; i++ {
		if i == o.Items/2 {
			writeFlowItems(p, o.FlowItems)
		}
		switch {
		case o.Small:
			writeSmall(p, i)
		case i%3 == 0:
			writeDeployment(p, i)
		case i%3 == 1:
			writeService(p, i)
		default:
			writeConfigMap(p, i)
		}
	}
	if o.Items == 0 {
		writeFlowItems(p, o.FlowItems)
	}
	for i := 0; i < o.InPackageSpecs; i++ {
		writeInPackageSpec(p, i)
	}
	if o.Existing {
		name := SpecName
		if !o.SpecConfig && o.InPackageSpecs > 0 {
			name = InPackageSpecName(0)
		}
		writeExisting(p, name)
	}
	if o.SpecConfig {
		p(`functionConfig:
  apiVersion: fn.aigw.dev/v1alpha1
  kind: AIBackendSpec
  metadata:
    name: %s
    namespace: %s
    annotations:
      config.kubernetes.io/local-config: "true"
  spec:
    provider: openai
    auth:
      secretRef: {name: openai-api-key}
`, SpecName, SpecNamespace)
	}
	return bw.Flush()
}

// mix is a small deterministic hash (splitmix64) for per-item variety.
func mix(i int) uint64 {
	z := uint64(i)*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

var teams = []string{"payments", "search", "checkout", "identity", "catalog", "ml-platform", "billing", "notifications"}

// app returns the names shared by the three items of one file.
func app(i int) (name, team, ns, file string, index int) {
	a := i / 3
	team = teams[a%len(teams)]
	name = fmt.Sprintf("app-%05d", a)
	ns = fmt.Sprintf("%s-%02d", team, a%16)
	file = fmt.Sprintf("apps/%s/%s.yaml", team, name)
	return name, team, ns, file, i % 3
}

func writeKptfile(p func(string, ...any)) {
	p(`- apiVersion: kpt.dev/v1
  kind: Kptfile
  metadata:
    name: synthetic
    annotations:
      config.kubernetes.io/local-config: "true"
      config.kubernetes.io/path: 'Kptfile'
      internal.config.kubernetes.io/path: 'Kptfile'
  info:
    description: synthetic package for aigw-backend benchmarks
  pipeline:
    mutators:
    - exec: aigw-backend
`)
}

func annotations(p func(string, ...any), indent, file string, index int) {
	p(`%sconfig.kubernetes.io/index: '%d'
%sconfig.kubernetes.io/path: '%s'
%sinternal.config.kubernetes.io/index: '%d'
%sinternal.config.kubernetes.io/path: '%s'
%sinternal.config.kubernetes.io/seqindent: 'compact'
`, indent, index, indent, file, indent, index, indent, file, indent)
}

func writeDeployment(p func(string, ...any), i int) {
	name, team, ns, file, index := app(i)
	h := mix(i)
	replicas := 1 + h%5
	version := fmt.Sprintf("%d.%d.%d", 1+h%3, (h>>8)%20, (h>>16)%50)
	port := 8000 + (h>>24)%1000
	p(`- # %s serves the %s team's traffic.
  # Scaffolded by the platform template; edit freely.
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: %s
    namespace: %s
    labels:
      app.kubernetes.io/name: %s
      app.kubernetes.io/part-of: %s
      app.kubernetes.io/version: "%s"
      tier: backend # scheduling tier
    annotations:
`, name, team, name, ns, name, team, version)
	annotations(p, "      ", file, index)
	p(`      deployment.kubernetes.io/revision: "%d"
  spec:
    replicas: %d # kpt-set: ${replicas}
    revisionHistoryLimit: 5
    selector:
      matchLabels:
        app.kubernetes.io/name: %s
    strategy:
      type: RollingUpdate
      rollingUpdate: {maxSurge: 25%%, maxUnavailable: 0}
    template:
      metadata:
        labels:
          app.kubernetes.io/name: %s
          app.kubernetes.io/part-of: %s
      spec:
        serviceAccountName: %s
        terminationGracePeriodSeconds: 30
        securityContext:
          runAsNonRoot: true
          seccompProfile: {type: RuntimeDefault}
        containers:
        - name: app
          image: registry.example.com/%s/%s:%s
          args: ["--port=%d", "--log-level=info", "--metrics"]
          ports:
          - name: http
            containerPort: %d
          env:
          - name: LOG_FORMAT
            value: json
          - name: UPSTREAM_URL # the next app in the chain
            value: "http://app-%05d.%s.svc.cluster.local:8080"
          - name: DB_PASSWORD
            valueFrom:
              secretKeyRef: {name: %s-db, key: password}
          resources:
            requests: {cpu: %dm, memory: %dMi}
            limits:
              memory: %dMi
          readinessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 10
          volumeMounts:
          - name: config
            mountPath: /etc/app
            readOnly: true
        volumes:
        - name: config
          configMap:
            name: %s-config
`, (h>>40)%100, replicas, name, name, team, name, team, name, version, port, port,
		i/3+1, ns, name, 50+(h>>32)%200, 64+(h>>36)%192, 256+(h>>36)%192, name)
}

func writeService(p func(string, ...any), i int) {
	name, team, ns, file, index := app(i)
	h := mix(i)
	port := 8000 + (mix(i-1)>>24)%1000 // the Deployment's port
	p(`- apiVersion: v1
  kind: Service
  metadata:
    name: %s
    namespace: %s
    labels:
      app.kubernetes.io/name: %s
      app.kubernetes.io/part-of: %s
    annotations:
`, name, ns, name, team)
	annotations(p, "      ", file, index)
	p(`      prometheus.io/scrape: "%t"
  spec:
    # ClusterIP only: the gateway reaches it in-cluster.
    type: ClusterIP
    selector:
      app.kubernetes.io/name: %s
    sessionAffinity: None
    ipFamilyPolicy: SingleStack
    ipFamilies: [IPv4]
    ports:
    - name: http
      port: 8080
      targetPort: %d
      protocol: TCP
    - name: metrics # scraped by the platform Prometheus
      port: 9090
      targetPort: 9090
      protocol: TCP
`, h%2 == 0, name, port)
}

func writeConfigMap(p func(string, ...any), i int) {
	name, team, ns, file, index := app(i)
	h := mix(i)
	p(`- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: %s-config
    namespace: %s
    labels:
      app.kubernetes.io/name: %s
      app.kubernetes.io/part-of: %s
    annotations:
`, name, ns, name, team)
	annotations(p, "      ", file, index)
	p(`  data:
    # Read by the app at start; a change needs a restart.
    application.properties: |
      server.port=8080
      server.shutdown=graceful
      spring.application.name=%s
      spring.datasource.url=jdbc:postgresql://db.%s.svc:5432/%s
      spring.datasource.hikari.maximum-pool-size=%d
      management.endpoints.web.exposure.include=health,info,prometheus
      logging.level.root=INFO
      logging.level.com.example.%s=DEBUG
      cache.ttl=%ds
      retry.max-attempts=%d
    nginx.conf: |
      server {
        listen 8081;
        location / {
          proxy_pass http://127.0.0.1:8080;
          proxy_set_header Host $host;
        }
        location /healthz {
          access_log off;
          return 200 "ok";
        }
      }
    feature-flags: '{"newCheckout": %t, "betaSearch": %t}'
    owner: "%s@example.com" # paged on incidents
`, name, ns, team, 5+h%20, team, 30+(h>>8)%300, 1+(h>>16)%5, h%2 == 0, h%3 == 0, team)
}

// InPackageSpecName is the name of the i-th in-package spec.
func InPackageSpecName(i int) string {
	return fmt.Sprintf("%s-%04d", shortProvider[i%len(Providers)], i)
}

var shortProvider = []string{"openai", "anthropic", "bedrock", "ollama"}

func writeInPackageSpec(p func(string, ...any), i int) {
	name := InPackageSpecName(i)
	file := fmt.Sprintf("backends/%s.yaml", name)
	p(`- # AI backend %d of the gateway.
  apiVersion: fn.aigw.dev/v1alpha1
  kind: AIBackendSpec
  metadata:
    name: %s
    namespace: %s
    annotations:
      config.kubernetes.io/local-config: "true"
      config.kubernetes.io/index: '0'
      config.kubernetes.io/path: '%s'
      internal.config.kubernetes.io/index: '0'
      internal.config.kubernetes.io/path: '%s'
  spec:
    provider: %s
`, i, name, SpecNamespace, file, file, Providers[i%len(Providers)].Provider)
	switch i % len(Providers) {
	case 0:
		p("    auth:\n      secretRef: {name: %s-key}\n", name)
	case 1:
		p("    auth:\n      secretRef:\n        name: %s-key\n", name)
	case 2:
		p("    endpoint:\n      region: us-east-1\n    auth:\n      aws:\n        credentialsSecretRef: {name: %s-credentials}\n", name)
	case 3:
		p("    endpoint:\n      service:\n        name: ollama-%04d\n        namespace: ollama\n        port: 11434\n", i)
	}
}

func writeExisting(p func(string, ...any), name string) {
	const file = "backends/hand-written.yaml"
	p(`- # Hand-written before the team adopted aigw-backend.
  apiVersion: gateway.envoyproxy.io/v1alpha1
  kind: Backend
  metadata:
    name: %s
    namespace: %s
    labels:
      team: ml-platform # ours: kept
    annotations:
`, name, SpecNamespace)
	annotations(p, "      ", file, 0)
	p(`  spec:
    endpoints:
    - fqdn:
        hostname: wrong.example.com
        port: 80
- # How AI Gateway talks to the provider.
  apiVersion: aigateway.envoyproxy.io/v1beta1
  kind: AIServiceBackend
  metadata:
    name: %s
    namespace: %s
    annotations:
      example.com/runbook: https://wiki.example.com/ai-gateway # ours: kept
`, name, SpecNamespace)
	annotations(p, "      ", file, 1)
	p(`  spec:
    schema:
      name: OpenAI
    # Wrong: AI Gateway only accepts an Envoy Gateway Backend here.
    backendRef:
      name: %s
      kind: Service
      port: 443
`, name)
}

// ItemID identifies an item of a ResourceList.
type ItemID struct {
	APIVersion, Kind, Namespace, Name string
}

func (id ItemID) String() string {
	return fmt.Sprintf("%s %s %s/%s", id.APIVersion, id.Kind, id.Namespace, id.Name)
}

// ItemIDs returns the identities of the input items of o, in order,
// without generating or parsing the package.
func (o Options) ItemIDs() []ItemID {
	ids := make([]ItemID, 0, o.Expect().InputItems)
	if o.Kptfile {
		ids = append(ids, ItemID{"kpt.dev/v1", "Kptfile", "", "synthetic"})
	}
	for i := 0; i < o.Items; i++ {
		if i == o.Items/2 {
			ids = append(ids, flowItemIDs(o.FlowItems)...)
		}
		name, _, ns, _, _ := app(i)
		switch {
		case o.Small:
			ids = append(ids, smallItemID(i))
		case i%3 == 0:
			ids = append(ids, ItemID{"apps/v1", "Deployment", ns, name})
		case i%3 == 1:
			ids = append(ids, ItemID{"v1", "Service", ns, name})
		default:
			ids = append(ids, ItemID{"v1", "ConfigMap", ns, name + "-config"})
		}
	}
	if o.Items == 0 {
		ids = append(ids, flowItemIDs(o.FlowItems)...)
	}
	for i := 0; i < o.InPackageSpecs; i++ {
		ids = append(ids, ItemID{"fn.aigw.dev/v1alpha1", "AIBackendSpec", SpecNamespace, InPackageSpecName(i)})
	}
	if o.Existing {
		name := SpecName
		if !o.SpecConfig && o.InPackageSpecs > 0 {
			name = InPackageSpecName(0)
		}
		ids = append(ids,
			ItemID{"gateway.envoyproxy.io/v1alpha1", "Backend", SpecNamespace, name},
			ItemID{"aigateway.envoyproxy.io/v1beta1", "AIServiceBackend", SpecNamespace, name})
	}
	return ids
}

// ParseItems fully parses a serialized ResourceList (independently of the
// function and of the SDK) and returns the identities of its items in
// order. It fails unless the document is a ResourceList.
func ParseItems(rl []byte) ([]ItemID, error) {
	var doc struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Items      []struct {
			APIVersion string `yaml:"apiVersion"`
			Kind       string `yaml:"kind"`
			Metadata   struct {
				Name      string `yaml:"name"`
				Namespace string `yaml:"namespace"`
			} `yaml:"metadata"`
		} `yaml:"items"`
	}
	if err := yaml.Unmarshal(rl, &doc); err != nil {
		return nil, fmt.Errorf("output is not YAML: %w", err)
	}
	if doc.Kind != "ResourceList" || doc.APIVersion != "config.kubernetes.io/v1" {
		return nil, fmt.Errorf("output is not a config.kubernetes.io/v1 ResourceList (kind %q, apiVersion %q)", doc.Kind, doc.APIVersion)
	}
	ids := make([]ItemID, len(doc.Items))
	for i, it := range doc.Items {
		ids[i] = ItemID{it.APIVersion, it.Kind, it.Metadata.Namespace, it.Metadata.Name}
	}
	return ids, nil
}
