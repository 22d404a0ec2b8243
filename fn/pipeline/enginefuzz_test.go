package pipeline

import (
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/fn/read"
)

// minComparedShare is the floor of the share of generated packages the
// fast path must take (and so the differential tests really compare): a
// generator whose packages mostly fall back to the full path would prove
// nothing about the fast one.
const minComparedShare = 0.5

// engineDiff runs both engines on in, as Run would choose between them.
// compared reports whether the fast path took the input, so that two
// outputs were held against each other; diff says how they differ ("" when
// they agree): exit code, stderr lines, the items (values, order and
// comments), the results and the functionConfig.
func engineDiff(in []byte) (compared bool, diff string) {
	l, ok := read.List(in)
	if !ok {
		return false, ""
	}
	fast, ok := runFast(l, Options{})
	if !ok {
		return false, ""
	}
	return true, outputDiff(fast, runFull(in, Options{}))
}

// outputDiff compares the outputs of the fast (a) and full (b) engines.
func outputDiff(a, b Output) string {
	if a.ExitCode != b.ExitCode {
		return fmt.Sprintf("exit codes differ: fast %d, full %d\nfast stderr: %q\nfull stderr: %q", a.ExitCode, b.ExitCode, a.Stderr, b.Stderr)
	}
	if !reflect.DeepEqual(a.Stderr, b.Stderr) {
		return fmt.Sprintf("stderr differs:\nfast: %q\nfull: %q", a.Stderr, b.Stderr)
	}
	x, err := fuzzDecode(a.ResourceList)
	if err != nil {
		return fmt.Sprintf("the fast path's output does not parse: %v\n%s", err, a.ResourceList)
	}
	y, err := fuzzDecode(b.ResourceList)
	if err != nil {
		return fmt.Sprintf("the full path's output does not parse: %v\n%s", err, b.ResourceList)
	}
	for i, what := range []string{"items", "results", "functionConfig", "item comments"} {
		if !reflect.DeepEqual(x[i], y[i]) {
			return fmt.Sprintf("%s differ:\n--- fast\n%s\n--- full\n%s", what, a.ResourceList, b.ResourceList)
		}
	}
	return ""
}

// itemComments lists the comment lines under n, sorted: the engines must
// keep every comment (none lost, changed or doubled), but where one lands
// is layout, and kyaml's parser moves some. A comment line between two
// items, when the next one starts "- # head", is read as the foot comment
// of that item's first key, so the full path writes it after that key; the
// fast path keeps it where the user wrote it (found by FuzzEnginesAgree;
// see TestEngineClass4UntouchedValuesStay/comment-before-a-head-comment).
func itemComments(n *yaml.Node) []string {
	var out []string
	add := func(s string) {
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		add(n.HeadComment)
		for _, c := range n.Content {
			walk(c)
		}
		add(n.LineComment)
		add(n.FootComment)
	}
	walk(n)
	sort.Strings(out)
	return out
}

// FuzzEnginesAgree is the structure-aware differential fuzz of the two
// engines: the fuzzer's bytes choose a package from the grammar of
// pkggen_test.go (so its mutations move through packages kpt and kustomize
// write, not through broken YAML), and whenever the fast path takes it the
// outputs must agree (engineDiff). Run it with
//
//	go test -run '^$' -fuzz '^FuzzEnginesAgree$' -fuzztime 30s ./fn
//
// With AIGW_FUZZ_STATS=DIR every fuzzing process writes how many packages
// it generated and compared; `make fuzz-smoke` sums them and fails under
// minComparedShare (mk/fuzz.mk). TestGeneratedPackagesAgree holds the same
// floor in every `go test`.
func FuzzEnginesAgree(f *testing.F) {
	rng := rand.New(rand.NewSource(3))
	f.Add([]byte{})
	for i := 0; i < 32; i++ {
		b := make([]byte, 32+rng.Intn(200))
		rng.Read(b)
		f.Add(b)
	}
	stats := newFuzzStats("FuzzEnginesAgree")
	f.Fuzz(func(t *testing.T, b []byte) {
		in := genPackage(b)
		compared, diff := engineDiff(in)
		stats.record(compared)
		if diff != "" {
			t.Fatalf("%s\n--- input\n%s", diff, in)
		}
	})
}

// TestGeneratedPackagesAgree runs a fixed set of generated packages through
// both engines: they must agree on every one, and the fast path must take
// at least minComparedShare of them.
func TestGeneratedPackagesAgree(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 400
	}
	rng := rand.New(rand.NewSource(17))
	compared, failed := 0, 0
	for i := 0; i < n; i++ {
		b := make([]byte, 16+rng.Intn(240))
		rng.Read(b)
		in := genPackage(b)
		ok, diff := engineDiff(in)
		if ok {
			compared++
		}
		if diff != "" {
			failed++
			if failed <= 3 {
				t.Errorf("package %d (bytes %x):\n%s\n--- input\n%s", i, b, diff, in)
			}
		}
	}
	t.Logf("compared %d of %d generated packages (%.0f %%); %d differed", compared, n, 100*float64(compared)/float64(n), failed)
	if float64(compared) < minComparedShare*float64(n) {
		t.Errorf("the fast path took only %d of %d generated packages, under the floor of %.0f %%: the differential test would compare too little", compared, n, 100*minComparedShare)
	}
}
