// Command sdk-passthrough is the baseline of the aigw-backend benchmarks
// (bench/, docs/performance.md): a KRM function written with the Go SDK
// that changes nothing. It costs exactly the SDK floor every SDK-based
// function pays: fn.ParseResourceList on stdin and ResourceList.ToYAML on
// stdout (which also sorts the items), with a no-op processor between.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/kptdev/krm-functions-sdk/go/fn"
)

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "sdk-passthrough: reading stdin: %v\n", err)
		os.Exit(1)
	}
	noop := fn.ResourceListProcessorFunc(func(*fn.ResourceList) (bool, error) { return true, nil })
	out, err := fn.Run(noop, in)
	if _, werr := os.Stdout.Write(out); werr != nil {
		fmt.Fprintf(os.Stderr, "sdk-passthrough: writing stdout: %v\n", werr)
		os.Exit(1)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "sdk-passthrough: %v\n", err)
		os.Exit(1)
	}
}
