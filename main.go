// Command aigw-backend is a KRM function that turns an AIBackendSpec into
// the Envoy AI Gateway backend resource set. It is thin on purpose: read
// stdin (or spec files for a quick look), run package fn, write stdout,
// echo problems to stderr, exit non-zero on error.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/aigw-dev/aigw-backend/fn/decide"
	"github.com/aigw-dev/aigw-backend/fn/pipeline"
	"github.com/aigw-dev/aigw-backend/internal/redact"
	"github.com/aigw-dev/aigw-backend/lint"
)

// usage is the --help text (also what `kpt fn doc` shows for the image). The
// README's "Command line" section holds a copy that TestHelpMatchesREADME
// keeps equal.
const usage = `aigw-backend — generate Envoy AI Gateway backends from an AIBackendSpec

Usage:
  aigw-backend < resourcelist.yaml   KRM function mode (kustomize, kpt): read a
                                     ResourceList on stdin, write one on stdout
  aigw-backend FILE.yaml...          quick look: print the objects generated from
                                     the AIBackendSpec(s) in FILE as a YAML stream
  aigw-backend import FILE.yaml...   turn hand-written AI Gateway backend objects
                                     into AIBackendSpecs (see import --help)
  aigw-backend check FILE|-          check a rendered build (kustomize build
                                     output): dangling references, missing
                                     Secrets, lint; exit 1 on any error
  aigw-backend kustomizeconfig       print the kustomize name-reference
                                     configuration (--component: its Component)
  aigw-backend schema                print the JSON Schema of AIBackendSpec
  aigw-backend --version             print the version
  aigw-backend --help                print this help

From kustomize (exec function; needs --enable-alpha-plugins --enable-exec):
  generators: [aibackendspec.yaml]   (not resources:, which yields nothing)
  and on the spec the annotations
    config.kubernetes.io/local-config: "true"
    config.kubernetes.io/function: |
      exec:
        path: aigw-backend           (a bare name is looked up on PATH)

  whole-build check: the last transformers: entry, a file holding
    apiVersion: fn.aigw.dev/v1alpha1
    kind: AIBackendCheck               (same annotations; never validators:,
    metadata: {name: check}             which kustomize refuses for exec)

From kpt:
  kpt fn eval DIR --exec aigw-backend --fn-config aibackendspec.yaml
  kpt fn render DIR --allow-exec       (Kptfile pipeline step, in-package specs;
                                        the AIBackendCheck as a validators: step)

Smallest AIBackendSpec:
  apiVersion: fn.aigw.dev/v1alpha1
  kind: AIBackendSpec
  metadata: {name: openai, namespace: ai-gateway}
  spec:
    provider: openai
    auth: {secretRef: {name: openai-api-key}}

Exit codes: 0 success, 1 invalid input (every problem is listed on stderr and
in the ResourceList results; input items are returned unchanged).
`

func main() {
	tune := func(size int) { tuneGC(os.LookupEnv, size) }
	os.Exit(runWith(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, tune, readEnvironment(os.Getenv)))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runWith(args, stdin, stdout, stderr, nil, environment{})
}

// environment holds the environment variables the program reads, read
// once by main: no other package reads the environment.
type environment struct {
	engine           string // pipeline.EngineEnv
	aiGatewayVersion string // lint.EnvAIGatewayVersion
}

func readEnvironment(getenv func(string) string) environment {
	return environment{engine: getenv(pipeline.EngineEnv), aiGatewayVersion: getenv(lint.EnvAIGatewayVersion)}
}

// runWith is run with a hook that sees the input size before the function
// runs (main tunes the garbage collector with it; tests leave it nil so
// the test process keeps its own settings) and the environment main read.
func runWith(args []string, stdin io.Reader, stdout, stderr io.Writer, onInput func(size int), env environment) int {
	if len(args) > 0 {
		switch args[0] {
		case "import":
			return runImport(args[1:], stdin, stdout, stderr, env.aiGatewayVersion)
		case "check":
			return checkMain(args[1:], stdin, stderr, env.aiGatewayVersion)
		case "kustomizeconfig", "schema":
			return printAsset(args[0], args[1:], stdout, stderr)
		}
	}
	var files []string
	for _, a := range args {
		switch a {
		case "-h", "--help", "help":
			fmt.Fprint(stdout, usage)
			return 0
		case "--version", "version":
			fmt.Fprintf(stdout, "aigw-backend %s\n", currentVersion())
			return 0
		default:
			if len(a) > 1 && a[0] == '-' {
				fmt.Fprintf(stderr, "aigw-backend: unknown flag %q (see --help)\n", redact.String(a))
				return 2
			}
			files = append(files, a)
		}
	}
	if len(files) > 0 {
		return quickLook(files, stdout, stderr, decide.Options{AIGatewayVersion: env.aiGatewayVersion})
	}
	in, err := io.ReadAll(io.LimitReader(stdin, pipeline.MaxInputBytes+1))
	if err != nil {
		fmt.Fprintf(stderr, "aigw-backend: reading stdin: %v\n", err)
		return 1
	}
	if onInput != nil {
		onInput(len(in))
	}
	eng, err := pipeline.ParseEngine(env.engine)
	if err != nil {
		fmt.Fprintf(stderr, "aigw-backend: %v\n", err)
		return 2
	}
	out := pipeline.RunWith(in, pipeline.Options{Engine: eng, AIGatewayVersion: env.aiGatewayVersion})
	if _, err := stdout.Write(out.ResourceList); err != nil {
		fmt.Fprintf(stderr, "aigw-backend: writing stdout: %v\n", err)
		return 1
	}
	for _, line := range out.Stderr {
		fmt.Fprintln(stderr, line)
	}
	return out.ExitCode
}

func quickLook(files []string, stdout, stderr io.Writer, opt decide.Options) int {
	inputs := make(map[string][]byte, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "aigw-backend: %s\n", redact.String(err.Error()))
			return 1
		}
		inputs[f] = b
	}
	out, lines, code := preview(files, inputs, opt)
	for _, line := range lines {
		fmt.Fprintln(stderr, line)
	}
	if code == 0 {
		if _, err := stdout.Write(out); err != nil {
			fmt.Fprintf(stderr, "aigw-backend: writing stdout: %v\n", err)
			return 1
		}
	}
	return code
}
