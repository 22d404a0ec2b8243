# Performance on big packages and in real pipelines (docs/performance.md).
#
#   make bench        Go benchmarks (fn.Run and the Go SDK floor on the same
#                     synthetic packages, ratios in one run) and bench/cli.sh
#                     (end-to-end wall time and peak RSS of bin/aigw-backend
#                     vs bin/sdk-passthrough vs cat, with PASS/FAIL per target)
#   make bench-go     only the Go benchmarks (BENCH=regexp, BENCHTIME=1s, COUNT=1)
#   make bench-cli    only bench/cli.sh (RUNS, RUNS_LARGE, RSS_RUNS: see the script)
#   make bench-e2e    bench/e2e.sh: the function inside `kustomize build` (N
#                     generators vs trivial generators vs plain resources) and
#                     `kpt fn render` (vs cat and the SDK pass-through), ratios
#                     from interleaved runs (RUNS, RUNS_LARGE, SIZES, ITEMS)
#   make bench-smoke  every Go benchmark once (-benchtime=1x, -short skips the
#                     10 000-item sizes), no timing asserted; part of `make test`
#
# The correctness tests of bench/ (10 000 items + 1 spec, 1 000 in-package
# specs, patching hand-written objects) are ordinary Go tests: go-test runs them.

BENCH     ?= .
BENCHTIME ?= 1s
COUNT     ?= 1

.PHONY: bench bench-go bench-cli bench-e2e bench-smoke

## bench: Go benchmarks, bench/cli.sh and bench/e2e.sh (the tables of docs/performance.md); one after the other even under -j
bench:
	$(MAKE) --no-print-directory bench-go
	$(MAKE) --no-print-directory bench-cli
	$(MAKE) --no-print-directory bench-e2e

bench-go:
	go test -run '^$$' -bench '$(BENCH)' -benchmem -benchtime=$(BENCHTIME) -count=$(COUNT) ./bench/

bench-cli:
	bench/cli.sh

bench-e2e:
	bench/e2e.sh

bench-smoke:
	go test -count=1 -short -run '^$$' -bench . -benchtime=1x ./bench/

TEST_DEPS += bench-smoke
