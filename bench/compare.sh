#!/usr/bin/env bash
# bench/compare.sh REV — the function at REV against the working tree, in
# the same run: for each input of docs/performance.md's table, the two
# binaries and the Go SDK pass-through run in turn, round after round (so
# load from other processes spreads over all three), and the report gives
# medians of wall time, CPU time (user + sys) and peak RSS, and the ratios
# new/old and new/SDK from the same rounds.
#
# Inputs: 10 000 items + 1 spec (functionConfig); 1 000 in-package specs;
# the steady state (those specs with the objects the function wrote for
# them, rendered again); the same with every object edited (changed);
# `kustomize build` of 10 specs as exec generators;
# `kpt fn render` of a 1 000-item package with one in-package spec.
#
# Environment: ROUNDS=5 (rounds per input), KEEP=1 (keep the temporary
# directory). Needs /usr/bin/time; kustomize and kpt come from bin/ (make
# tools). Progress on stderr, a markdown table on stdout.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
REV=${1:?usage: bench/compare.sh REV}
ROUNDS=${ROUNDS:-5}
log() { printf 'compare: %s\n' "$*" >&2; }
[ -x /usr/bin/time ] || { log "needs /usr/bin/time"; exit 2; }

TMP=$(mktemp -d -t aigw-compare.XXXXXX)
if [ "${KEEP:-}" = 1 ]; then log "keeping $TMP"; else trap 'rm -rf "$TMP"' EXIT; fi

log "building the working tree and $REV"
CGO_ENABLED=0 go build -trimpath -o "$TMP/new" .
git archive --format=tar "$REV" | (mkdir -p "$TMP/src" && tar -x -C "$TMP/src")
(cd "$TMP/src" && CGO_ENABLED=0 go build -trimpath -o "$TMP/old" .)
(cd tools && CGO_ENABLED=0 go build -trimpath -o "$TMP/sdk" ./sdkpassthrough)
go build -o "$TMP/synth" ./bench/cmd/synth
make -s tools >&2
KUSTOMIZE=$ROOT/bin/kustomize
KPT=$ROOT/bin/kpt

log "inputs"
"$TMP/synth" -items 10000 -spec-config >"$TMP/items.yaml"
"$TMP/synth" -specs 1000 -kptfile >"$TMP/specs.yaml"
"$TMP/new" <"$TMP/specs.yaml" >"$TMP/steady.yaml"
# every owned object edited (its managed-by label), so every one is patched back
sed 's/managed-by: aigw-backend/managed-by: someone-else/' "$TMP/steady.yaml" >"$TMP/changed.yaml"

# kustomize: 10 specs as exec generators of one kustomization, per binary
kust() { # kust DIR BIN
	mkdir -p "$1"
	printf 'generators:\n' >"$1/kustomization.yaml"
	for i in $(seq 1 10); do
		cat >"$1/spec-$i.yaml" <<SPEC
apiVersion: fn.aigw.dev/v1alpha1
kind: AIBackendSpec
metadata:
  name: openai-$i
  namespace: ai
  annotations:
    config.kubernetes.io/local-config: "true"
    config.kubernetes.io/function: |
      exec:
        path: $2
spec:
  provider: openai
  auth:
    secretRef:
      name: openai-key
SPEC
		printf -- '- spec-%d.yaml\n' "$i" >>"$1/kustomization.yaml"
	done
}
kust "$TMP/k-old" "$TMP/old"
kust "$TMP/k-new" "$TMP/new"
kust "$TMP/k-sdk" "$TMP/sdk"

# kpt: a 1 000-item package with one in-package spec, rendered by one exec function
source bench/kptpkg.sh
"$TMP/synth" -items 1000 -specs 1 >"$TMP/kpt-in.yaml"
for v in old new sdk; do
	mkdir -p "$TMP/p-$v"
	kpt_package "$TMP/p-$v/pkg" "$TMP/$v" "$TMP/kpt-in.yaml"
done

measure() { # measure OUT CMD... → appends "wall_ms cpu_ms rss_kb" to OUT
	local out=$1
	shift
	local t0 t1
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$TMP/time" "$@" >/dev/null 2>&1 || { log "failed: $*"; exit 1; }
	t1=$(date +%s%N)
	read -r u s m <"$TMP/time"
	awk -v w=$(((t1 - t0) / 1000000)) -v u="$u" -v s="$s" -v m="$m" 'BEGIN { printf "%d %d %d\n", w, (u + s) * 1000, m }' >>"$out"
}
run() { # run NAME VARIANT
	case $1 in
	items | specs | steady | changed) measure "$TMP/r-$1-$2" sh -c "exec \"$TMP/$2\" <\"$TMP/$1.yaml\"" ;;
	kustomize) measure "$TMP/r-$1-$2" "$KUSTOMIZE" build --enable-alpha-plugins --enable-exec "$TMP/k-$2" ;;
	kpt)
		rm -rf "$TMP/p-$2/work"
		cp -r "$TMP/p-$2/pkg" "$TMP/p-$2/work"
		measure "$TMP/r-$1-$2" "$KPT" fn render --allow-exec "$TMP/p-$2/work"
		;;
	esac
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

INPUTS="items specs steady changed kustomize kpt"
for r in $(seq 1 "$ROUNDS"); do
	log "round $r of $ROUNDS"
	for in in $INPUTS; do
		for v in old new sdk; do run "$in" "$v"; done
	done
done

echo "| input | old: wall / CPU / RSS | new: wall / CPU / RSS | SDK: wall / CPU / RSS | new/old wall, CPU, RSS | new/SDK wall, CPU, RSS |"
echo "|---|---|---|---|---|---|"
for in in $INPUTS; do
	row="| $in"
	declare -A M=()
	for v in old new sdk; do
		for c in 1 2 3; do
			M[$v$c]=$(cut -d' ' -f$c "$TMP/r-$in-$v" | median)
		done
		row="$row | ${M[${v}1]} ms / ${M[${v}2]} ms / $((M[${v}3] / 1024)) MB"
	done
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0) ? a / b : 0 }'; }
	row="$row | $(ratio "${M[new1]}" "${M[old1]}"), $(ratio "${M[new2]}" "${M[old2]}"), $(ratio "${M[new3]}" "${M[old3]}")"
	row="$row | $(ratio "${M[new1]}" "${M[sdk1]}"), $(ratio "${M[new2]}" "${M[sdk2]}"), $(ratio "${M[new3]}" "${M[sdk3]}") |"
	echo "$row"
done
