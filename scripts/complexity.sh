#!/usr/bin/env bash
# complexity.sh [REV] — how much of the product code is the fast route.
#
# Reports, for the function's product code:
#   - gocyclo total: the sum of the cyclomatic complexity of every function;
#   - the fast-route subtotal (FAST_ROUTE below) and its share in %;
#   - non-test line counts, total and fast route.
#
# Without REV it measures the working tree; with REV (a commit, tag or
# branch) it measures that revision, exported with `git archive` into a
# temporary directory, so an older commit can be compared with today.
#
# Product code is every non-test .go file of the main module, except
# tools/, bench/, test/ (modules and harnesses of their own), testdata,
# the test-only packages under internal/ (internal/*test*,
# internal/mutationcheck, internal/schemagen) and generated or vendored
# code (none today).
#
# gocyclo is the pinned one from the tools module (tools/go.mod `tool`),
# built into bin/ by `make complexity`; GOCYCLO overrides its path.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gocyclo=${GOCYCLO:-$root/bin/gocyclo}
if [[ ! -x $gocyclo ]]; then
	echo "complexity.sh: $gocyclo not found; run 'make complexity' (builds it from tools/go.mod)" >&2
	exit 2
fi

# FAST_ROUTE lists the files whose only reason to exist is the fast route:
# reading and writing ResourceList bytes without a full kyaml parse, or a
# second, faster implementation of something the kyaml route also does.
# Edit the list as files move; a listed file missing at REV is skipped.
FAST_ROUTE=(
	fn/rawlist/*.go      # the byte-level ResourceList reader and writer
	fn/read/fast.go      # the block reader: rows from rawlist's cut
	internal/jsonyaml/*.go # JSON ResourceLists rewritten for the block reader
	fn/write/bytes.go    # the byte writer: untouched items copied
	fn/write/emit.go     # emitSimple: a second YAML emitter for simple trees
	fn/object/jsonnode.go # jsonNode: a second JSON-to-node builder
	fn/decide/setfile.go # appendAnnotations: a faster SetAnnotation for new objects
	fn/decide/steady.go  # asProduced: the steady state without trees
	# the same roles before the split into fn/read, fn/decide and fn/write
	fn/fast.go fn/emit.go fn/jsonnode.go fn/unedited.go fn/setfile.go
)
# Read and left out: fn/read/stream.go (multi-document stdin, both routes),
# fn/decide (the one decision), fn/write/encode.go, nulls.go, tree.go (the
# kyaml route's writer). Before the split, fn/lint.go mixed lint glue with a
# fast-route shortcut (anyUnownedLintCandidate, plainlyOwned, mapValue); it
# counts as shared there.

rev=${1:-}
src=$root
if [[ -n $rev ]]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	git -C "$root" archive --format=tar "$rev" | tar -x -C "$tmp"
	src=$tmp
fi
cd "$src"

product() {
	find . -name '*.go' ! -name '*_test.go' \
		! -path './tools/*' ! -path './bench/*' ! -path './test/*' \
		! -path '*/testdata/*' ! -path './internal/*test*/*' \
		! -path './internal/mutationcheck/*' ! -path './internal/schemagen/*' \
		! -path './.git/*' | sed 's|^\./||' | LC_ALL=C sort
}

fast() {
	local f
	shopt -s nullglob
	for f in "${FAST_ROUTE[@]}"; do
		[[ -f $f && $f != *_test.go ]] && echo "$f"
	done | LC_ALL=C sort -u
}

# cyclo FILE... prints the sum of gocyclo's first column (0 without files).
cyclo() {
	if (($# == 0)); then
		echo 0
		return
	fi
	"$gocyclo" "$@" | awk '{s += $1} END {print s + 0}'
}

lines() {
	if (($# == 0)); then
		echo 0
		return
	fi
	cat "$@" | wc -l | tr -d ' '
}

mapfile -t all < <(product)
mapfile -t fr < <(fast)

total_c=$(cyclo "${all[@]}")
fast_c=$(cyclo "${fr[@]}")
total_l=$(lines "${all[@]}")
fast_l=$(lines "${fr[@]}")
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b ? 100 * a / b : 0}'; }

label=${rev:-working tree}
if [[ -n $rev ]]; then
	label="$rev ($(git -C "$root" rev-parse --short "$rev"))"
fi
echo "revision:                 $label"
echo "product files:            ${#all[@]} (fast route: ${#fr[@]})"
echo "gocyclo total:            $total_c"
echo "gocyclo fast route:       $fast_c ($(pct "$fast_c" "$total_c") %)"
echo "non-test lines total:     $total_l"
echo "non-test lines fast route: $fast_l ($(pct "$fast_l" "$total_l") %)"
echo "fast-route files:         ${fr[*]}"
