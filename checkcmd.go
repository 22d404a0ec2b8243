package main

import (
	"fmt"
	"io"
	"os"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"

	"github.com/aigw-dev/aigw-backend/fn/pipeline"
	"github.com/aigw-dev/aigw-backend/fn/write"
	"github.com/aigw-dev/aigw-backend/internal/check"
	"github.com/aigw-dev/aigw-backend/internal/redact"
)

const checkUsage = `usage: aigw-backend check [--secrets error|warning|ignore] FILE...|-
checks a rendered build (a YAML stream such as the output of kustomize build,
or a ResourceList) for references among AI Gateway backend objects that
resolve to nothing, Secrets the policies read that are not in the build
(--secrets, default warning), namespace mismatches and every lint rule.
Prints one line per finding on stderr; exit 1 on any error, 0 otherwise.
  kustomize build --enable-alpha-plugins --enable-exec DIR | aigw-backend check -
`

// checkMain is `aigw-backend check`.
func checkMain(args []string, stdin io.Reader, stderr io.Writer, aiGatewayVersion string) int {
	var files []string
	secrets := ""
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-h" || a == "--help":
			fmt.Fprint(stderr, checkUsage)
			return 0
		case a == "--secrets" && i+1 < len(args):
			i++
			secrets = args[i]
		case len(a) > len("--secrets=") && a[:len("--secrets=")] == "--secrets=":
			secrets = a[len("--secrets="):]
		case a != "-" && len(a) > 0 && a[0] == '-':
			fmt.Fprintf(stderr, "aigw-backend check: unknown flag %q\n%s", redact.String(a), checkUsage)
			return 2
		default:
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		fmt.Fprint(stderr, "aigw-backend check: name a FILE, or - for stdin\n"+checkUsage)
		return 2
	}
	switch secrets {
	case "", check.SecretsWarning, check.SecretsError, check.SecretsIgnore:
	default:
		fmt.Fprintf(stderr, "aigw-backend check: --secrets is %q; write error, warning or ignore\n", redact.String(secrets))
		return 2
	}
	var inputs []check.Input
	for _, f := range files {
		in, err := readInput(f, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "aigw-backend check: %s\n", redact.String(err.Error()))
			return 1
		}
		inputs = append(inputs, in)
	}
	res, err := check.Stream(inputs, check.Options{Secrets: secrets, AIGatewayVersion: aiGatewayVersion})
	if err != nil {
		fmt.Fprintf(stderr, "aigw-backend check: %s\n", redact.String(err.Error()))
		return 1
	}
	errs, warns := 0, 0
	for _, r := range res {
		fmt.Fprintln(stderr, write.Format(r))
		switch r.Severity {
		case sdk.Error:
			errs++
		case sdk.Warning:
			warns++
		}
	}
	fmt.Fprintf(stderr, "aigw-backend check: %d error(s), %d warning(s)\n", errs, warns)
	if errs > 0 {
		return 1
	}
	return 0
}

// readInput reads a file, or stdin for "-", within the function's input limit.
func readInput(name string, stdin io.Reader) (check.Input, error) {
	in := check.Input{Label: name}
	var err error
	if name == "-" {
		in.Label = "stdin"
		in.Data, err = io.ReadAll(io.LimitReader(stdin, pipeline.MaxInputBytes+1))
	} else {
		in.Data, err = os.ReadFile(name)
	}
	if err == nil && len(in.Data) > pipeline.MaxInputBytes {
		err = fmt.Errorf("more than the %d-byte limit", pipeline.MaxInputBytes)
	}
	if err != nil {
		return in, fmt.Errorf("reading %s: %w", in.Label, err)
	}
	return in, nil
}
