// Command kpt is a minimal kpt CLI that carries only the `kpt fn` command
// group (render, eval, source, sink, doc) of kpt v1.0.0-beta.61.
//
// The full kpt module cannot be built here: its go.mod requires
// github.com/kptdev/kpt/rollouts@v0.0.0-20250604154015-93477536a4dd, which the
// Go module proxy refuses. Importing only github.com/kptdev/kpt/commands/fn
// avoids that module. The wiring below mirrors kpt's own main.go and
// run/run.go (printer in the context, silenced cobra errors, errors resolved
// through pkg/lib/errors/resolver).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/kptdev/kpt/commands/fn"
	kpterrors "github.com/kptdev/kpt/pkg/lib/errors"
	"github.com/kptdev/kpt/pkg/lib/errors/resolver"
	"github.com/kptdev/kpt/pkg/lib/util/cmdutil"
	"github.com/kptdev/kpt/pkg/printer"
	"github.com/spf13/cobra"
	"sigs.k8s.io/kustomize/kyaml/commandutil"
)

const kptModule = "github.com/kptdev/kpt"

func main() {
	os.Exit(run(context.Background(), os.Args[1:]))
}

func run(ctx context.Context, args []string) int {
	// Real kpt enables kyaml's alpha commands unconditionally.
	_ = os.Setenv(commandutil.EnableAlphaCommmandsEnvName, "true")

	root := &cobra.Command{
		Use:   "kpt",
		Short: "kpt fn (render, eval, source, sink, doc), built from " + kptModule + " " + kptVersion(),
		// Errors are printed by handleErr, as in kpt's main.go.
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Usage()
		},
	}
	root.PersistentFlags().BoolVar(&printer.TruncateOutput, "truncate-output", true,
		"Enable the truncation for output")
	root.PersistentFlags().BoolVar(&cmdutil.StackOnError, "stack-trace", false,
		"Print a stack-trace on failure")

	ctx = printer.WithContext(ctx, printer.New(os.Stdout, os.Stderr))
	root.AddCommand(fn.GetCommand(ctx, "kpt"))
	root.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print the version of the kpt module this binary was built from",
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintln(cmd.OutOrStdout(), kptVersion())
		},
	})
	root.SetArgs(args)

	if err := root.ExecuteContext(ctx); err != nil {
		return handleErr(root, err)
	}
	return 0
}

// handleErr prints err the way kpt's main.go does and returns the exit code.
func handleErr(cmd *cobra.Command, err error) int {
	if re, ok := resolver.ResolveError(err); ok {
		if re.Message != "" {
			fmt.Fprintf(cmd.ErrOrStderr(), "%s \n", re.Message)
		}
		return re.ExitCode
	}
	var kptErr *kpterrors.Error
	if errors.As(err, &kptErr) {
		if unwrapped, ok := kpterrors.UnwrapErrors(kptErr); ok && !cmdutil.PrintErrorStacktrace() {
			fmt.Fprintf(cmd.ErrOrStderr(), "Error: %s \n", unwrapped.Error())
			return 1
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "%s \n", kptErr.Error())
		return 1
	}
	// kpt hands the rest to kubectl's CheckErr; a plain message is enough here.
	fmt.Fprintf(cmd.ErrOrStderr(), "Error: %v\n", err)
	return 1
}

// kptVersion reports the version of the kpt module linked into this binary.
func kptVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == kptModule {
				if m.Replace != nil {
					return m.Replace.Version
				}
				return m.Version
			}
		}
	}
	return "unknown"
}
