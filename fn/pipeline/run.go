package pipeline

import (
	"bytes"
	"fmt"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"

	"github.com/aigw-dev/aigw-backend/fn/decide"
	"github.com/aigw-dev/aigw-backend/fn/rawlist"
	"github.com/aigw-dev/aigw-backend/fn/read"
	"github.com/aigw-dev/aigw-backend/fn/write"
	"github.com/aigw-dev/aigw-backend/internal/check"
)

// Output is what one run produces: the output ResourceList (always
// written, also on failure, so orchestrators can show the results), one
// stderr line per error or warning result, and the exit code.
type Output = write.Output

// MaxInputBytes bounds the input; larger input fails fast with a clear error.
const MaxInputBytes = 256 << 20

// Run processes one serialized ResourceList with the default options.
func Run(input []byte) Output { return RunWith(input, Options{}) }

// RunWith processes one serialized ResourceList. Whatever happens inside,
// the answer holds every input item: a panic becomes an error result over
// the unchanged items (write.Guard), and so does every error after the
// input was read.
func RunWith(input []byte, opt Options) Output {
	return write.Guard(input, func() Output { return run(input, opt) })
}

func run(input []byte, opt Options) Output {
	if len(input) > MaxInputBytes {
		return write.Failure(fmt.Sprintf("input is %d bytes, more than the %d-byte limit", len(input), MaxInputBytes))
	}
	doc, docs, _ := read.OneDocument(input)
	switch {
	case doc != nil:
		input = doc
	case len(docs) > 1:
		return refuseStream(docs)
	case len(docs) == 1:
		// the one non-empty document, re-emitted alone
		if b, err := write.Document(docs[0]); err == nil {
			input = b
		}
	default:
		input = nil // only empty documents
	}
	if len(bytes.TrimSpace(input)) == 0 {
		return write.Failure("no input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin")
	}
	if check.IsConfig(input) {
		// an AIBackendCheck functionConfig: the whole-build check, which
		// returns the input unchanged with its results
		return write.Finish(check.ResourceList(input, check.Options{AIGatewayVersion: opt.AIGatewayVersion}))
	}
	if opt.Engine != engineFull {
		if l, ok := read.List(input); ok {
			if out, ok := runFast(l, opt); ok {
				return out
			}
		}
	}
	return runFull(input, opt)
}

// runFast is the pipeline over the block reader and the byte writer. ok is
// false when a row decide needs cannot be read alone, or the plan cannot
// be written as bytes: the input then takes runFull, so that error
// messages come from one place.
func runFast(l *rawlist.List, opt Options) (Output, bool) {
	t, ok := read.FromList(l, write.Echo)
	if !ok {
		return Output{}, false
	}
	p, err := decide.Decide(t, decide.Options{AIGatewayVersion: opt.AIGatewayVersion})
	if err != nil {
		return Output{}, false
	}
	return write.Bytes(t, p)
}

// runFull is the pipeline over the full reader and the tree writer: the
// reference route, for input the block reader does not model.
func runFull(input []byte, opt Options) Output {
	t, err := read.Full(input)
	if err != nil {
		// unreadable as a ResourceList by the SDK; if it still is one to
		// kyaml, its items come back with the error
		return write.GiveBack(input, sdk.Results{{Severity: sdk.Error, Message: err.Error()}})
	}
	p, err := decide.Decide(t, decide.Options{AIGatewayVersion: opt.AIGatewayVersion})
	if err != nil {
		// every row of a full table has its tree: this cannot happen
		return write.GiveBack(input, sdk.Results{{Severity: sdk.Error, Message: fmt.Sprintf("internal error (please report it with your input): %v", err)}})
	}
	return write.Tree(input, t, p)
}
