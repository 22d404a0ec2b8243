# Fuzzing (Go native). Targets and seed corpora:
#   FuzzDecodeGenerate  generator/fuzz_test.go   generator/testdata/fuzz/FuzzDecodeGenerate/
#   FuzzRun             fn/pipeline/fuzz_test.go fn/pipeline/testdata/fuzz/FuzzRun/
#   FuzzFastVsFull      fn/pipeline/differential_test.go fn/pipeline/testdata/fuzz/FuzzFastVsFull/
#                       (the fast path's output must equal the full path's;
#                       byte-level: most mutated inputs are not ResourceLists)
#   FuzzEnginesAgree    fn/pipeline/enginefuzz_test.go fn/pipeline/testdata/fuzz/FuzzEnginesAgree/
#                       (the same comparison on packages from a grammar of
#                       what kpt and kustomize send; at least half compared)
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
FUZZ_TARGETS := ./generator:FuzzDecodeGenerate ./fn/pipeline:FuzzRun ./fn/pipeline:FuzzFastVsFull ./fn/pipeline:FuzzEnginesAgree ./fn/rawlist:FuzzParse
# The differential targets count, in every fuzzing process, the inputs they
# were given and how many both engines ran on and compared
# (AIGW_FUZZ_STATS, fn/fuzzstats_test.go); the run prints the sum. Under
# FUZZ_MIN_SHARE percent compared, a target in FUZZ_FLOOR_TARGETS fails.
FUZZ_FLOOR_TARGETS := FuzzEnginesAgree
FUZZ_MIN_SHARE     ?= 50
# FUZZMINIMIZE bounds the minimisation of each new interesting input (Go's
# default is 60s): a short smoke run must spend its time exploring.
FUZZMINIMIZE ?= 1s

# fuzz_run runs one target: $(1) = package, $(2) = fuzz function, $(3) = time.
# The exec count of the run is echoed at the end (for the record). A run
# that fails only with "context deadline exceeded" and writes no failing
# input hit Go's fuzz coordinator race (go.dev/issue/75804, fixed in Go
# 1.27, not in the 1.26 toolchain this module builds with): it is reported,
# not failed. Any failing input still fails the target.
define fuzz_run
	@echo "fuzz: $(2) in $(1) for $(3)"
	@log=$$(mktemp); stats=$$(mktemp -d); \
	if ! AIGW_FUZZ_STATS="$$stats" go test -run '^$$' -fuzz '^$(2)$$' -fuzztime $(3) -fuzzminimizetime $(FUZZMINIMIZE) -parallel 2 $(1) >"$$log" 2>&1; then \
		if grep -qx '    context deadline exceeded' "$$log" && ! grep -q 'Failing input written' "$$log"; then \
			echo "  $(2): the fuzz time ran out while a worker was busy (Go's fuzz coordinator race, go.dev/issue/75804, fixed in Go 1.27): no failing input, not a failure"; \
		else \
			cat "$$log"; rm -rf "$$log" "$$stats"; exit 1; \
		fi; \
	fi; \
	grep -E '^fuzz: elapsed: ' "$$log" | tail -1 | sed 's/^/  $(2): /'; rm -f "$$log"; \
	if ls "$$stats"/*.txt >/dev/null 2>&1; then \
		cat "$$stats"/*.txt | awk -v t='$(2)' -v min='$(FUZZ_MIN_SHARE)' -v floor='$(filter $(2),$(FUZZ_FLOOR_TARGETS))' \
			'$$1 == "generated" { g += $$2 } $$1 == "compared" { c += $$2 } \
			END { s = g ? 100 * c / g : 0; printf "  %s: compared %d of %d inputs (%.1f %%)\n", t, c, g, s; \
			if (floor != "" && s < min) { printf "  %s: under the floor of %d %% compared\n", t, min; exit 1 } }' \
			|| { rm -rf "$$stats"; exit 1; }; \
	elif [ -n '$(filter $(2),$(FUZZ_FLOOR_TARGETS))' ]; then \
		echo "  $(2): wrote no counts (AIGW_FUZZ_STATS): the compared share cannot be checked" >&2; rm -rf "$$stats"; exit 1; \
	fi; rm -rf "$$stats"

endef

## fuzz-smoke: run each fuzz target for $(FUZZTIME) (part of make test)
fuzz-smoke:
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(word 1,$(subst :, ,$(t))),$(word 2,$(subst :, ,$(t))),$(FUZZTIME)))

## fuzz: run each fuzz target for $(FUZZ_LONG)
fuzz:
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(word 1,$(subst :, ,$(t))),$(word 2,$(subst :, ,$(t))),$(FUZZ_LONG)))

TEST_DEPS += fuzz-smoke
