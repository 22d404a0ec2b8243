#!/usr/bin/env bash
# Measure the container image: size, build time, and the per-invocation cost of
# running the function in a container versus running the binary (exec mode).
#
#   scripts/image-bench.sh BINARY VERSION TAG [RUNS]
#
# Same ResourceList (examples/openai as functionConfig + item) each run; both
# modes' outputs must be identical. Container runs are what kpt and kustomize do:
# `run --rm -i --network none --user nobody`. `make image-bench` calls this.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
binary=$1 version=$2 tag=$3 runs=${4:-10}
runtime=${CONTAINER_RUNTIME:-podman}
if [ "$runtime" = podman ] && [ -z "${CONTAINERS_CONF+x}" ] && command -v runc >/dev/null 2>&1; then
	export CONTAINERS_CONF=$root/build/containers.conf
fi

work=$(mktemp -d)
trap 'rm -rf "$work"; "$runtime" rmi "$tag" >/dev/null 2>&1 || true' EXIT
spec=$root/examples/openai/aibackendspec.yaml
{
	printf 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig:\n'
	grep -v '^#' "$spec" | sed 's/^/  /'
	printf 'items:\n'
	grep -v '^#' "$spec" | sed '1s/^/- /; 1!s/^/  /'
} >"$work/rl.yaml"

now() { date +%s%N; }
ms() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e6 }'; }

# build time: first build after removing the tag, then 3 rebuilds
"$runtime" rmi -f "$tag" >/dev/null 2>&1 || true
t0=$(now)
CONTAINER_RUNTIME=$runtime "$root/scripts/image-build.sh" "$binary" "$version" "$tag" >/dev/null
first=$(($(now) - t0))
rebuild=()
for _ in 1 2 3; do
	t0=$(now)
	CONTAINER_RUNTIME=$runtime "$root/scripts/image-build.sh" "$binary" "$version" "$tag" >/dev/null
	rebuild+=($(($(now) - t0)))
done
size=$("$runtime" image inspect --format '{{.Size}}' "$tag")

"$binary" <"$work/rl.yaml" >"$work/exec.out"
"$runtime" run --rm -i --network none --user nobody "$tag" <"$work/rl.yaml" >"$work/ctr.out"
if ! cmp -s "$work/exec.out" "$work/ctr.out"; then
	echo "image-bench: container output differs from exec output" >&2
	diff "$work/exec.out" "$work/ctr.out" >&2 || true
	exit 1
fi

declare -a exec_ns ctr_ns
for ((i = 0; i < runs; i++)); do
	t0=$(now)
	"$binary" <"$work/rl.yaml" >/dev/null
	exec_ns+=($(($(now) - t0)))
	t0=$(now)
	"$runtime" run --rm -i --network none --user nobody "$tag" <"$work/rl.yaml" >/dev/null
	ctr_ns+=($(($(now) - t0)))
done

# The same through the orchestrators, if the pinned tools are built (make tools).
kpt=${AIGW_KPT:-$root/bin/kpt} kustomize=${AIGW_KUSTOMIZE:-$root/bin/kustomize}
declare -a kpt_exec kpt_ctr kz_exec kz_ctr
if [ -x "$kpt" ] && [ -x "$kustomize" ]; then
	export KPT_FN_RUNTIME=$runtime KRM_FN_RUNTIME=$runtime
	mkdir -p "$work/pkg" "$work/kexec" "$work/kctr" "$work/shim"
	grep -v '^#' "$spec" >"$work/pkg/spec.yaml"
	sed "s#path: .*#path: $binary#" "$work/pkg/spec.yaml" >"$work/kexec/spec.yaml"
	sed "s#exec:#container:#; s#path: .*#image: $tag#" "$work/pkg/spec.yaml" >"$work/kctr/spec.yaml"
	printf 'generators: [spec.yaml]\n' | tee "$work/kexec/kustomization.yaml" >"$work/kctr/kustomization.yaml"
	[ "$runtime" = docker ] || ln -s "$(command -v "$runtime")" "$work/shim/docker"
	for ((i = 0; i < runs; i++)); do
		t0=$(now)
		"$kpt" fn eval "$work/pkg" --exec "$binary" --fn-config "$work/pkg/spec.yaml" -o unwrap >/dev/null 2>&1
		kpt_exec+=($(($(now) - t0)))
		t0=$(now)
		"$kpt" fn eval "$work/pkg" --image "$tag" --fn-config "$work/pkg/spec.yaml" -o unwrap >/dev/null 2>&1
		kpt_ctr+=($(($(now) - t0)))
		t0=$(now)
		"$kustomize" build --enable-alpha-plugins --enable-exec "$work/kexec" >/dev/null
		kz_exec+=($(($(now) - t0)))
		t0=$(now)
		PATH=$work/shim:$PATH "$kustomize" build --enable-alpha-plugins "$work/kctr" >/dev/null
		kz_ctr+=($(($(now) - t0)))
	done
fi

stats() { # prints: median mean min max (ns)
	printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1; s+=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%d %d %d %d\n", m, s/NR, a[1], a[NR]}'
}
read -r em emean emin emax < <(stats "${exec_ns[@]}")
read -r cm cmean cmin cmax < <(stats "${ctr_ns[@]}")
read -r rb _ _ _ < <(stats "${rebuild[@]}")

echo "aigw-backend image bench ($runtime $("$runtime" --version | awk '{print $NF}'), $(nproc) cores, $runs runs each, input $(wc -c <"$work/rl.yaml") B -> output $(wc -c <"$work/exec.out") B)"
printf '  image size            %s KiB (%s B); binary %s KiB\n' $((size / 1024)) "$size" $(($(stat -c %s "$binary") / 1024))
printf '  image build           first %s ms, rebuild median %s ms\n' "$(ms $first)" "$(ms $rb)"
printf '  exec mode per run     median %s ms  mean %s ms  (min %s, max %s)\n' "$(ms $em)" "$(ms $emean)" "$(ms $emin)" "$(ms $emax)"
printf '  container per run     median %s ms  mean %s ms  (min %s, max %s)\n' "$(ms $cm)" "$(ms $cmean)" "$(ms $cmin)" "$(ms $cmax)"
printf '  container overhead    +%s ms per invocation (median), ratio %sx\n' "$(ms $((cm - em)))" "$(awk -v c="$cm" -v e="$em" 'BEGIN { printf "%.0f", c / e }')"
if [ ${#kpt_exec[@]} -gt 0 ]; then
	for pair in "kpt fn eval:kpt_exec:kpt_ctr" "kustomize build:kz_exec:kz_ctr"; do
		IFS=: read -r label a b <<<"$pair"
		eval "read -r xm _ _ _ < <(stats \"\${${a}[@]}\")"
		eval "read -r ym _ _ _ < <(stats \"\${${b}[@]}\")"
		printf '  %-21s exec %s ms, container %s ms (median): +%s ms, ratio %sx\n' "$label" "$(ms $xm)" "$(ms $ym)" "$(ms $((ym - xm)))" \
			"$(awk -v c="$ym" -v e="$xm" 'BEGIN { printf "%.1f", c / e }')"
	done
fi
