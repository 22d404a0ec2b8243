package bench

import (
	"fmt"
	"sync"
	"testing"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/pipeline"
	"github.com/aigw-dev/aigw-backend/generator"
)

// Benchmarks (docs/performance.md). Names are benchstat-friendly, and the
// SDK baseline runs on the same inputs in the same run, so ratios come from
// one run:
//
//	go test -run '^$' -bench . -benchmem ./bench/ | tee new.txt
//	benchstat -col .name -row /items,/specs new.txt     # Run vs SDKPassThrough
//
// -short skips the 10 000-item sizes (make bench-smoke runs every benchmark
// once that way so they cannot rot; it asserts no timing).

// packages are the inputs measured by BenchmarkRun and BenchmarkSDKPassThrough.
var packages = []Options{
	{Items: 1, SpecConfig: true},
	{Items: 100, SpecConfig: true},
	{Items: 1000, SpecConfig: true},
	{Items: 10000, SpecConfig: true},
	{InPackageSpecs: 1000, Kptfile: true},
}

var inputs sync.Map // Options -> []byte

// steady is the package as a kpt package holds it after its first render:
// the 1 000 in-package specs and the objects the function wrote for them.
var steady = struct {
	name string
	o    Options
}{"steady/specs=1000", Options{InPackageSpecs: 1000, Kptfile: true}}

// rendered returns the (cached) output of the function on o: re-rendering
// it changes nothing.
func rendered(b *testing.B, o Options) []byte {
	out := pipeline.Run(input(o))
	if out.ExitCode != 0 {
		b.Fatalf("exit code %d: %v", out.ExitCode, out.Stderr)
	}
	return out.ResourceList
}

// input returns the (cached) serialized package for o.
func input(o Options) []byte {
	if b, ok := inputs.Load(o); ok {
		return b.([]byte)
	}
	b, _ := inputs.LoadOrStore(o, Generate(o))
	return b.([]byte)
}

func skipLarge(b *testing.B, o Options) {
	if testing.Short() && o.Items+o.InPackageSpecs > 5000 {
		b.Skip("-short: skipping the 10 000-item size")
	}
}

// BenchmarkRun is the whole function in process: fn.Run on the serialized
// ResourceList, as main calls it (reading stdin and writing stdout aside).
func BenchmarkRun(b *testing.B) {
	for _, o := range packages {
		b.Run(o.Name(), func(b *testing.B) {
			skipLarge(b, o)
			benchRun(b, input(o))
		})
	}
	b.Run(steady.name, func(b *testing.B) { benchRun(b, rendered(b, steady.o)) })
}

// shapes pairs each input shape that once sent the whole input to a full
// parse with its block-style twin; BenchmarkShapes runs both in the same
// run, so benchstat gives the ratio (docs/performance.md: at most 2x).
var shapes = []struct{ twin, shape Options }{
	{Options{Items: 20000, SpecConfig: true}, Options{Items: 20000, SpecConfig: true, FlowItems: 1}},
	{Options{Items: 20000, SpecConfig: true}, Options{Items: 20000, SpecConfig: true, NoFinalNewline: true}},
	{Options{Items: 20000, SpecConfig: true}, Options{Items: 20000, SpecConfig: true, JSON: true}},
	{Options{Items: 100000, Small: true, SpecConfig: true}, Options{Items: 100000, Small: true, SpecConfig: true, JSON: true}},
}

// BenchmarkShapes is BenchmarkRun on the input shapes and their twins
// (-short: a tenth of the items).
func BenchmarkShapes(b *testing.B) {
	done := map[Options]bool{}
	for _, p := range shapes {
		for _, o := range []Options{p.twin, p.shape} {
			if done[o] {
				continue
			}
			done[o] = true
			if testing.Short() {
				o.Items /= 10
			}
			b.Run(o.Name(), func(b *testing.B) { benchRun(b, input(o)) })
		}
	}
}

// benchRun times fn.Run on one serialized ResourceList.
func benchRun(b *testing.B, in []byte) {
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		out := pipeline.Run(in)
		if out.ExitCode != 0 {
			b.Fatalf("exit code %d: %v", out.ExitCode, out.Stderr)
		}
	}
}

// BenchmarkSDKPassThrough is the floor of any function written with the Go
// SDK: parse the ResourceList and serialize it again, changing nothing
// (what tools/sdkpassthrough does from stdin to stdout).
func BenchmarkSDKPassThrough(b *testing.B) {
	for _, o := range packages {
		b.Run(o.Name(), func(b *testing.B) {
			skipLarge(b, o)
			benchSDK(b, input(o))
		})
	}
	b.Run(steady.name, func(b *testing.B) { benchSDK(b, rendered(b, steady.o)) })
}

// benchSDK times the SDK's parse and serialize of one ResourceList.
func benchSDK(b *testing.B, in []byte) {
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rl, err := sdk.ParseResourceList(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rl.ToYAML(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerate is spec -> objects for one spec of each provider of
// the in-package mix: generator.Decode and generator.Generate on a parsed
// spec node, no ResourceList around it.
func BenchmarkGenerate(b *testing.B) {
	specs, err := specNodes(len(Providers))
	if err != nil {
		b.Fatal(err)
	}
	for i, node := range specs {
		b.Run("provider="+Providers[i].Provider, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				spec, errs := generator.Decode(node)
				if len(errs) > 0 {
					b.Fatal(errs)
				}
				if _, errs := generator.Generate(spec); len(errs) > 0 {
					b.Fatal(errs)
				}
			}
		})
	}
}

// specNodes returns the first n in-package spec items as YAML nodes.
func specNodes(n int) ([]*yaml.RNode, error) {
	rl, err := yaml.Parse(string(Generate(Options{InPackageSpecs: n})))
	if err != nil {
		return nil, err
	}
	items, err := rl.Pipe(yaml.Lookup("items"))
	if err != nil {
		return nil, err
	}
	return items.Elements()
}

// ---- correctness (not timed) ----

// TestProviderObjectCounts keeps Providers (the counts Expect relies on)
// equal to what package generator produces for each provider of the mix.
func TestProviderObjectCounts(t *testing.T) {
	specs, err := specNodes(len(Providers))
	if err != nil {
		t.Fatal(err)
	}
	for i, node := range specs {
		spec, errs := generator.Decode(node)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", Providers[i].Provider, errs)
		}
		res, errs := generator.Generate(spec)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", Providers[i].Provider, errs)
		}
		if got := len(res.Objects); got != Providers[i].Objects {
			t.Errorf("provider %s generates %d objects, bench.Providers says %d", Providers[i].Provider, got, Providers[i].Objects)
		}
	}
}

// TestSynth checks that the generator is deterministic, that its packages
// are what the Go SDK reads as the stated number of items, and that the
// 10 000-item package has the size the issue measured (about 15 MB).
func TestSynth(t *testing.T) {
	for _, o := range []Options{
		{Items: 30, SpecConfig: true},
		{Items: 30, SpecConfig: true, Existing: true},
		{Items: 10, InPackageSpecs: 8, Kptfile: true, Existing: true},
		{Items: 4, InPackageSpecs: 4, Existing: true},
		{},
		{Items: 30, SpecConfig: true, FlowItems: 2},
		{Items: 30, SpecConfig: true, NoFinalNewline: true},
		{Items: 30, SpecConfig: true, JSON: true, FlowItems: 1},
		{Items: 30, Small: true, SpecConfig: true, JSON: true},
		{FlowItems: 1, InPackageSpecs: 2},
	} {
		a, b := Generate(o), Generate(o)
		if string(a) != string(b) {
			t.Fatalf("%s: two runs differ", o.Name())
		}
		rl, err := sdk.ParseResourceList(a)
		if err != nil {
			t.Fatalf("%s: %v", o.Name(), err)
		}
		if got, want := len(rl.Items), o.Expect().InputItems; got != want {
			t.Errorf("%s: the SDK reads %d items, want %d", o.Name(), got, want)
		}
		parsed, err := ParseItems(a)
		if err != nil {
			t.Fatalf("%s: %v", o.Name(), err)
		}
		if got, want := fmt.Sprint(parsed), fmt.Sprint(o.ItemIDs()); got != want {
			t.Errorf("%s: items\n%s\nItemIDs says\n%s", o.Name(), got, want)
		}
	}
	if size := len(Generate(Options{Items: 10000, SpecConfig: true})); size < 14<<20 || size > 17<<20 {
		t.Errorf("10 000 items are %d bytes, want about 15 MB", size)
	}
	if size := len(Generate(Options{Items: 100000, Small: true, SpecConfig: true, JSON: true})); size < 11<<20 || size > 13<<20 {
		t.Errorf("100 000 small items as JSON are %d bytes, want about 12 MB", size)
	}
}

// TestRunShapes checks the function's output on every input shape (small
// sizes): every item kept once, the spec's objects generated.
func TestRunShapes(t *testing.T) {
	for _, p := range shapes {
		o := p.shape
		o.Items = 300
		checkRun(t, o, SpecName)
	}
}

// checkRun runs the function on o and checks the output: exit 0, every
// input item exactly once, exactly the expected number of items, and the
// objects of wantSpecs generated or patched. It returns the output and
// its items.
func checkRun(t *testing.T, o Options, wantSpecs ...string) ([]byte, []ItemID) {
	t.Helper()
	out := pipeline.Run(Generate(o))
	if out.ExitCode != 0 {
		t.Fatalf("%s: exit code %d: %v", o.Name(), out.ExitCode, out.Stderr)
	}
	inIDs := o.ItemIDs() // TestSynth keeps them equal to a parse of the input
	outIDs, err := ParseItems(out.ResourceList)
	if err != nil {
		t.Fatalf("%s: %v", o.Name(), err)
	}
	exp := o.Expect()
	if len(inIDs) != exp.InputItems {
		t.Fatalf("%s: input has %d items, Expect says %d", o.Name(), len(inIDs), exp.InputItems)
	}
	count := make(map[ItemID]int, len(outIDs))
	for _, id := range outIDs {
		count[id]++
	}
	for _, id := range inIDs {
		if count[id] != 1 {
			t.Errorf("%s: input item %s is %d times in the output, want once", o.Name(), id, count[id])
		}
	}
	for _, name := range wantSpecs {
		for _, id := range []ItemID{
			{"gateway.envoyproxy.io/v1alpha1", generator.KindBackend, SpecNamespace, name},
			{"aigateway.envoyproxy.io/v1beta1", generator.KindAIServiceBackend, SpecNamespace, name},
		} {
			if count[id] != 1 {
				t.Errorf("%s: %s is %d times in the output, want once", o.Name(), id, count[id])
			}
		}
	}
	if len(outIDs) != exp.OutputItems {
		t.Errorf("%s: output has %d items, want %d (%d in + %d generated)", o.Name(), len(outIDs), exp.OutputItems, exp.InputItems, exp.Generated)
	}
	return out.ResourceList, outIDs
}

// TestRunLargePackage is the big-package correctness target: the 10 000-item
// package with one spec keeps all its items and gains the spec's 4
// objects. -short uses 1 000 items.
func TestRunLargePackage(t *testing.T) {
	o := Options{Items: 10000, SpecConfig: true}
	if testing.Short() {
		o.Items = 1000
	}
	_, ids := checkRun(t, o, SpecName)
	want := map[ItemID]bool{
		{"gateway.envoyproxy.io/v1alpha1", generator.KindBackend, SpecNamespace, SpecName}:                          true,
		{"aigateway.envoyproxy.io/v1beta1", generator.KindAIServiceBackend, SpecNamespace, SpecName}:                true,
		{"gateway.networking.k8s.io/v1", generator.KindBackendTLSPolicy, SpecNamespace, SpecName + "-tls"}:          true,
		{"aigateway.envoyproxy.io/v1beta1", generator.KindBackendSecurityPolicy, SpecNamespace, SpecName + "-auth"}: true,
	}
	for _, id := range ids[o.Items:] {
		if !want[id] {
			t.Errorf("unexpected generated item %s", id)
		}
		delete(want, id)
	}
	for id := range want {
		t.Errorf("missing generated item %s", id)
	}
}

// TestRunInPackageSpecs: 1 000 in-package specs of four providers, every
// spec's objects generated.
func TestRunInPackageSpecs(t *testing.T) {
	o := Options{InPackageSpecs: 1000, Kptfile: true}
	names := make([]string, o.InPackageSpecs)
	for i := range names {
		names[i] = InPackageSpecName(i)
	}
	checkRun(t, o, names...)
}

// TestRunPatchesExisting: a hand-written Backend and AIServiceBackend with
// the spec's name are patched in place (user fields kept, owned fields
// rewritten), never duplicated; with the spec as functionConfig and in the
// package.
func TestRunPatchesExisting(t *testing.T) {
	for _, o := range []Options{
		{Items: 30, SpecConfig: true, Existing: true},
		{Items: 30, InPackageSpecs: 8, Kptfile: true, Existing: true},
	} {
		t.Run(o.Name(), func(t *testing.T) {
			name := SpecName
			if !o.SpecConfig {
				name = InPackageSpecName(0)
			}
			out, _ := checkRun(t, o, name)
			backend, asb := findItem(t, out, generator.KindBackend, name), findItem(t, out, generator.KindAIServiceBackend, name)
			if got := backend.GetLabels()["team"]; got != "ml-platform" {
				t.Errorf("Backend lost its user label team: %q", got)
			}
			eps, _, _ := backend.NestedSlice("spec", "endpoints")
			if len(eps) != 1 {
				t.Fatalf("Backend has %d endpoints, want 1", len(eps))
			}
			if host, _, _ := eps[0].NestedString("fqdn", "hostname"); host != "api.openai.com" {
				t.Errorf("Backend hostname %q, want api.openai.com (patched)", host)
			}
			if got := asb.GetAnnotations()["example.com/runbook"]; got == "" {
				t.Errorf("AIServiceBackend lost its user annotation")
			}
			if kind, _, _ := asb.NestedString("spec", "backendRef", "kind"); kind != generator.KindBackend {
				t.Errorf("AIServiceBackend backendRef.kind %q, want Backend (patched)", kind)
			}
			if path := backend.GetAnnotations()["config.kubernetes.io/path"]; path != "backends/hand-written.yaml" {
				t.Errorf("patched Backend moved to %q", path)
			}
		})
	}
}

// findItem returns the only item of that kind and name in ai-gateway.
func findItem(t *testing.T, rl []byte, kind, name string) *sdk.KubeObject {
	t.Helper()
	parsed, err := sdk.ParseResourceList(rl)
	if err != nil {
		t.Fatal(err)
	}
	var found []*sdk.KubeObject
	for _, it := range parsed.Items {
		if it.GetKind() == kind && it.GetName() == name && it.GetNamespace() == SpecNamespace {
			found = append(found, it)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d items %s %s/%s, want 1", len(found), kind, SpecNamespace, name)
	}
	return found[0]
}

// TestExpectNames guards the benchmark names used in docs/performance.md.
func TestExpectNames(t *testing.T) {
	for o, want := range map[Options]string{
		{Items: 10000, SpecConfig: true}:      "items=10000",
		{InPackageSpecs: 1000, Kptfile: true}: "items=0/specs=1000",
	} {
		if got := o.Name(); got != want {
			t.Errorf("%+v: name %q, want %q", o, got, want)
		}
	}
}
