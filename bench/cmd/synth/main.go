// Command synth writes a synthetic ResourceList for the aigw-backend
// benchmarks (package bench) to stdout, or checks a function's output.
//
//	synth -items 10000 -spec-config > in.yaml     10 000 items + 1 spec
//	synth -specs 1000 -kptfile > specs.yaml        1 000 in-package specs
//	synth -items 10000 -spec-config -expect        print the expected output item count
//	synth -items 10000 -spec-config -check out.yaml
//	                                               parse out.yaml and fail unless it is a
//	                                               ResourceList with the expected items
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/aigw-dev/aigw-backend/bench"
)

func main() {
	var o bench.Options
	flag.IntVar(&o.Items, "items", 0, "ordinary package items (Deployments, Services, ConfigMaps)")
	flag.BoolVar(&o.SpecConfig, "spec-config", false, "one AIBackendSpec (openai) as functionConfig")
	flag.IntVar(&o.InPackageSpecs, "specs", 0, "in-package AIBackendSpec items")
	flag.BoolVar(&o.Existing, "existing", false, "hand-written Backend and AIServiceBackend to patch")
	flag.BoolVar(&o.Kptfile, "kptfile", false, "a Kptfile item first")
	flag.BoolVar(&o.Small, "small", false, "small ConfigMaps as the ordinary items")
	flag.IntVar(&o.FlowItems, "flow", 0, "flow-style items in the middle of the ordinary items")
	flag.BoolVar(&o.NoFinalNewline, "no-final-newline", false, "no line break at the end of the input")
	flag.BoolVar(&o.JSON, "json", false, "the ResourceList as JSON")
	expect := flag.Bool("expect", false, "print the expected number of output items instead of the input")
	check := flag.String("check", "", "parse this output ResourceList and check its items against the input")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "synth: unexpected arguments (see -help)")
		os.Exit(2)
	}
	switch {
	case *expect:
		fmt.Println(o.Expect().OutputItems)
	case *check != "":
		if err := checkOutput(o, *check); err != nil {
			fmt.Fprintf(os.Stderr, "synth: %s: %v\n", *check, err)
			os.Exit(1)
		}
	default:
		if err := o.Write(os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "synth: %v\n", err)
			os.Exit(1)
		}
	}
}

// checkOutput checks that every input item is in the output, once, and
// that the output has exactly the expected number of items.
func checkOutput(o bench.Options, file string) error {
	out, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	got, err := bench.ParseItems(out)
	if err != nil {
		return err
	}
	in := o.ItemIDs()
	seen := make(map[bench.ItemID]int, len(got))
	for _, id := range got {
		seen[id]++
	}
	for _, id := range in {
		if seen[id] != 1 {
			return fmt.Errorf("input item %s is in the output %d times, want once", id, seen[id])
		}
	}
	if want := o.Expect().OutputItems; len(got) != want {
		return fmt.Errorf("%d items, want %d", len(got), want)
	}
	fmt.Printf("%d items\n", len(got))
	return nil
}
