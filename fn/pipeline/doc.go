// Package pipeline is the function's core, from the input bytes to the
// output bytes, in one direction:
//
//	bytes ──read──▶ read.Table ──decide──▶ decide.Plan ──write──▶ bytes
//
// Run picks the route, and the route is only how bytes are read and
// written: block-style YAML takes read.Fast and write.Bytes (untouched items
// are copied, never parsed), anything else read.Full and write.Tree (every
// item through kyaml). Both hand the same Table to the one decide.Decide.
// A Fast table can decline (a row it needs cannot be parsed alone, or the
// plan cannot be written as bytes); the input then takes the full route, so
// every message comes from one place. AIGW_BACKEND_ENGINE=full (Options)
// forces the full route: a difference between the two is a bug.
//
// Whatever happens, the answer holds every input item: every error after
// the input was read, and any panic, ends in write.GiveBack.
package pipeline
