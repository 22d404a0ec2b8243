// Package write turns a decide.Plan into the output ResourceList. It makes
// no decision: what is written is the plan's, in the plan's order.
//
// Two writers, one per reader:
//   - Bytes, over read.Fast's table: the bytes around the items and every
//     item the plan keeps unchanged are copied from the input; patched and
//     new objects are encoded (emitSimple for the plain shapes the
//     generator makes, kyaml's encoder for the rest).
//   - Tree, over read.Full's table: the whole list through kyaml's encoder.
//
// Both pass every result through one choke point (redaction and plain
// words) before it is written, and both end in an Output: the bytes, one
// stderr line per error or warning, and the exit code. GiveBack is the one
// exit of every error after the input was read: every item as it came.
package write
