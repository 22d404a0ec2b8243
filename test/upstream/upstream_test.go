// Package upstream runs the function's output through the upstream
// controllers' own translation: Envoy AI Gateway's (`aigw run`, with a
// stand-in Envoy that dumps the xDS configuration Envoy Gateway serves) and
// Envoy Gateway's (`egctl x translate`, for the statuses). It proves that the
// generated objects mean what the contract promises, not only that the CRDs
// accept them. Run it with `make upstream-check` (docs/upstream.md).
package upstream

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testCase is one package: the specs the function is run on, what the
// contract promises for its (single) backend, and how far it can go offline.
type testCase struct {
	name  string
	specs []string // relative to the repository root
	want  contract
	stage stage
	// mutate edits the function's output before the package is built, and
	// mutatePackage the built package (negative controls only).
	mutate        func([]obj) []obj
	mutatePackage func([]obj) []obj
	dropSecrets   bool
	// wantFail, for a negative control, is the assertion it must make fail
	// (by ID): the control must fail for the reason it targets.
	wantFail assertionID
	// breaks says how the control breaks the package (docs/upstream.md).
	breaks string
}

var cases = []testCase{
	{
		name:  "openai",
		specs: []string{"examples/openai/aibackendspec.yaml"},
		want:  contract{endpoint: "api.openai.com:443", tls: true, schema: "OpenAI", prefix: "v1", auth: "apiKey"},
	},
	{
		name:  "anthropic",
		specs: []string{"examples/anthropic/aibackendspec.yaml"},
		// No prefix in the catalog: AI Gateway's default ("v1") applies.
		want: contract{endpoint: "api.anthropic.com:443", tls: true, schema: "Anthropic", prefix: "v1", auth: "anthropicAPIKey"},
	},
	{
		name:  "aws-bedrock-credentials-file",
		specs: []string{"examples/aws-bedrock/aibackendspec.yaml"},
		want:  contract{endpoint: "bedrock-runtime.us-east-1.amazonaws.com:443", tls: true, schema: "AWSBedrock", auth: "aws"},
	},
	{
		name:  "aws-bedrock-default-chain",
		specs: []string{"test/upstream/testdata/aws-bedrock-default-chain.yaml"},
		want:  contract{endpoint: "bedrock-runtime.us-west-2.amazonaws.com:443", tls: true, schema: "AWSBedrock", auth: "aws", awsChainOnly: true},
	},
	{
		name:  "gemini-prefix",
		specs: []string{"examples/gemini/aibackendspec.yaml"},
		want:  contract{endpoint: "generativelanguage.googleapis.com:443", tls: true, schema: "OpenAI", prefix: "/v1beta/openai", auth: "apiKey"},
	},
	{
		name:  "in-cluster-service",
		specs: []string{"examples/in-cluster-ollama/aibackendspec.yaml"},
		want:  contract{endpoint: "ollama.ollama.svc.cluster.local:11434", tls: false, schema: "OpenAI", prefix: "/v1"},
	},
	{
		name:  "custom-ca",
		specs: []string{"test/upstream/testdata/custom-ca.yaml"},
		want:  contract{endpoint: "llm.internal.example.com:8443", tls: true, caConfigMap: "internal-ca", schema: "OpenAI", prefix: "/v1", auth: "apiKey"},
	},
	{
		name:  "mutations",
		specs: []string{"examples/mutations/aibackendspec.yaml"},
		want: contract{endpoint: "api.openai.com:443", tls: true, schema: "OpenAI", prefix: "v1", auth: "apiKey",
			// As examples/mutations/aibackendspec.yaml asks (header names
			// compare case-insensitively).
			headerMutation: map[string]any{
				"set": []any{
					map[string]any{"name": "OpenAI-Organization", "value": "org-example"},
					map[string]any{"name": "OpenAI-Project", "value": "proj_example"},
				},
				"remove": []any{"x-internal-user"},
			},
			bodyMutation: map[string]any{
				"set": []any{
					map[string]any{"path": "service_tier", "value": "flex"},
					map[string]any{"path": "max_completion_tokens", "value": "4096"},
					map[string]any{"path": "metadata", "value": `{"team": "search"}`},
				},
				"remove": []any{"user"},
			},
		},
	},
	{
		// aigw v1.0 reads AIServiceBackend and BackendSecurityPolicy into its
		// v1beta1 Go types whatever their apiVersion (the fields the function
		// writes are the same in both), so this proves the v1alpha1 objects
		// carry the same meaning, not that a v0.5 controller accepts them.
		name:  "v1alpha1-target",
		specs: []string{"test/upstream/testdata/v1alpha1-target.yaml"},
		want:  contract{endpoint: "api.openai.com:443", tls: true, schema: "OpenAI", prefix: "v1", auth: "apiKey"},
	},
	{
		name:  "azure-openai-api-key",
		specs: []string{"test/upstream/testdata/azure-openai-api-key.yaml"},
		want:  contract{endpoint: "my-company-openai.openai.azure.com:443", tls: true, schema: "AzureOpenAI", version: "2024-10-21", auth: "azureAPIKey"},
	},
	{
		// GCPCredentials without a key Secret: Application Default
		// Credentials. AI Gateway writes its filter config, then its
		// external processor looks for Google credentials on the machine,
		// finds none offline and aigw exits before Envoy Gateway starts.
		name:  "gcp-vertex-ai-adc",
		specs: []string{"test/upstream/testdata/gcp-vertex-ai-adc.yaml"},
		want:  contract{endpoint: "us-central1-aiplatform.googleapis.com:443", tls: true, schema: "GCPVertexAI", auth: "gcp"},
		stage: aigwStage,
	},
	{
		name:  "azure-openai-entra-id",
		specs: []string{"examples/azure-openai/aibackendspec.yaml"},
		want:  contract{endpoint: "my-company-openai.openai.azure.com:443", tls: true, schema: "AzureOpenAI", version: "2024-10-21", auth: "azure"},
		stage: secretLookupStage,
	},
	{
		name:  "gcp-vertex-ai",
		specs: []string{"examples/gcp-vertex-ai/aibackendspec.yaml"},
		want:  contract{endpoint: "us-central1-aiplatform.googleapis.com:443", tls: true, schema: "GCPVertexAI", auth: "gcp"},
		stage: secretLookupStage,
	},
}

// missing is the project's missing-binary policy (internal/tooltest.Missing,
// which this separate module cannot import without linking the function
// module): skip with the reason on a developer's machine, fail under
// CI=true, so CI can never pass by skipping.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: "+format, args...)
		return
	}
	t.Skipf("skipped: "+format+" (with CI=true this fails)", args...)
}

func loadBins(t *testing.T) bins {
	t.Helper()
	b := bins{
		function: os.Getenv(envFunction),
		aigw:     os.Getenv(envAIGW),
		egctl:    os.Getenv(envEgctl),
		xdsdump:  os.Getenv(envXDSDump),
	}
	for env, p := range map[string]string{envFunction: b.function, envAIGW: b.aigw, envEgctl: b.egctl, envXDSDump: b.xdsdump} {
		if p == "" {
			missing(t, "%s is not set: run `make upstream-check` from the repository root, which builds the upstream tools and sets it", env)
		}
		if !fileExists(p) {
			t.Fatalf("%s=%s does not exist", env, p)
		}
	}
	return b
}

func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Clean(filepath.Join(wd, "..", ".."))
}

// generate runs the function binary on the case's specs.
func generate(t *testing.T, b bins, tc testCase) []obj {
	t.Helper()
	root := repoRoot(t)
	var args []string
	for _, s := range tc.specs {
		args = append(args, filepath.Join(root, s))
	}
	cmd := exec.Command(b.function, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", b.function, tc.specs, err, stderr.String())
	}
	objs, err := parseDocs(out)
	if err != nil {
		t.Fatalf("parsing the function's output: %v", err)
	}
	return objs
}

// runCase builds the package, runs the upstream translations and returns
// what the checks found.
func runCase(t *testing.T, b bins, tc testCase) *checker {
	t.Helper()
	ours := generate(t, b, tc)
	if tc.mutate != nil {
		ours = tc.mutate(ours)
	}
	c := &checker{}
	if tc.stage == secretLookupStage {
		// AI Gateway v1.0's standalone mode keeps the package's Secrets where
		// the Azure/GCP credential code does not look, so its policy
		// controller stops at the Secret lookup: assert it looked up the
		// Secret we referenced, then check everything else without the policy.
		sets := backendSets(ours)
		if len(sets) != 1 || sets[0].bsp == nil {
			t.Fatalf("want one AIServiceBackend with a BackendSecurityPolicy in the output of %v", tc.specs)
		}
		refs := secretRefs(sets[0].bsp)
		pkg, _, err := buildPackage(ours, false)
		if err != nil {
			t.Fatal(err)
		}
		r := translate(t, b, c, pkg, aigwStage)
		if r != nil {
			for _, ref := range refs {
				c.check(idPolicySecretLookup,
					strings.Contains(r.log, fmt.Sprintf("secrets %q not found", ref.name)),
					"the log does not show a lookup of Secret %q:\n%s", ref.name, tail(r.log, 15))
			}
		}
		c.failures = filterOut(c.failures, idAIGWRun)
		var rest []obj
		for _, o := range ours {
			if o.kind() != "BackendSecurityPolicy" {
				rest = append(rest, o)
			}
		}
		ours = rest
		tc.want.auth = ""
		tc.stage = fullStage
	}
	sets := backendSets(ours)
	if len(sets) != 1 {
		t.Fatalf("want exactly one AIServiceBackend in the output of %v, got %d", tc.specs, len(sets))
	}
	pkg, fx, err := buildPackage(ours, tc.dropSecrets)
	if err != nil {
		t.Fatal(err)
	}
	if tc.mutatePackage != nil {
		pkg = tc.mutatePackage(pkg)
	}
	r := translate(t, b, c, pkg, tc.stage)
	if r == nil {
		return c
	}
	checkAIGateway(c, r, sets[0], fx, tc.want)
	if tc.stage == fullStage {
		checkEnvoy(c, r, sets[0], fx, tc.want)
		start := time.Now()
		eg, err := runEgctl(b, r.resources, r.dir, runTimeout())
		c.check(idEgctl, err == nil, "%v", err)
		if eg != nil {
			checkStatuses(c, eg, sets[0])
		}
		t.Logf("timing: egctl x translate %s", time.Since(start).Round(100*time.Millisecond))
	}
	if len(c.failures) > 0 && testing.Verbose() {
		t.Logf("aigw log tail:\n%s", tail(r.log, 30))
	}
	return c
}

// translate runs aigw on a package.
func translate(t *testing.T, b bins, c *checker, pkg []obj, st stage) *aigwRun {
	t.Helper()
	pkgYAML, err := renderDocs(pkg)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r, err := runAIGW(b, pkgYAML, st == fullStage, runTimeout())
	if r != nil && os.Getenv(envKeep) == "" {
		t.Cleanup(func() { _ = os.RemoveAll(r.dir) })
	} else if r != nil {
		t.Logf("run directory kept: %s", r.dir)
	}
	t.Logf("timing: aigw run %s (stage %s)", time.Since(start).Round(100*time.Millisecond), st)
	c.check(idAIGWRun, err == nil, "%v", err)
	return r
}

func filterOut(l []failure, id assertionID) []failure {
	var out []failure
	for _, f := range l {
		if f.id != id {
			out = append(out, f)
		}
	}
	return out
}

// TestUpstreamTranslation runs every case; they share fixed ports, so they
// run one after the other.
func TestUpstreamTranslation(t *testing.T) {
	b := loadBins(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := runCase(t, b, tc)
			for _, f := range c.failures {
				t.Error(f.String())
			}
			switch tc.stage {
			case aigwStage:
				t.Logf("asserted at AI Gateway's translation stage only (written resources and filter config): Google credentials cannot be found offline")
			case secretLookupStage:
				t.Logf("credentials asserted at AI Gateway's policy controller only (it looked up the referenced Secret; standalone aigw cannot read it and a real token exchange needs the network); everything else asserted in full without the policy")
			}
			t.Logf("asserted (%d): %s", len(c.asserted), strings.Join(dedupe(c.asserted), "; "))
		})
	}
}

func dedupe(l []assertionID) []string {
	seen := map[assertionID]bool{}
	var out []string
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, string(s))
		}
	}
	return out
}
