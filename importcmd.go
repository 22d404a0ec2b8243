package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aigw-dev/aigw-backend/importer"
	"github.com/aigw-dev/aigw-backend/internal/redact"
)

// runImport is `aigw-backend import FILE...`: specs on stdout, one line per
// correction, note, warning or error on stderr; exit 0 when every backend
// object was imported, 1 when some could not be, 2 on usage errors.
// aiGatewayVersion is what main read from the environment.
func runImport(args []string, stdin io.Reader, stdout, stderr io.Writer, aiGatewayVersion string) int {
	opt, files, quiet, help, msg := parseImportArgs(args)
	opt.AIGatewayVersion = aiGatewayVersion
	switch {
	case help:
		fmt.Fprint(stdout, importUsage)
		return 0
	case msg != "":
		// msg quotes the user's argument: it goes through the redaction
		// policy like every other line import prints
		fmt.Fprintf(stderr, "aigw-backend import: %s\n", redact.String(msg))
		return 2
	}
	var inputs []importer.Input
	for _, a := range files {
		var data []byte
		var err error
		if a == "-" {
			data, err = io.ReadAll(stdin)
			a = "stdin"
		} else {
			data, err = os.ReadFile(a)
		}
		if err != nil {
			fmt.Fprintf(stderr, "error: %s\n", redact.String(err.Error()))
			return 1
		}
		inputs = append(inputs, importer.Input{File: a, Data: data})
	}
	res := importer.Import(inputs, opt)
	out, err := res.Marshal()
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "error: writing stdout: %v\n", err)
		return 1
	}
	for _, l := range res.Messages(quiet) {
		fmt.Fprintln(stderr, l)
	}
	if res.Failed {
		return 1
	}
	return 0
}

// parseImportArgs reads the flags and files of import; a non-empty message
// is a usage error.
func parseImportArgs(args []string) (opt importer.Options, files []string, quiet, help bool, msg string) {
	value := func(i *int, a, name string) (string, bool) {
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
		if a == name && *i+1 < len(args) {
			*i++
			return args[*i], true
		}
		return "", false
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if v, ok := value(&i, a, "--for"); ok {
			opt.For = v
			continue
		}
		if v, ok := value(&i, a, "--exec"); ok {
			opt.Exec = v
			continue
		}
		if v, ok := value(&i, a, "--image"); ok {
			opt.Image = v
			continue
		}
		switch {
		case a == "-h" || a == "--help":
			return opt, nil, false, true, ""
		case a == "-q" || a == "--quiet":
			quiet = true
		case strings.HasPrefix(a, "-") && a != "-":
			return opt, nil, false, false, fmt.Sprintf("unknown flag %q (see aigw-backend import --help)", a)
		default:
			files = append(files, a)
		}
	}
	switch {
	case opt.For != "" && opt.For != importer.ForKustomize && opt.For != importer.ForKpt:
		return opt, nil, false, false, fmt.Sprintf("--for is %q; write --for kustomize or --for kpt", opt.For)
	case (opt.Exec != "" || opt.Image != "") && opt.For != importer.ForKustomize:
		return opt, nil, false, false, "--exec and --image say how kustomize runs the function: use them with --for kustomize (kpt names the function in the Kptfile)"
	case opt.Exec != "" && opt.Image != "":
		return opt, nil, false, false, "give --exec PATH or --image REF, not both"
	case len(files) == 0:
		return opt, nil, false, false, "usage: aigw-backend import [--for kustomize [--exec PATH|--image REF]|--for kpt] [-q] FILE.yaml..."
	}
	return opt, files, quiet, false, ""
}

// importUsage is the help of the import command.
const importUsage = `aigw-backend import — turn hand-written AI Gateway backend YAML into AIBackendSpecs

Usage:
  aigw-backend import FILE.yaml...   (- reads stdin)
  aigw-backend import [flags] FILE.yaml...

Flags:
  --for kustomize      also write the config.kubernetes.io/function annotation,
                       so the spec runs listed under generators: (default exec
                       path: aigw-backend, looked up on PATH)
    --exec PATH        ... with this exec path (relative to the kustomization)
    --image REF        ... or this container image
  --for kpt            kpt's form: local-config only (the Kptfile names the
                       function)
  -q, --quiet          one note per file and kind for skipped objects

Reads Backend, AIServiceBackend (v1alpha1, v1beta1), BackendTLSPolicy (v1,
v1alpha3) and BackendSecurityPolicy objects, groups them by their references
(AIServiceBackend -> Backend -> BackendTLSPolicy; BackendSecurityPolicy ->
AIServiceBackend) and prints one AIBackendSpec per AIServiceBackend on stdout;
the per-region sets of one multi-region backend (<name>-<region>) come back
as one spec with endpoint.regions.

stderr has one line per event, "SEVERITY: FILE: KIND NAMESPACE/NAME: FIELD: MESSAGE":
  corrected  the spec fixes what AI Gateway would reject or misread
  note       skipped objects (routes, Secrets...), renamed or split objects
  warning    imported as written, but probably not what was meant
  error      not imported, or not without loss

Exit codes: 0 every backend object was imported, 1 some could not be
(each is named on stderr), 2 usage error.
`
