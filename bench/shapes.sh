# bench/shapes.sh — sourced by bench/cli.sh (BENCH_SHAPES=only runs just
# this part, BENCH_SHAPES=skip leaves it out): the shapes of a package that
# once sent the whole input to a full parse — a flow-style item, no final
# line break, a JSON ResourceList — each measured against the same items
# in block style (its twin), in the same run. The goal: every shape costs
# at most 2x its twin in wall time, CPU time and peak RSS.
#
#   SHAPE_RUNS=3     runs per measurement (median)
#   FN_BEFORE=path   also measure this binary (an earlier build) on the same
#                    inputs, for a before/after table
#   BEFORE_RUNS=1    runs per measurement of FN_BEFORE

SHAPE_RUNS=${SHAPE_RUNS:-3}
BEFORE_RUNS=${BEFORE_RUNS:-1}
# twin name | twin synth flags | shape name | flags added for the shape
SHAPES=(
	"20 000 items + 1 spec|-items 20000 -spec-config|+ one flow-style item|-flow 1"
	"20 000 items + 1 spec|-items 20000 -spec-config|without a final line break|-no-final-newline"
	"20 000 items + 1 spec|-items 20000 -spec-config|as JSON|-json"
	"100 000 small items + 1 spec|-items 100000 -small -spec-config|as JSON|-json"
)

# measure RUNS BIN INPUT OUTPUT → "wall_s rss_KiB cpu_s", medians of RUNS
# runs of /usr/bin/time; the last run's stdout is left in OUTPUT.
measure() {
	local runs=$1 bin=$2 in=$3 out=$4 i
	: >"$TMP/m.all"
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -f '%e %M %U %S' -o "$TMP/m" "$bin" <"$in" >"$out" || true
		tail -n 1 "$TMP/m" >>"$TMP/m.all"
	done
	echo "$(awk '{print $1}' "$TMP/m.all" | median) $(awk '{print $2}' "$TMP/m.all" | median) $(awk '{print $3+$4}' "$TMP/m.all" | median)"
}

shape_rows() {
	if [ "$HAVE_TIME" = 0 ]; then
		log "shapes: no /usr/bin/time, skipped"
		return
	fi
	local entry twin tflags shape sflags tin sin k fails=0
	local -A M
	local rows=() i=0
	for entry in "${SHAPES[@]}"; do
		IFS='|' read -r twin tflags shape sflags <<<"$entry"
		read -r -a tf <<<"$tflags"
		read -r -a sf <<<"$tflags $sflags"
		tin=$TMP/twin-${tflags// /_}.yaml
		sin=$TMP/shape$i.in
		[ -f "$tin" ] || "$SYNTH" "${tf[@]}" >"$tin"
		"$SYNTH" "${sf[@]}" >"$sin"
		for k in twin shape; do
			local in=$tin flags=("${tf[@]}")
			[ $k = shape ] && in=$sin flags=("${sf[@]}")
			if [ -z "${M[$in,aigw]:-}" ]; then
				wait_quiet
				log "shapes: $twin $([ $k = shape ] && echo "$shape"): aigw ($SHAPE_RUNS runs)"
				M[$in,aigw]=$(measure "$SHAPE_RUNS" "$FN" "$in" "$TMP/shape.out")
				if ! "$SYNTH" "${flags[@]}" -check "$TMP/shape.out" >/dev/null; then
					log "shapes: WRONG OUTPUT from $FN on $twin $shape"
					exit 1
				fi
				if [ -n "${FN_BEFORE:-}" ]; then
					log "shapes: $twin $([ $k = shape ] && echo "$shape"): before ($BEFORE_RUNS runs)"
					M[$in,before]=$(measure "$BEFORE_RUNS" "$FN_BEFORE" "$in" "$TMP/shape.out")
				fi
			fi
		done
		read -r tw tr tc <<<"${M[$tin,aigw]}"
		read -r sw sr sc <<<"${M[$sin,aigw]}"
		local verdict=PASS
		awk -v a="$sw" -v b="$tw" -v c="$sr" -v d="$tr" -v e="$sc" -v f="$tc" 'BEGIN {exit !(a/b <= 2 && c/d <= 2 && e/f <= 2)}' || verdict=FAIL
		[ $verdict = FAIL ] && fails=$((fails + 1))
		local before=""
		if [ -n "${FN_BEFORE:-}" ]; then
			read -r bw br bc <<<"${M[$sin,before]}"
			read -r btw btr btc <<<"${M[$tin,before]}"
			before=" $(ratio "$bw" "$btw") ($(fmt_ms "$bw") / $(fmt_ms "$btw")) | $(ratio "$bc" "$btc") | $(ratio "$br" "$btr") ($(fmt_mb "$br") / $(fmt_mb "$btr")) |"
		fi
		rows+=("| $twin $shape | $(fmt_size "$(stat -c %s "$sin")") / $(fmt_size "$(stat -c %s "$tin")") | $(ratio "$sw" "$tw") ($(fmt_ms "$sw") / $(fmt_ms "$tw")) | $(ratio "$sc" "$tc") ($(fmt_cpu "$sc") / $(fmt_cpu "$tc")) | $(ratio "$sr" "$tr") ($(fmt_mb "$sr") / $(fmt_mb "$tr")) |$before $verdict |")
		i=$((i + 1))
	done
	echo
	echo "Input shapes against their block-style twins (the same items; ratios shape/twin, absolute values shape / twin; medians of $SHAPE_RUNS runs of /usr/bin/time$([ -n "${FN_BEFORE:-}" ] && echo ", $BEFORE_RUNS for the earlier build")):"
	echo
	if [ -n "${FN_BEFORE:-}" ]; then
		echo "| shape | size | wall | CPU | peak RSS | before: wall | before: CPU | before: peak RSS | ≤ 2x |"
		echo "|---|---|---|---|---|---|---|---|---|"
	else
		echo "| shape | size | wall | CPU | peak RSS | ≤ 2x |"
		echo "|---|---|---|---|---|---|"
	fi
	printf '%s\n' "${rows[@]}"
	[ "$fails" = 0 ] || log "shapes: $fails shape(s) over 2x their twin"
}
shape_rows
