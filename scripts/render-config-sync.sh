#!/usr/bin/env bash
# Render a kpt package whose pipeline runs aigw-backend into plain manifests
# for Config Sync (the "rendered manifests" workflow: CI renders, Config Sync
# syncs the result; Config Sync cannot run aigw-backend itself).
#
#   scripts/render-config-sync.sh [--check] SOURCE_PKG OUTPUT_DIR
#
# Writes OUTPUT_DIR/manifests.yaml: every object of the rendered package
# except local-config ones (the Kptfile, the AIBackendSpecs), sorted and
# formatted by kustomize, so Config Sync never sees objects it cannot apply.
# The source package is never modified (it is rendered in a temporary copy),
# and on any error OUTPUT_DIR is left as it was. Other files in OUTPUT_DIR
# are not touched. The output is deterministic: render twice, same bytes.
#
#   --check   render, compare with OUTPUT_DIR/manifests.yaml and exit 1 with
#             a diff if it is stale (for CI on pull requests)
#
# Tools (override with environment variables):
#   KPT           kpt binary            (default: kpt on PATH)
#   KUSTOMIZE     kustomize binary      (default: kustomize on PATH)
#   AIGW_BACKEND  aigw-backend binary   (default: aigw-backend on PATH). The
#                 Kptfile names the function by its bare name; this script
#                 puts AIGW_BACKEND first on PATH under that name.
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
	exit 2
}

check=0
if [[ ${1-} == --check ]]; then
	check=1
	shift
fi
[[ $# -eq 2 ]] || usage
src=$1
out=$2
KPT=${KPT:-kpt}
KUSTOMIZE=${KUSTOMIZE:-kustomize}

die() {
	echo "render-config-sync: $*" >&2
	exit 1
}

[[ -f $src/Kptfile ]] || die "$src is not a kpt package (no Kptfile)"
[[ ! -e $src/kustomization.yaml && ! -e $src/kustomization.yml && ! -e $src/Kustomization ]] ||
	die "$src contains a kustomization file; this script renders kpt packages only"
# Absolute path of a tool given as a path (kpt runs in another directory);
# a bare name is looked up on PATH.
tool() {
	local p
	p=$(command -v "$1") || die "$2 not found ($1); set $3"
	[[ $p == */* ]] && p="$(cd "$(dirname "$p")" && pwd)/$(basename "$p")"
	echo "$p"
}
KPT=$(tool "$KPT" kpt KPT)
KUSTOMIZE=$(tool "$KUSTOMIZE" kustomize KUSTOMIZE)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/render-config-sync.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [[ -n ${AIGW_BACKEND-} ]]; then
	[[ -f $AIGW_BACKEND && -x $AIGW_BACKEND ]] || die "AIGW_BACKEND=$AIGW_BACKEND is not an executable file"
	mkdir "$tmp/bin"
	ln -s "$(tool "$AIGW_BACKEND" aigw-backend AIGW_BACKEND)" "$tmp/bin/aigw-backend"
	export PATH="$tmp/bin:$PATH"
fi
command -v aigw-backend >/dev/null || die "aigw-backend not found on PATH; set AIGW_BACKEND"

# 1. kpt fn render in a copy (render writes in place).
cp -R "$src" "$tmp/pkg"
if ! (cd "$tmp" && "$KPT" fn render --allow-exec pkg --results-dir "$tmp/results" >"$tmp/render.log" 2>&1); then
	cat "$tmp/render.log" >&2
	die "kpt fn render failed for $src; $out was not changed"
fi

# 2. Drop local-config objects and format: kustomize leaves out every object
#    annotated config.kubernetes.io/local-config: "true". No functions run here.
(
	cd "$tmp/pkg"
	echo "resources:"
	find . -type f \( -name '*.yaml' -o -name '*.yml' \) -not -path '*/.*' | LC_ALL=C sort | sed 's|^\./|  - |'
) >"$tmp/kustomization.yaml"
mv "$tmp/kustomization.yaml" "$tmp/pkg/kustomization.yaml"
"$KUSTOMIZE" build "$tmp/pkg" >"$tmp/objects.yaml" 2>"$tmp/kustomize.log" || {
	cat "$tmp/kustomize.log" >&2
	die "kustomize could not read the rendered package of $src; $out was not changed"
}

{
	echo "# Rendered by scripts/render-config-sync.sh (kpt fn render + aigw-backend)."
	echo "# Do not edit: change the source package and render again."
	cat "$tmp/objects.yaml"
} >"$tmp/manifests.yaml"

if [[ $check == 1 ]]; then
	if ! diff -u "$out/manifests.yaml" "$tmp/manifests.yaml" >&2; then
		die "$out/manifests.yaml is stale; run scripts/render-config-sync.sh $src $out"
	fi
	echo "render-config-sync: $out/manifests.yaml is up to date"
	exit 0
fi

mkdir -p "$out"
cp "$tmp/manifests.yaml" "$out/.manifests.yaml.tmp"
mv "$out/.manifests.yaml.tmp" "$out/manifests.yaml"
echo "render-config-sync: wrote $out/manifests.yaml ($(grep -c '^kind:' "$out/manifests.yaml") objects)"
