// Command mutationcheck proves that the fast test layer can fail: it applies
// each deliberate product-code mutation of mutations.go to a temporary copy
// of the repository, runs the tests chosen to catch it, and requires them to
// fail; first it runs every chosen test selection on the unmutated copy,
// which must pass (otherwise a failure would prove nothing). It prints one line per mutation and `killed N of M`, and exits
// non-zero when a mutation survives (the tests passed with it) or no longer
// applies (its anchor is gone or matches more than once, or the mutated code
// does not compile): a stale mutation must be fixed, never counted as killed.
//
// A mutation is located by symbol, not by line: a function, method
// (Type.Method) or package-level variable of one file, and inside it one
// expression or statement given as Go source (compared with all white space
// removed). Refactors that move code keep the mutation valid; a change of
// the anchored code makes it fail loudly.
//
// Run it with `make mutation-check` (mk/mutation.mk); `-list` prints the
// mutations, `-only NAME` runs one.
package main
