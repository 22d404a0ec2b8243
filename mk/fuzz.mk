# Fuzzing (Go native). Targets and seed corpora:
#   FuzzDecodeGenerate  generator/fuzz_test.go   generator/testdata/fuzz/FuzzDecodeGenerate/
#   FuzzRun             fn/fuzz_test.go          fn/testdata/fuzz/FuzzRun/
#   FuzzFastVsFull      fn/differential_test.go  fn/testdata/fuzz/FuzzFastVsFull/
#                       (the fast path's output must equal the full path's)
#   FuzzParse           fn/rawlist/rawlist_test.go fn/rawlist/testdata/fuzz/FuzzParse/
# A crash found while fuzzing is written by Go into the corpus directory above
# and replays on every `go test`; turn it into a named regression case
# (decodeGenerateRegressions / runRegressions / engines_test.go) before
# committing.

.PHONY: fuzz-smoke fuzz

# FUZZTIME is per target. The smoke run keeps the total near a minute on 2
# cores, excluding the first (instrumented) build of each test binary.
FUZZTIME ?= 15s
# FUZZ_LONG is the per-target time of `make fuzz` (a longer local session).
FUZZ_LONG ?= 10m
FUZZ_TARGETS := ./generator:FuzzDecodeGenerate ./fn:FuzzRun ./fn:FuzzFastVsFull ./fn/rawlist:FuzzParse
# FUZZMINIMIZE bounds the minimisation of each new interesting input (Go's
# default is 60s): a short smoke run must spend its time exploring.
FUZZMINIMIZE ?= 1s

# fuzz_run runs one target: $(1) = package, $(2) = fuzz function, $(3) = time.
# The exec count of the run is echoed at the end (for the record).
define fuzz_run
	@echo "fuzz: $(2) in $(1) for $(3)"
	@log=$$(mktemp); \
	if ! go test -run '^$$' -fuzz '^$(2)$$' -fuzztime $(3) -fuzzminimizetime $(FUZZMINIMIZE) -parallel 2 $(1) >"$$log" 2>&1; then \
		cat "$$log"; rm -f "$$log"; exit 1; \
	fi; \
	grep -E '^fuzz: elapsed: ' "$$log" | tail -1 | sed 's/^/  $(2): /'; rm -f "$$log"

endef

## fuzz-smoke: run each fuzz target for $(FUZZTIME) (part of make test)
fuzz-smoke:
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(word 1,$(subst :, ,$(t))),$(word 2,$(subst :, ,$(t))),$(FUZZTIME)))

## fuzz: run each fuzz target for $(FUZZ_LONG)
fuzz:
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(word 1,$(subst :, ,$(t))),$(word 2,$(subst :, ,$(t))),$(FUZZ_LONG)))

TEST_DEPS += fuzz-smoke
