package main

import (
	"runtime/debug"
)

// gcPercent is the garbage collector target the function runs with unless
// the user sets GOGC. A run is short (read the list, write it back) and
// its heap is mostly live until the output is written, so the default
// target (100) spends a third of a run over 1 000 in-package specs
// marking objects that are all still in use. 400 trades a little peak
// memory (about a fifth more on 10 000 specs, under a tenth on a 10 000
// item package whose objects are copied as bytes) for that time.
const gcPercent = 400

// tuneGC applies gcPercent when GOGC is not set in the environment, so an
// explicit GOGC (including GOGC=off) still wins, as with any Go program.
func tuneGC(lookupEnv func(string) (string, bool)) (percent int, applied bool) {
	if _, set := lookupEnv("GOGC"); set {
		return 0, false
	}
	debug.SetGCPercent(gcPercent)
	return gcPercent, true
}
