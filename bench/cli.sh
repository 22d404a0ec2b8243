#!/usr/bin/env bash
# bench/cli.sh — end-to-end benchmark of bin/aigw-backend against the Go SDK
# floor (bin/sdk-passthrough: parse + re-serialize, no change) and `cat`, on
# synthetic kpt packages (bench/synth.go), against the targets of docs/performance.md.
#
# For each input it measures wall time (median; hyperfine when installed,
# else a `date +%s%N` loop) and peak RSS (median of /usr/bin/time -f %M),
# checks the aigw output (every input item once, the spec's objects added),
# and prints a markdown table plus PASS/FAIL per target on stdout (progress
# goes to stderr). The targets are reported, not enforced: the script exits
# non-zero only when a command fails or an output is wrong.
#
# Environment:
#   RUNS=10          minimum runs per wall-time measurement (small inputs)
#   RUNS_LARGE=3     runs per measurement of the inputs over 4 MB (SDK, aigw)
#   RSS_RUNS=3       runs per peak-RSS measurement
#   BENCH_NO_INSTALL=1  never apt-get install hyperfine / time
#   BENCH_NO_HYPERFINE=1  time with the date loop even when hyperfine is there
#   KEEP=1           keep the temporary directory (inputs and outputs)
#   MAX_WAIT=10      CPU wait (%, PSI) above which wall-time verdicts are marked unreliable
#   WAIT_QUIET=0     seconds to wait, before each measurement, for the CPU wait to fall below MAX_WAIT
#   FN=path          function binary to measure (default: make build → bin/aigw-backend)
#   BENCH_SHAPES=only|skip  run only, or leave out, the input shapes table
#                    (bench/shapes.sh: flow-style item, no final line break, JSON
#                    against their block-style twins; FN_BEFORE=path adds an
#                    earlier build's figures)
set -euo pipefail
shopt -s inherit_errexit # a failing command inside $(...) fails the script too

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BIN=$ROOT/bin
export GOTOOLCHAIN=local
RUNS=${RUNS:-10}
RUNS_LARGE=${RUNS_LARGE:-3}
RSS_RUNS=${RSS_RUNS:-3}

log() { printf 'bench: %s\n' "$*" >&2; }

# ---- tools (guarded install: root + apt-get only, never required) ----
apt_install() {
	[ "${BENCH_NO_INSTALL:-}" = 1 ] && return 1
	[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
	log "installing $1 with apt-get"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1 && return 0
	apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1
}
command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine || log "no hyperfine: timing with a date +%s%N loop"
[ -x /usr/bin/time ] || apt_install time || log "no /usr/bin/time: peak RSS not measured"
HAVE_HYPERFINE=0
command -v hyperfine >/dev/null 2>&1 && [ "${BENCH_NO_HYPERFINE:-}" != 1 ] && HAVE_HYPERFINE=1
HAVE_TIME=0
[ -x /usr/bin/time ] && HAVE_TIME=1

# ---- build ----
TMP=$(mktemp -d -t aigw-bench.XXXXXX)
if [ "${KEEP:-}" = 1 ]; then log "keeping $TMP"; else trap 'rm -rf "$TMP"' EXIT; fi

if [ -z "${FN:-}" ]; then
	log "make build"
	make -s build >&2
	FN=$BIN/aigw-backend
fi
SDK=$BIN/sdk-passthrough
log "building $SDK (tools module)"
(cd tools && CGO_ENABLED=0 go build -trimpath -o "$SDK" ./sdkpassthrough)
SYNTH=$TMP/synth
go build -o "$SYNTH" ./bench/cmd/synth
CAT=$(command -v cat)

# ---- inputs: name | synth flags [| steady] ----
# "steady" is the package after its first render: the synth input as the
# function under test rendered it (the specs and their generated objects);
# rendering it again must give the same bytes.
INPUTS=(
	"1 item + 1 spec|-items 1 -spec-config"
	"1 000 items + 1 spec|-items 1000 -spec-config"
	"10 000 items + 1 spec|-items 10000 -spec-config"
	"1 000 in-package specs|-specs 1000 -kptfile"
	"10 000 in-package specs|-specs 10000 -kptfile"
	"1 000 specs re-rendered unchanged (3 500 objects)|-specs 1000 -kptfile|steady"
)

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) exit 1; if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# wall SECONDS: wall RUNS BIN INPUT → median seconds
wall() {
	local runs=$1 bin=$2 in=$3
	if [ "$HAVE_HYPERFINE" = 1 ]; then
		local csv=$TMP/hf.csv
		# a shell runs the command for the redirections; hyperfine subtracts its start-up
		hyperfine --style none --warmup 1 --min-runs "$runs" --max-runs "$((runs > 3 ? 1000 : runs))" \
			--export-csv "$csv" "'$bin' < '$in' > /dev/null" >/dev/null
		awk -F, 'NR==2 {print $4}' "$csv" # command,mean,stddev,median,...
	else
		"$bin" <"$in" >/dev/null
		local i t0 t1
		for ((i = 0; i < runs; i++)); do
			t0=$(date +%s%N)
			"$bin" <"$in" >/dev/null
			t1=$(date +%s%N)
			echo $((t1 - t0)) | awk '{printf "%.9f\n", $1/1e9}'
		done | median
	fi
}

# usage BIN INPUT OUTPUT → "RSS_KiB CPU_s": medians over RSS_RUNS runs of
# /usr/bin/time (peak RSS; user+sys CPU time, which unlike wall time does
# not grow when other processes compete for the cores); "" without
# /usr/bin/time. The last run's stdout is left in OUTPUT.
usage() {
	local bin=$1 in=$2 out=$3
	if [ "$HAVE_TIME" = 0 ]; then
		"$bin" <"$in" >"$out"
		return
	fi
	local i
	: >"$TMP/usage"
	for ((i = 0; i < RSS_RUNS; i++)); do
		/usr/bin/time -f '%M %U %S' -o "$TMP/rss" "$bin" <"$in" >"$out"
		tail -n 1 "$TMP/rss" >>"$TMP/usage"
	done
	echo "$(awk '{print $1}' "$TMP/usage" | median) $(awk '{print $2+$3}' "$TMP/usage" | median)"
}

fmt_ms() { awk -v s="$1" 'BEGIN {v = s*1000; if (v < 10) printf "%.2f ms", v; else if (v < 1000) printf "%.1f ms", v; else printf "%.2f s", s}'; }
fmt_mb() { [ -n "$1" ] && awk -v k="$1" 'BEGIN {printf "%.1f MB", k/1024}' || echo "n/a"; }
fmt_cpu() { [ -n "$1" ] && awk -v s="$1" 'BEGIN {if (s < 1) printf "%.2f s", s; else printf "%.1f s", s}' || echo "n/a"; }
fmt_size() { awk -v b="$1" 'BEGIN {if (b < 1e6) printf "%.1f KB", b/1e3; else printf "%.1f MB", b/1e6}'; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3fx", a/b}' || echo "n/a"; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# CPU pressure (PSI): microseconds in which some runnable task waited for a
# core. Its growth over a measurement, divided by the elapsed time, tells
# how much other processes competed with the one measured (our own Go
# threads account for a few percent); empty where the kernel has no PSI.
psi_total() {
	if [ -r /proc/pressure/cpu ]; then awk '/^some/ {sub("total=", "", $5); print $5}' /proc/pressure/cpu; fi
}
now_us() { echo $(($(date +%s%N) / 1000)); }
MAX_WAIT=${MAX_WAIT:-10} # % CPU wait above which wall-time verdicts are marked unreliable
# wait_quiet: on a shared machine, wait up to WAIT_QUIET seconds for the
# CPU pressure of the last 10 s to fall below MAX_WAIT % before measuring
# (each input, and each command on it).
wait_quiet() {
	local deadline=$((SECONDS + ${WAIT_QUIET:-0})) avg
	[ -r /proc/pressure/cpu ] || return 0
	while [ "$SECONDS" -lt "$deadline" ]; do
		avg=$(awk '/^some/ {sub("avg10=", "", $2); printf "%.0f", $2}' /proc/pressure/cpu)
		[ "$avg" -lt "$MAX_WAIT" ] && return 0
		log "CPU wait ${avg}% over the last 10 s: waiting for a quieter machine"
		sleep 5
	done
}
LOAD_START=$(loadavg)
if awk -v l="${LOAD_START%% *}" -v n="$(nproc)" 'BEGIN {exit !(l >= n/2)}'; then
	log "WARNING: load average $LOAD_START on $(nproc) cores: other processes compete for the CPU, wall times will be inflated (CPU times less so)"
fi

if [ "${BENCH_SHAPES:-}" = only ]; then
	source "$ROOT/bench/shapes.sh"
	exit 0
fi

declare -A W R C SIZE WAIT
ROWS=()
n=0
for entry in "${INPUTS[@]}"; do
	name=${entry%%|*}
	rest=${entry#*|}
	mode=
	if [[ $rest == *"|"* ]]; then mode=${rest#*|} rest=${rest%%|*}; fi
	read -r -a flags <<<"$rest"
	in=$TMP/in$n.yaml
	if [ "$mode" = steady ]; then
		"$SYNTH" "${flags[@]}" >"$TMP/src$n.yaml"
		"$FN" <"$TMP/src$n.yaml" >"$in"
	else
		"$SYNTH" "${flags[@]}" >"$in"
	fi
	SIZE[$n]=$(stat -c %s "$in")
	runs=$RUNS
	wait_quiet
	p0=$(psi_total) t0=$(now_us)
	for tool in cat sdk aigw; do
		case $tool in cat) bin=$CAT ;; sdk) bin=$SDK ;; aigw) bin=$FN ;; esac
		r=$runs
		if [ "$tool" != cat ] && [ "${SIZE[$n]}" -gt $((4 << 20)) ]; then r=$RUNS_LARGE; fi
		wait_quiet
		log "$name: $tool (wall, $r+ runs)"
		W[$n,$tool]=$(wall "$r" "$bin" "$in")
		log "$name: $tool (peak RSS, CPU time)"
		u=$(usage "$bin" "$in" "$TMP/out$n.$tool.yaml")
		read -r "R[$n,$tool]" "C[$n,$tool]" <<<"$u"
	done
	p1=$(psi_total) t1=$(now_us)
	WAIT[$n]=
	if [ -n "$p0" ] && [ -n "$p1" ]; then WAIT[$n]=$(awk -v p="$((p1 - p0))" -v t="$((t1 - t0))" 'BEGIN {printf "%.0f", 100*p/t}'); fi
	log "$name: checking the aigw output"
	if ! check=$("$SYNTH" "${flags[@]}" -check "$TMP/out$n.aigw.yaml"); then
		log "$name: WRONG OUTPUT from $FN"
		exit 1
	fi
	if [ "$mode" = steady ] && ! cmp -s "$in" "$TMP/out$n.aigw.yaml"; then
		log "$name: WRONG OUTPUT from $FN: re-rendering changed the package"
		exit 1
	fi
	ROWS+=("| $name | $(fmt_size "${SIZE[$n]}") | $(fmt_ms "${W[$n,cat]}") | $(fmt_ms "${W[$n,sdk]}") | $(fmt_ms "${W[$n,aigw]}") | $(ratio "${W[$n,aigw]}" "${W[$n,sdk]}") | $(fmt_cpu "${C[$n,sdk]}") | $(fmt_cpu "${C[$n,aigw]}") | $(fmt_mb "${R[$n,cat]}") | $(fmt_mb "${R[$n,sdk]}") | $(fmt_mb "${R[$n,aigw]}") | $(ratio "${R[$n,aigw]}" "${R[$n,sdk]}") | ${WAIT[$n]:-n/a}${WAIT[$n]:+%} | $check |")
	n=$((n + 1))
done

# ---- report ----
verdict() { # verdict VALUE GOAL [STRETCH] → PASS / FAIL / PASS (stretch)
	awk -v v="$1" -v g="$2" -v s="${3:-}" 'BEGIN {
		if (v == "") { print "n/a"; exit }
		if (s != "" && v+0 <= s+0) print "PASS (stretch)"; else if (v+0 <= g+0) print "PASS"; else print "FAIL" }'
}
# wall_verdict VALUE GOAL STRETCH INPUT... → verdict, marked unreliable when
# other processes made a measured input wait for a core more than MAX_WAIT %.
wall_verdict() {
	local v=$1 g=$2 st=$3 worst=0 i
	shift 3
	for i in "$@"; do
		if [ -n "${WAIT[$i]}" ] && [ "${WAIT[$i]}" -gt "$worst" ]; then worst=${WAIT[$i]}; fi
	done
	if [ "$worst" -gt "$MAX_WAIT" ]; then
		echo "$(verdict "$v" "$g" "$st")? (unreliable: CPU wait $worst% > $MAX_WAIT%)"
	else
		verdict "$v" "$g" "$st"
	fi
}
div() { # empty when either side was not measured
	if [ -n "$1" ] && [ -n "$2" ]; then awk -v a="$1" -v b="$2" 'BEGIN {printf "%.4f", a/b}'; fi
}

wall10k=$(div "${W[2,aigw]}" "${W[2,sdk]}")
rss10k=$(div "${R[2,aigw]}" "${R[2,sdk]}")
over_cat=$(awk -v a="${W[0,aigw]}" -v c="${W[0,cat]}" 'BEGIN {printf "%.4f", (a-c)*1000}')
linear=$(div "${W[2,aigw]}" "${W[1,aigw]}")
linear_sdk=$(div "${W[2,sdk]}" "${W[1,sdk]}")
specs=${W[3,aigw]}
specs_sdk=$(div "${W[3,aigw]}" "${W[3,sdk]}")
specs_linear=$(div "${W[4,aigw]}" "${W[3,aigw]}")
specs_linear_cpu=$(div "${C[4,aigw]}" "${C[3,aigw]}")

cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
cat <<EOF
Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($cpu), $(go env GOVERSION), commit $(git describe --always --dirty 2>/dev/null || echo unknown); load average $LOAD_START at the start, $(loadavg) at the end.
Wall: median of $([ "$HAVE_HYPERFINE" = 1 ] && echo "hyperfine $(hyperfine --version | awk '{print $2}') (≥ $RUNS runs, $RUNS_LARGE for SDK/aigw on the 10 000-item inputs; shell start-up subtracted)" || echo "a date +%s%N loop ($RUNS runs, $RUNS_LARGE for SDK/aigw on the 10 000-item inputs)"); peak RSS and CPU (user+sys): medians of $RSS_RUNS runs of /usr/bin/time. stdin from a file, stdout to /dev/null (RSS runs: to a file). CPU wait: share of the input's measuring time in which some task waited for a core (/proc/pressure/cpu); above $MAX_WAIT% other processes competed and wall times are inflated.

| input | size | cat wall | SDK wall | aigw wall | aigw/SDK wall | SDK CPU | aigw CPU | cat RSS | SDK RSS | aigw RSS | aigw/SDK RSS | CPU wait | aigw output |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
$(printf '%s\n' "${ROWS[@]}")

| target | measured | goal | result |
|---|---|---|---|
| 10 000 items + 1 spec: wall, aigw/SDK | $(ratio "${W[2,aigw]}" "${W[2,sdk]}") | ≤ 0.2x (stretch ≤ 0.05x) | $(wall_verdict "$wall10k" 0.2 0.05 2) |
| 10 000 items + 1 spec: CPU (user+sys), aigw/SDK — less sensitive to load | $(ratio "${C[2,aigw]}" "${C[2,sdk]}") | (information) | — |
| 10 000 items + 1 spec: peak RSS, aigw/SDK | $(ratio "${R[2,aigw]}" "${R[2,sdk]}") | ≤ 0.2x (stretch ≤ 0.05x) | $(verdict "$rss10k" 0.2 0.05) |
| 1 item: wall, aigw − cat | $(printf '%.2f ms' "$over_cat") | ≤ 2 ms | $(wall_verdict "$over_cat" 2 "" 0) |
| linear: wall, aigw 10 000 / 1 000 items | $(printf '%.2fx' "$linear") (SDK: $(printf '%.2fx' "$linear_sdk")) | ≤ 11x | $(wall_verdict "$linear" 11 "" 1 2) |
| 1 000 in-package specs: wall | $(fmt_ms "$specs") | well under 1 s (≤ 0.5 s) | $(wall_verdict "$specs" 0.5 "" 3) |
| 1 000 in-package specs: wall, aigw/SDK | $(ratio "${W[3,aigw]}" "${W[3,sdk]}") (CPU: $(ratio "${C[3,aigw]}" "${C[3,sdk]}")) | ≤ 1x | $(wall_verdict "$specs_sdk" 1 "" 3) |
| linear: in-package specs, aigw 10 000 / 1 000 | wall $(printf '%.2fx' "$specs_linear"), CPU $(printf '%.2fx' "${specs_linear_cpu:-0}"), peak RSS $(ratio "${R[4,aigw]}" "${R[3,aigw]}") | ≤ 11x | $(wall_verdict "$specs_linear" 11 "" 3 4) |
| 1 000 specs re-rendered unchanged: wall, aigw/SDK | $(ratio "${W[5,aigw]}" "${W[5,sdk]}") (CPU: $(ratio "${C[5,aigw]}" "${C[5,sdk]}")) | ≤ 0.25x | $(wall_verdict "$(div "${W[5,aigw]}" "${W[5,sdk]}")" 0.25 "" 5) |
| 1 000 specs re-rendered unchanged: peak RSS, aigw/SDK | $(ratio "${R[5,aigw]}" "${R[5,sdk]}") | ≤ 0.25x | $(verdict "$(div "${R[5,aigw]}" "${R[5,sdk]}")" 0.25) |
| output correct (every input item once, the spec's objects generated) | all $n inputs | all | PASS |
EOF
[ "${BENCH_SHAPES:-}" = skip ] || source "$ROOT/bench/shapes.sh"
