#!/usr/bin/env bash
# bench/e2e.sh — aigw-backend inside the tools that run it: `kustomize build`
# and `kpt fn render`, each against a baseline measured in the same run.
#
#   kustomize  N = 1, 10, 100 specs as generators, built four ways:
#              aigw     the function (exec generator)
#              trivial  a shell script per spec printing exactly the objects
#                       the function generates (the cheapest possible exec
#                       generator with the same output)
#              echo     the same script, also returning the spec item as
#                       the function did before it stopped (see
#                       docs/performance.md: kustomize then parses its
#                       built-in OpenAPI schema)
#              plain    no generator: the pre-rendered objects as resources
#              Every build must print the same bytes.
#   kpt        `kpt fn render` of a package with 1 000 / 10 000 items and one
#              in-package spec, the Kptfile pipeline running one exec
#              function: aigw, the Go SDK pass-through (bin/sdk-passthrough)
#              or cat (a function that costs nothing). Besides the whole
#              render, the step time kpt itself reports ("[PASS] ... in")
#              gives the share of the render that is the function's step.
#
# Wall times are medians over RUNS interleaved runs (each round runs every
# variant once, so load from other processes spreads over all of them);
# the ratios come from the same rounds. Prints a markdown report on stdout,
# progress on stderr; exits non-zero only when a command fails or the
# outputs of one comparison differ.
#
# Environment:
#   RUNS=7           rounds per comparison (RUNS_LARGE for N=100 and 10 000 items)
#   RUNS_LARGE=3
#   SIZES="1 10 100" kustomize generator counts
#   ITEMS="1000 10000" kpt package sizes
#   KEEP=1           keep the temporary directory
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BIN=$ROOT/bin
export GOTOOLCHAIN=local
RUNS=${RUNS:-7}
RUNS_LARGE=${RUNS_LARGE:-3}
SIZES=${SIZES:-1 10 100}
ITEMS=${ITEMS:-1000 10000}

log() { printf 'bench-e2e: %s\n' "$*" >&2; }

TMP=$(mktemp -d -t aigw-bench-e2e.XXXXXX)
if [ "${KEEP:-}" = 1 ]; then log "keeping $TMP"; else trap 'rm -rf "$TMP"' EXIT; fi

log "make build tools"
make -s build tools >&2
FN=$BIN/aigw-backend
KUSTOMIZE=$BIN/kustomize
KPT=$BIN/kpt
SDK=$BIN/sdk-passthrough
(cd tools && CGO_ENABLED=0 go build -trimpath -o "$SDK" ./sdkpassthrough)
SYNTH=$TMP/synth
go build -o "$SYNTH" ./bench/cmd/synth
CAT=$(command -v cat)

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) exit 1; if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ms() { awk -v s="$1" 'BEGIN {v = s*1000; if (v < 100) printf "%.1f ms", v; else if (v < 10000) printf "%.0f ms", v; else printf "%.1f s", s}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a/b}'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# bench NAME RUNS CMD...: one timed run of CMD (stdout to $TMP/out.NAME),
# appending seconds to $TMP/t.NAME.
bench_once() {
	local name=$1
	shift
	local t0 t1
	t0=$(date +%s%N)
	"$@" >"$TMP/out.$name" 2>"$TMP/err.$name" || {
		log "$name failed:"
		cat "$TMP/err.$name" >&2
		exit 1
	}
	t1=$(date +%s%N)
	awk -v d="$((t1 - t0))" 'BEGIN {printf "%.6f\n", d/1e9}' >>"$TMP/t.$name"
}
med() { median <"$TMP/t.$1"; }
# step NAME: kpt's own timing of the pipeline step in the last run's stderr
# ("[PASS] "<exec>" in 1.5s"), appended to $TMP/s.NAME in seconds.
step() {
	sed -n 's/.*\[PASS\] .* in \([0-9.]*\)\(m\{0,1\}s\)$/\1 \2/p' "$TMP/err.$1" |
		awk '{print ($2 == "ms") ? $1/1000 : $1}' >>"$TMP/s.$1"
}
smed() { median <"$TMP/s.$1"; }
same_output() { # same_output A B...: all outputs byte-identical
	local a=$1 b
	shift
	for b in "$@"; do
		if ! cmp -s "$TMP/out.$a" "$TMP/out.$b"; then
			log "outputs differ: $a vs $b"
			diff "$TMP/out.$a" "$TMP/out.$b" | head -20 >&2
			exit 1
		fi
	done
}

LOAD_START=$(loadavg)

# ---- kustomize: N generators ----
providers=(openai anthropic aws-bedrock openai-compatible)
spec() { # spec I EXEC: one AIBackendSpec, provider in turn
	local i=$1 exec=$2 p=${providers[$(($1 % 4))]}
	cat <<EOF
apiVersion: fn.aigw.dev/v1alpha1
kind: AIBackendSpec
metadata:
  name: backend-$i
  namespace: ai-gateway
  annotations:
    config.kubernetes.io/local-config: "true"
    config.kubernetes.io/function: |
      exec:
        path: $exec
spec:
  provider: $p
EOF
	case $p in
	openai | anthropic) printf '  auth:\n    secretRef: {name: key-%s}\n' "$i" ;;
	aws-bedrock) printf '  endpoint: {region: us-east-1}\n  auth:\n    aws:\n      credentialsSecretRef: {name: aws-%s}\n' "$i" ;;
	openai-compatible) printf '  endpoint:\n    service: {name: llm-%s, port: 8000}\n' "$i" ;;
	esac
}

KROWS=()
for n in $SIZES; do
	runs=$RUNS
	[ "$n" -ge 100 ] && runs=$RUNS_LARGE
	d=$TMP/k$n
	mkdir -p "$d/aigw" "$d/trivial" "$d/echo" "$d/plain" "$d/fn"
	gens=""
	for ((i = 0; i < n; i++)); do
		spec "$i" "$FN" >"$d/aigw/spec-$i.yaml"
		gens+="  - spec-$i.yaml"$'\n'
		# What kustomize v5 sends a generator: the spec as functionConfig and
		# as the only item, with kyaml's index and id annotations. The
		# function's answer, and the same with that item returned (the ids
		# make kustomize copy comments back into it).
		sed '/config.kubernetes.io\/local-config/a\
    config.kubernetes.io/index: '"'0'"'\
    internal.config.kubernetes.io/index: '"'0'"'\
    internal.config.kubernetes.io/annotations-migration-resource-id: '"'0'"'\
    internal.config.kubernetes.io/id: '"'1'"'\
    config.k8s.io/id: '"'1'"'' "$d/aigw/spec-$i.yaml" >"$d/fn/item-$i.yaml"
		{
			printf 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n'
			sed 's/^/  /; 1s/^  /- /' "$d/fn/item-$i.yaml"
			printf 'functionConfig:\n'
			sed 's/^/  /' "$d/aigw/spec-$i.yaml"
		} >"$d/fn/in-$i.yaml"
		"$FN" <"$d/fn/in-$i.yaml" >"$d/fn/out-$i.yaml"
		{
			sed '/^items:$/q' "$d/fn/out-$i.yaml"
			sed 's/^/  /; 1s/^  /- /' "$d/fn/item-$i.yaml"
			sed '1,/^items:$/d' "$d/fn/out-$i.yaml"
		} >"$d/fn/echo-$i.yaml"
		for v in trivial echo; do
			out=$d/fn/out-$i.yaml
			[ "$v" = echo ] && out=$d/fn/echo-$i.yaml
			printf '#!/bin/sh\ncat >/dev/null\nexec cat %s\n' "$out" >"$d/fn/$v-$i.sh"
			chmod +x "$d/fn/$v-$i.sh"
			spec "$i" "$d/fn/$v-$i.sh" >"$d/$v/spec-$i.yaml"
		done
	done
	for v in aigw trivial echo; do printf 'generators:\n%s' "$gens" >"$d/$v/kustomization.yaml"; done
	"$KUSTOMIZE" build --enable-alpha-plugins --enable-exec "$d/aigw" >"$d/plain/rendered.yaml"
	printf 'resources:\n  - rendered.yaml\n' >"$d/plain/kustomization.yaml"
	log "kustomize, $n generators: $runs rounds"
	for ((r = 0; r < runs; r++)); do
		for v in aigw trivial echo plain; do
			flags=()
			[ "$v" != plain ] && flags=(--enable-alpha-plugins --enable-exec)
			bench_once "k$n.$v" "$KUSTOMIZE" build "${flags[@]}" "$d/$v"
		done
	done
	same_output "k$n.aigw" "k$n.trivial" "k$n.echo" "k$n.plain"
	a=$(med "k$n.aigw") t=$(med "k$n.trivial") e=$(med "k$n.echo") p=$(med "k$n.plain")
	KROWS+=("| $n | $(grep -c '^kind:' "$d/plain/rendered.yaml") | $(ms "$p") | $(ms "$t") | $(ms "$e") | $(ms "$a") | $(ratio "$a" "$t") | $(ratio "$e" "$t") | $(ratio "$a" "$p") | $(awk -v a="$a" -v t="$t" -v n="$n" 'BEGIN {printf "%.1f ms", (a-t)*1000/n}') | $runs |")
done

# ---- kpt fn render ----
source "$ROOT/bench/kptpkg.sh"
PROWS=()
for items in $ITEMS; do
	runs=$RUNS
	[ "$items" -ge 10000 ] && runs=$RUNS_LARGE
	d=$TMP/p$items
	"$SYNTH" -items "$items" -specs 1 >"$TMP/rl$items.yaml"
	for v in aigw sdk cat; do
		case $v in aigw) exe=$FN ;; sdk) exe=$SDK ;; cat) exe=$CAT ;; esac
		kpt_package "$d/$v" "$exe" "$TMP/rl$items.yaml"
	done
	log "kpt fn render, $items items: $runs rounds"
	for ((r = 0; r < runs; r++)); do
		for v in aigw sdk cat; do
			bench_once "p$items.$v" "$KPT" fn render --allow-exec "$d/$v" -o stdout
			step "p$items.$v"
		done
	done
	# The outputs differ in the Kptfile (its exec path) and the SDK sorts
	# items: compare counts. aigw adds the spec's 4 objects.
	count() { grep -c '^- apiVersion:' "$TMP/out.p$items.$1"; }
	if [ "$(count sdk)" -ne "$(count cat)" ] || [ "$(count aigw)" -ne $(($(count cat) + 4)) ]; then
		log "kpt render of $items items: items cat $(count cat), sdk $(count sdk), aigw $(count aigw) (want cat+4)"
		exit 1
	fi
	a=$(med "p$items.aigw") s=$(med "p$items.sdk") c=$(med "p$items.cat")
	sa=$(smed "p$items.aigw") ss=$(smed "p$items.sdk") sc=$(smed "p$items.cat")
	PROWS+=("| $items + 1 spec | $(ms "$c") | $(ms "$s") | $(ms "$a") | $(ratio "$a" "$c") | $(ratio "$a" "$s") | $(ms "$sc") | $(ms "$ss") | $(ms "$sa") | $(awk -v a="$a" -v s="$sa" 'BEGIN {printf "%.1f %%", 100*s/a}') | $runs |")
done

kv=$("$KUSTOMIZE" version 2>/dev/null | head -1)
pv=$("$KPT" version 2>/dev/null | head -1)
cat <<EOF
Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(go env GOVERSION), kustomize $kv, kpt $pv, commit $(git describe --always --dirty 2>/dev/null || echo unknown); load average $LOAD_START at the start, $(loadavg) at the end. Wall time: median of interleaved rounds (last column).

kustomize build, N specs as exec generators:

| N | objects | plain resources | trivial generators | trivial + spec echo | aigw | aigw / trivial | echo / trivial | aigw / plain | aigw − trivial per generator | rounds |
|---|---|---|---|---|---|---|---|---|---|---|
$(printf '%s\n' "${KROWS[@]}")

kpt fn render, one exec function in the Kptfile pipeline:

| package | render, cat (free function) | render, SDK pass-through | render, aigw | aigw / cat | aigw / SDK | step, cat | step, SDK | step, aigw | aigw step / aigw render | rounds |
|---|---|---|---|---|---|---|---|---|---|---|
$(printf '%s\n' "${PROWS[@]}")
EOF
