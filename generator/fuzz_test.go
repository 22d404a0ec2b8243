package generator_test

// FuzzDecodeGenerate feeds arbitrary YAML to the spec pipeline the function
// runs (yaml.Parse -> Decode -> Generate). It must never panic or hang; every
// problem must be a located, non-empty FieldError; and whenever Generate
// succeeds its objects must be accepted by the upstream CRDs exactly as
// kube-apiserver would (internal/crdvalidate), be named and labelled as the
// contract fixes, and be the same on a second run.
//
// Seeds: testdata/fuzz/FuzzDecodeGenerate (every AIBackendSpec of the golden
// cases and examples) plus the f.Add calls below. Run it with
//
//	go test -run '^$' -fuzz '^FuzzDecodeGenerate$' -fuzztime 30s ./generator
//
// (make fuzz-smoke runs it briefly). A crash found by the fuzzer is written
// to testdata/fuzz/FuzzDecodeGenerate/ by Go and replays on every go test;
// also add it to decodeGenerateRegressions below with a note.

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/generator"
	"github.com/aigw-dev/aigw-backend/internal/crdvalidate"
)

// maxFuzzInput keeps single executions fast; the hostile-size cases live in
// fn/badinput_test.go.
const maxFuzzInput = 16 << 10

var (
	crdOnce                  sync.Once
	crdStd, crdExperimental  *crdvalidate.Validator
	crdErr                   error
	crdStdDir, crdExpDirUsed string
)

// validators loads the upstream CRDs once per process: the default set
// (standard channel) and the experimental-channel BackendTLSPolicy, which
// still serves v1alpha3 (target.backendTLSPolicyAPIVersion: v1alpha3).
func validators(tb testing.TB) (std, experimental *crdvalidate.Validator) {
	tb.Helper()
	crdOnce.Do(func() {
		crdStd, crdStdDir, crdErr = crdvalidate.LoadDefault()
		if crdErr != nil {
			return
		}
		root, err := crdvalidate.RepoRoot()
		if err != nil {
			crdErr = err
			return
		}
		crdExpDirUsed = filepath.Join(root, "testdata", "crds", "experimental")
		crdExperimental, crdErr = crdvalidate.Load(crdExpDirUsed)
	})
	if crdErr != nil {
		tb.Fatalf("loading CRDs: %v", crdErr)
	}
	return crdStd, crdExperimental
}

// validateObject validates one generated object as a create request.
func validateObject(tb testing.TB, o *generator.Object) error {
	std, exp := validators(tb)
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	v := std
	if o.Kind == generator.KindBackendTLSPolicy && o.APIVersion == generator.GroupGatewayAPI+"/v1alpha3" {
		v = exp
	}
	return v.Validate(m).Err()
}

// checkSpec runs the pipeline on one YAML document and checks every
// invariant. It returns the objects (nil when the spec is invalid).
func checkSpec(t *testing.T, data []byte) []*generator.Object {
	t.Helper()
	node, ok := parseYAML(data)
	if !ok {
		return nil
	}
	spec, decodeErrs := generator.Decode(node)
	if spec == nil {
		t.Fatalf("Decode returned a nil spec (errors: %v)", decodeErrs)
	}
	checkFieldErrors(t, "Decode", decodeErrs)
	res, genErrs := generator.Generate(spec)
	checkFieldErrors(t, "Generate", genErrs)
	if len(genErrs) > 0 {
		if res != nil {
			t.Fatalf("Generate returned objects and errors: %v", genErrs)
		}
		return nil
	}
	if res == nil {
		t.Fatal("Generate returned neither objects nor errors")
	}
	checkObjects(t, spec, res.Objects)
	checkFieldErrors(t, "Generate warnings", res.Warnings)

	// Deterministic: the same spec gives the same objects.
	again, errs := generator.Generate(spec)
	if len(errs) > 0 || again == nil {
		t.Fatalf("second Generate failed: %v", errs)
	}
	if a, b := mustJSON(t, res.Objects), mustJSON(t, again.Objects); a != b {
		t.Fatalf("Generate is not deterministic:\n%s\n---\n%s", a, b)
	}
	return res.Objects
}

// parseYAML parses like fn does; panics inside the YAML library (not this
// project's code) are treated as unparseable input.
func parseYAML(data []byte) (n *yaml.RNode, ok bool) {
	defer func() {
		if recover() != nil {
			n, ok = nil, false
		}
	}()
	n, err := yaml.Parse(string(data))
	if err != nil || n == nil || n.YNode() == nil {
		return nil, false
	}
	return n, true
}

func checkFieldErrors(t *testing.T, what string, errs generator.FieldErrors) {
	t.Helper()
	for _, e := range errs {
		if strings.TrimSpace(e.Message) == "" {
			t.Fatalf("%s: error without a message at %q", what, e.Path)
		}
		if strings.ContainsAny(e.Path, "\n") {
			t.Fatalf("%s: error path with a line break: %q", what, e.Path)
		}
	}
}

func checkObjects(t *testing.T, spec *generator.AIBackendSpec, objs []*generator.Object) {
	t.Helper()
	ns := spec.Metadata.Namespace
	if ns == "" {
		ns = generator.DefaultNamespace
	}
	e := spec.Spec.Endpoint
	if e == nil || len(e.Regions) == 0 {
		checkSet(t, spec.Metadata.Name, ns, spec.Metadata.Name, objs)
		return
	}
	// spec.endpoint.regions: one set per region, in list order, each
	// starting with its Backend and owned by the one spec.
	var sets [][]*generator.Object
	for _, o := range objs {
		if o.Kind == generator.KindBackend || len(sets) == 0 {
			sets = append(sets, nil)
		}
		sets[len(sets)-1] = append(sets[len(sets)-1], o)
	}
	if len(sets) != len(e.Regions) {
		t.Fatalf("%d object sets for %d regions: %v", len(sets), len(e.Regions), kinds(objs))
	}
	for i, region := range e.Regions {
		checkSet(t, generator.RegionalName(spec.Metadata.Name, region), ns, spec.Metadata.Name, sets[i])
	}
}

// checkSet checks one Backend..BackendSecurityPolicy set named after stem.
func checkSet(t *testing.T, name, ns, specName string, objs []*generator.Object) {
	t.Helper()
	if len(objs) < 2 || len(objs) > 4 {
		t.Fatalf("%d objects, want 2 to 4", len(objs))
	}
	wantNames := map[string]string{
		generator.KindBackend:               generator.BackendName(name),
		generator.KindAIServiceBackend:      generator.AIServiceBackendName(name),
		generator.KindBackendTLSPolicy:      generator.BackendTLSPolicyName(name),
		generator.KindBackendSecurityPolicy: generator.BackendSecurityPolicyName(name),
	}
	order := []string{generator.KindBackend, generator.KindAIServiceBackend, generator.KindBackendTLSPolicy, generator.KindBackendSecurityPolicy}
	pos := 0
	for _, o := range objs {
		for pos < len(order) && order[pos] != o.Kind {
			pos++
		}
		if pos == len(order) {
			t.Fatalf("unexpected or out-of-order kind %s in %v", o.Kind, kinds(objs))
		}
		pos++
		if o.Metadata.Name != wantNames[o.Kind] || o.Metadata.Namespace != ns {
			t.Fatalf("%s is %s/%s, want %s/%s", o.Kind, o.Metadata.Namespace, o.Metadata.Name, ns, wantNames[o.Kind])
		}
		if o.Metadata.Labels[generator.LabelManagedBy] != generator.ManagedByValue {
			t.Fatalf("%s lacks label %s", o.Kind, generator.LabelManagedBy)
		}
		if o.Metadata.Annotations[generator.AnnotationSpec] != generator.SpecID(ns, specName) {
			t.Fatalf("%s has annotation %s=%q, want %q", o.Kind, generator.AnnotationSpec, o.Metadata.Annotations[generator.AnnotationSpec], generator.SpecID(ns, specName))
		}
		if err := validateObject(t, o); err != nil {
			t.Fatalf("generated object rejected by the upstream CRD: %v\nobject: %s", err, mustJSON(t, o))
		}
	}
	if objs[0].Kind != generator.KindBackend || objs[1].Kind != generator.KindAIServiceBackend {
		t.Fatalf("objects start with %v, want Backend, AIServiceBackend", kinds(objs))
	}
}

func kinds(objs []*generator.Object) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.Kind)
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func FuzzDecodeGenerate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, r := range decodeGenerateRegressions {
		f.Add([]byte(r.input))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		checkSpec(t, data)
	})
}

// fuzzSeeds cover each provider, auth family and option once, so the
// fuzzer starts from valid specs that reach object generation.
var fuzzSeeds = []string{
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: openai, namespace: ai}\nspec:\n  provider: openai\n  auth: {secretRef: {name: k}}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: a}\nspec:\n  provider: anthropic\n  schema: {prefix: /}\n  auth: {secretRef: {name: k, namespace: s}}\n  target: {aiGatewayAPIVersion: v1alpha1, backendTLSPolicyAPIVersion: v1alpha3}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: br}\nspec:\n  provider: aws-bedrock\n  endpoint: {region: eu-west-1}\n  auth: {aws: {credentialsSecretRef: {name: aws}, profile: dev}}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: br}\nspec:\n  provider: aws-anthropic\n  schema: {version: bedrock-2023-05-31}\n  endpoint: {region: us-east-1}\n  auth: {aws: {roleArn: 'arn:aws:iam::123456789012:role/r', oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}, scopes: [openid]}}}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: az}\nspec:\n  provider: azure-openai\n  schema: {version: 2025-01-01-preview}\n  endpoint: {resource: myres}\n  auth: {azure: {clientID: c, tenantID: t, oidc: {issuer: 'https://i.example.com', clientIDRef: {name: cid}, clientSecretRef: {name: s}}}}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: gv}\nspec:\n  provider: gcp-vertex-ai\n  endpoint: {region: global}\n  auth: {gcp: {projectName: my-project, workloadIdentityFederation: {projectID: p, workloadIdentityPoolName: pool, workloadIdentityProviderName: prov, serviceAccountName: sa, oidc: {issuer: 'https://i.example.com', clientID: c, clientSecretRef: {name: s}}}}}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: ga}\nspec:\n  provider: gcp-anthropic\n  endpoint: {region: us-east5}\n  auth: {gcp: {projectName: my-project, credentialsSecretRef: {name: sa}}}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: local}\nspec:\n  provider: openai-compatible\n  endpoint: {service: {name: vllm, namespace: models, port: 8000}}\n  headerMutation: {set: [{name: x-team, value: a}], remove: [x-debug]}\n  bodyMutation: {set: [{path: temperature, value: '0.2'}, {path: user, value: plain}], remove: [stream_options]}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: custom}\nspec:\n  schema: {name: OpenAI, prefix: /v2}\n  endpoint: {hostname: llm.example.com., port: 8443}\n  tls: {enabled: true, hostname: llm.example.com, caCertificateRefs: [ca-a, ca-b]}\n  labels: {team: a}\n  annotations: {example.com/owner: me}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: co}\nspec:\n  provider: cohere\n  tls: {enabled: true}\n  auth: {secretRef: {name: k}}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: mr}\nspec:\n  provider: aws-bedrock\n  endpoint: {regions: [us-east-1, eu-west-1]}\n  auth: {override: {fromDynamicMetadata: {namespace: envoy.filters.http.ext_authz, key: aws, fallbackToConfigured: false}}}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: mr}\nspec:\n  provider: gcp-anthropic\n  endpoint: {regions: [us-east5, global]}\n  auth: {gcp: {projectName: my-project}, override: {fromRequestHeaders: {header: x-gcp-token}}}\n",
	"apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: ov}\nspec:\n  provider: azure-openai\n  schema: {version: 2025-01-01-preview}\n  endpoint: {resource: myres}\n  auth: {secretRef: {name: k}, override: {fromRequestHeaders: {}}}\n",
}

// decodeGenerateRegressions are inputs the fuzzer (or a reviewer) found to
// break an invariant once; each replays on every go test.
var decodeGenerateRegressions = []struct {
	note, input string
}{
	// (none yet)
}

// TestDecodeGenerateSeedsGenerate checks that the seeds above are valid
// specs (so the fuzzer starts past validation) and that the CRDs loaded.
func TestDecodeGenerateSeedsGenerate(t *testing.T) {
	std, exp := validators(t)
	t.Logf("CRDs: %s (%d served versions), experimental: %s (%d)", crdStdDir, len(std.Kinds()), crdExpDirUsed, len(exp.Kinds()))
	n := 0
	for i, s := range fuzzSeeds {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			objs := checkSpec(t, []byte(s))
			if objs == nil {
				node, _ := parseYAML([]byte(s))
				spec, errs := generator.Decode(node)
				_, gerrs := generator.Generate(spec)
				t.Fatalf("seed %d is not a valid spec: %v %v", i, errs, gerrs)
			}
			n += len(objs)
		})
	}
	t.Logf("%d objects generated from %d seeds, all CRD-valid", n, len(fuzzSeeds))
}
