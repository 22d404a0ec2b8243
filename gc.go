package main

import (
	"runtime/debug"
)

// gcPercent is the garbage collector target for small inputs unless the
// user sets GOGC. A run is short (read the list, write it back) and its
// heap is mostly live until the output is written, so the default target
// (100) spends much of a run marking objects that are all still in use
// (docs/performance.md has the figures).
const gcPercent = 400

// lazyGCMaxInput is the largest input that gets gcPercent. A run's heap
// grows with its input: under this size the lazier collector costs a few
// MB of peak memory at most, while on a large package it adds to the peak
// RSS, the resource big packages run out of first, for little time
// (docs/performance.md: 1 000 specs, their steady state and 10 000 items,
// with and without).
const lazyGCMaxInput = 1 << 20

// tuneGC applies gcPercent to a run whose input has inputSize bytes, when
// GOGC is not set in the environment: an explicit GOGC (including
// GOGC=off) still wins, as with any Go program.
func tuneGC(lookupEnv func(string) (string, bool), inputSize int) (percent int, applied bool) {
	if _, set := lookupEnv("GOGC"); set || inputSize > lazyGCMaxInput {
		return 0, false
	}
	debug.SetGCPercent(gcPercent)
	return gcPercent, true
}
