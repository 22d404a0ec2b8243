package pipeline_test

// FuzzRun feeds arbitrary bytes to fn.Run as if they were stdin. Whatever
// the input, Run must not panic (nor report an "internal error", which is
// how Run surfaces a recovered panic), must exit 0 or 1, and must write a
// ResourceList. On exit 1 there is an error result and the items come back
// unchanged; on exit 0 there is none, the same input gives the same bytes,
// running on the output changes nothing, items of other kinds pass through
// unchanged, and every object the run created is accepted by the upstream
// CRDs.
//
// Seeds: testdata/fuzz/FuzzRun (the golden inputs) and every case of the
// bad-input catalogue. Run it with
//
//	go test -run '^$' -fuzz '^FuzzRun$' -fuzztime 30s ./fn
//
// (make fuzz-smoke runs it briefly). A crash found by the fuzzer is written
// to testdata/fuzz/FuzzRun/ by Go and replays on every go test; also add it
// to runRegressions below with a note.

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/pipeline"
	"github.com/aigw-dev/aigw-backend/internal/crdvalidate"
)

const maxRunFuzzInput = 32 << 10

// runRegressions are inputs that once broke an invariant of FuzzRun; each
// now passes every check and stays here so the defect cannot come back.
var runRegressions = []struct {
	note, input string
}{
	{note: "found by FuzzRun: invalid YAML (an undefined tag handle) in an unknown top-level field of a package without specs",
		input: "kind: ResourceList\n0:\n  !0!"},
	{note: "the same with a well-formed header and an item",
		input: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\nx:\n  !0!\n"},
	{note: "found by FuzzRun: the same with a scalar functionConfig: exit 1, but the output copies the broken header and is not YAML",
		input: "kind: ResourceList\n0:\n  !0!\nfunctionConfig: 0"},
	{note: "found by FuzzRun: an undefined tag handle inside an item the fast path passes through",
		input: "kind: ResourceList\nitems:\n- 0: !0!"},
	{note: "the same in a flow collection of a realistic item",
		input: qaRL("- {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: ai}}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: d, namespace: ai}\n  data: {k: !a!b v}\n"+qaItems, qaSpec(qaOpenAI))},
	{note: "found while fixing the above: an unknown escape in a double-quoted value of an item the fast path passes through",
		input: qaRL("- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: d, namespace: ai}\n  data:\n    k: \"a\\qb\"\n"+qaItems, qaSpec(qaOpenAI))},
	{note: "found by FuzzRun: an item whose metadata is a list crashed kyaml's metadata getters",
		input: "kind: ResourceList\nitems:\n-  #000000000000000\n  metadata: \n  -"},
	{note: "the same next to a valid spec: the odd items pass through in place, the objects are generated",
		input: qaRL("- apiVersion: gateway.envoyproxy.io/v1alpha1\n  kind: Backend\n  metadata: [demo]\n"+qaItems+"- kind: X\n  metadata: scalar\n", qaSpec(qaOpenAI))},
	{note: "found by FuzzRun: metadata.annotations as a one-element list crashed kyaml's GetAnnotations",
		input: "kind: ResourceList\nitems:\n- 0: 0\n  metadata:\n    0: 0\n    annotations: [{}]"},
	{note: "the same on a generated kind, a spec and its functionConfig",
		input: qaRL("- apiVersion: gateway.envoyproxy.io/v1alpha1\n  kind: Backend\n  metadata: {name: demo, namespace: ai, labels: [x], annotations: [{}]}\n"+qaItems, qaSpecDoc("name: demo\nnamespace: ai\nannotations: [{}]", qaOpenAI))},
	{note: "found by FuzzRun: an implicit null in a flow mapping item became ''",
		input: "kind: ResourceList\nitems:\n- {0}"},
	{note: "found by FuzzRun: an anchored implicit null key became ''",
		input: "kind: ResourceList\nitems:\n- 0000:\n  &0000000:\n   "},
	{note: "the same in a realistic package: a flow-style Deployment next to a spec",
		input: qaRL("- {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: ai}, spec: {replicas: , paused: ~}}\n"+qaItems, qaSpec(qaOpenAI))},
	{note: "the same on a failed run, whose items must come back unchanged",
		input: qaRL("- {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: ai}, data: {k: }}\n"+qaItems, qaSpec("provider: opnai\n"))},
}

// TestRunRegressions replays runRegressions through every FuzzRun check.
func TestRunRegressions(t *testing.T) {
	for i, r := range runRegressions {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			out := pipeline.Run([]byte(r.input))
			if !qaIsYAML(r.input) && out.ExitCode != 1 {
				t.Fatalf("%s: input is not YAML but exit code is %d; output:\n%s", r.note, out.ExitCode, out.ResourceList)
			}
			qaCheckRun(t, []byte(r.input))
		})
	}
}

// qaIsYAML reports whether b parses as a YAML stream.
func qaIsYAML[T string | []byte](b T) bool {
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	for {
		var v any
		err := dec.Decode(&v)
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

func FuzzRun(f *testing.F) {
	for _, c := range badCatalogue() {
		f.Add([]byte(c.in))
	}
	f.Add([]byte(qaRL(qaItems, qaSpec(qaOpenAI))))
	f.Add([]byte(qaRL(qaItems, qaSpec(qaOpenAI+"tls: {enabled: false}\n"))))
	for _, r := range runRegressions {
		f.Add([]byte(r.input))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxRunFuzzInput {
			return
		}
		qaCheckRun(t, data)
	})
}

// qaCheckRun checks every invariant of one Run on arbitrary input.
func qaCheckRun(t *testing.T, data []byte) {
	t.Helper()
	out := pipeline.Run(data)
	if out.ExitCode != 0 && out.ExitCode != 1 {
		t.Fatalf("exit code %d", out.ExitCode)
	}
	doc, err := qaParse(out.ResourceList)
	if err != nil || doc.Kind != "ResourceList" {
		t.Fatalf("output is not a ResourceList (%v):\n%s", err, qaHead(out.ResourceList))
	}
	// The output keeps the input's apiVersion (a fast path may copy the
	// header verbatim) or writes config.kubernetes.io/v1.
	if doc.APIVersion != "config.kubernetes.io/v1" {
		if in, err := qaParse(data); err != nil || in.APIVersion != doc.APIVersion {
			t.Fatalf("output apiVersion %q is neither config.kubernetes.io/v1 nor the input's", doc.APIVersion)
		}
	}
	var errs []qaResult
	for _, r := range doc.Results {
		if strings.Contains(r.Message, "internal error") {
			t.Fatalf("Run recovered from a crash: %s", r)
		}
		if r.Severity == "error" {
			errs = append(errs, r)
		}
	}
	if out.ExitCode == 1 {
		if len(errs) == 0 {
			t.Fatalf("exit 1 without an error result:\n%s", qaHead(out.ResourceList))
		}
		if len(out.Stderr) < len(errs) {
			t.Fatalf("%d error results but %d stderr lines", len(errs), len(out.Stderr))
		}
		if !qaUnreadable(errs) {
			if in, err := qaParse(data); err == nil && in.Kind == "ResourceList" {
				qaAssertItemsUnchanged(t, data, out.ResourceList)
			}
		}
		return
	}
	if len(errs) > 0 {
		t.Fatalf("exit 0 with error results:\n%s", qaResults(errs))
	}
	again := pipeline.Run(data)
	if string(again.ResourceList) != string(out.ResourceList) || again.ExitCode != 0 {
		t.Fatalf("not deterministic:\n%s\n---\n%s", qaHead(out.ResourceList), qaHead(again.ResourceList))
	}
	second := pipeline.Run(out.ResourceList)
	if second.ExitCode != 0 || string(second.ResourceList) != string(out.ResourceList) {
		t.Fatalf("not idempotent (exit %d, stderr %q):\n--- first output\n%s\n--- second output\n%s",
			second.ExitCode, second.Stderr, qaHead(out.ResourceList), qaHead(second.ResourceList))
	}
	if in, err := qaParse(data); err == nil && in.Kind == "ResourceList" {
		qaAssertPassThrough(t, data, out.ResourceList)
		created := qaCreated(in, doc)
		for _, n := range created {
			if err := qaValidateNode(t, n); err != nil {
				t.Fatalf("created object rejected by the upstream CRD: %v\n%s", err, qaEncode(n))
			}
		}
	}
}

// qaUnreadable reports whether the errors say the input was not a readable
// ResourceList at all (then there are no items to return).
func qaUnreadable(errs []qaResult) bool {
	for _, r := range errs {
		if r.filePath() == "" && r.fieldPath() == "" &&
			(strings.HasPrefix(r.Message, "input ") || strings.HasPrefix(r.Message, "no input")) {
			return true
		}
	}
	return false
}

// qaKey identifies an item by apiVersion group, kind, namespace and name.
func qaKey(n *yaml.Node) string {
	var apiVersion, kind, name, ns string
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		switch k {
		case "apiVersion":
			apiVersion = v.Value
		case "kind":
			kind = v.Value
		case "metadata":
			if v.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(v.Content); j += 2 {
					switch v.Content[j].Value {
					case "name":
						name = v.Content[j+1].Value
					case "namespace":
						ns = v.Content[j+1].Value
					}
				}
			}
		}
	}
	group, _, _ := strings.Cut(apiVersion, "/")
	if !strings.Contains(apiVersion, "/") {
		group = ""
	}
	if ns == "" {
		ns = "default"
	}
	return group + "|" + kind + "|" + ns + "|" + name
}

// qaCreated returns the output items of generated kinds that have no
// counterpart in the input (objects the run created from scratch).
func qaCreated(in, out *qaDoc) []*yaml.Node {
	had := map[string]bool{}
	for i := range in.Items {
		had[qaKey(&in.Items[i])] = true
	}
	var created []*yaml.Node
	for i := range out.Items {
		n := &out.Items[i]
		if qaGeneratedKind(n) && !had[qaKey(n)] {
			created = append(created, n)
		}
	}
	return created
}

var (
	qaCRDOnce         sync.Once
	qaCRDStd, qaCRDEx *crdvalidate.Validator
	qaCRDErr          error
	qaCRDDirs         string
)

// qaValidators loads the upstream CRDs once: the default (standard channel)
// set and the experimental-channel BackendTLSPolicy that serves v1alpha3.
func qaValidators(tb testing.TB) (std, experimental *crdvalidate.Validator) {
	tb.Helper()
	qaCRDOnce.Do(func() {
		var dir string
		qaCRDStd, dir, qaCRDErr = crdvalidate.LoadDefault()
		if qaCRDErr != nil {
			return
		}
		root, err := crdvalidate.RepoRoot()
		if err != nil {
			qaCRDErr = err
			return
		}
		exp := filepath.Join(root, "testdata", "crds", "experimental")
		qaCRDEx, qaCRDErr = crdvalidate.Load(exp)
		qaCRDDirs = dir + " + " + exp
	})
	if qaCRDErr != nil {
		tb.Fatalf("loading CRDs: %v", qaCRDErr)
	}
	return qaCRDStd, qaCRDEx
}

// qaValidateNode validates one output item as a create request against the
// CRD of its kind; a v1alpha3 BackendTLSPolicy goes to the experimental CRD
// (the standard channel does not serve v1alpha3).
func qaValidateNode(tb testing.TB, n *yaml.Node) error {
	tb.Helper()
	std, exp := qaValidators(tb)
	var m map[string]any
	if err := n.Decode(&m); err != nil {
		return fmt.Errorf("decoding: %w", err)
	}
	v := std
	if m["kind"] == "BackendTLSPolicy" && m["apiVersion"] == "gateway.networking.k8s.io/v1alpha3" {
		v = exp
	}
	return v.Validate(m).Err()
}
