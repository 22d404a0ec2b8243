#!/usr/bin/env bash
# fetch-crds.sh [OUT_DIR] — fill OUT_DIR (default: testdata/crds) with the pinned
# upstream CRDs that internal/crdvalidate tests validate against, and verify their
# sha256 sums.
#
# Source: the Go module proxy. A module zip holds the whole repository tree at the
# tag (minus nested modules), including the CRD YAML, and `go mod download`
# verifies the zip against the checksum database. GitHub itself is not needed.
#
# For each file, in order:
#   1. already present in OUT_DIR with the pinned sha256 → kept (works offline);
#   2. copied from the module zip (go mod download -json MODULE@VERSION);
#   3. copied from a directory of reference copies named by $AIGW_CRDS_SOURCE
#      (unset: skipped), if it holds a file of that name with the pinned sha256.
# Any file that stays missing or has another sha256 is an error.
#
# Known gap (2026-11): proxy.golang.org answers 403 "This module version is not
# available." for github.com/envoyproxy/ai-gateway@v1.1.0 (v1.0.0 is available), so
# the three aigateway.envoyproxy.io_* files come from step 1 or 3 only.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$repo/testdata/crds}
shared=${AIGW_CRDS_SOURCE:-}
export GOTOOLCHAIN=local GOFLAGS= GO111MODULE=on

AIGW=github.com/envoyproxy/ai-gateway@v1.1.0
EG=github.com/envoyproxy/gateway@v1.9.0
GWAPI=sigs.k8s.io/gateway-api@v1.6.1

# dest (relative to OUT_DIR) | module@version | path inside the module | sha256
files=(
  "aigateway.envoyproxy.io_aiservicebackends.yaml|$AIGW|manifests/charts/ai-gateway-crds-helm/templates/aigateway.envoyproxy.io_aiservicebackends.yaml|35f6323a486a6f447be41fe1de4327f6e6e7254a0ca61d33186cb03fe11888f6"
  "aigateway.envoyproxy.io_backendsecuritypolicies.yaml|$AIGW|manifests/charts/ai-gateway-crds-helm/templates/aigateway.envoyproxy.io_backendsecuritypolicies.yaml|b2a2cfef49fd3253c70339231eef1745562515488022dcedc0c732df1c96c8f3"
  "aigateway.envoyproxy.io_aigatewayroutes.yaml|$AIGW|manifests/charts/ai-gateway-crds-helm/templates/aigateway.envoyproxy.io_aigatewayroutes.yaml|c6ca0a06b214d93f1c7eefe8f9735fa551f23948088e0bf3c317b792ad68f162"
  "aigateway.envoyproxy.io_quotapolicies.yaml|$AIGW|manifests/charts/ai-gateway-crds-helm/templates/aigateway.envoyproxy.io_quotapolicies.yaml|0e8b899c520e6ff5b224b7e4e6064f959e8256e6949817615cde8cf37269eb85"
  "gateway.envoyproxy.io_backends.yaml|$EG|charts/gateway-helm/charts/crds/crds/generated/gateway.envoyproxy.io_backends.yaml|bb1901aea758d05458b853b07db04a96a1ea4346b177e392e5ce7398573805be"
  "gateway.networking.k8s.io_backendtlspolicies.yaml|$GWAPI|config/crd/standard/gateway.networking.k8s.io_backendtlspolicies.yaml|0d48c9e4b53dd9510cf615b9b1192d9d7afb07a1cc0498c9515627cb1c075419"
  "experimental/gateway.networking.k8s.io_backendtlspolicies.yaml|$GWAPI|config/crd/experimental/gateway.networking.k8s.io_backendtlspolicies.yaml|7fa88a1a7d5f13f8a960e8bd48903835a0b833e0f6706f401101a27ff36aff3b"
)

sum() { sha256sum "$1" | cut -d' ' -f1; }

# module@version -> extracted module directory in the module cache ("" if unavailable)
declare -A moddir=()
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
download() {
  local mv=$1
  if [[ -v "moddir[$mv]" ]]; then return; fi
  local json
  # Run outside any module so that no go.mod/go.sum is touched.
  json=$(cd "$tmp" && go mod download -json "$mv" 2>/dev/null || true)
  local dir err
  dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
  err=$(sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
  if [[ -n $dir && -d $dir ]]; then
    echo "  module $mv: $dir" >&2
  else
    echo "  module $mv: not available from $(go env GOPROXY): ${err:-no output}" >&2
    dir=""
  fi
  moddir[$mv]=$dir
}

mkdir -p "$out/experimental"
missing=0
for entry in "${files[@]}"; do
  IFS='|' read -r dest mv path want <<<"$entry"
  target=$out/$dest
  if [[ -f $target && $(sum "$target") == "$want" ]]; then
    echo "ok      $dest (already present)"
    continue
  fi
  download "$mv"
  src=""
  if [[ -n ${moddir[$mv]} && -f ${moddir[$mv]}/$path ]]; then
    src=${moddir[$mv]}/$path
    how="module zip $mv"
  elif [[ -n ${moddir[$mv]} ]]; then
    echo "  module $mv does not contain $path" >&2
  fi
  if [[ -z $src && -n $shared && -f $shared/$dest && $(sum "$shared/$dest") == "$want" ]]; then
    src=$shared/$dest
    how="reference copy $shared/$dest"
  fi
  if [[ -z $src ]]; then
    echo "MISSING $dest: not in module zip $mv, no matching copy in \$AIGW_CRDS_SOURCE (${shared:-unset})" >&2
    missing=$((missing + 1))
    continue
  fi
  got=$(sum "$src")
  if [[ $got != "$want" ]]; then
    echo "BADSUM  $dest from $how: sha256 $got, want $want" >&2
    missing=$((missing + 1))
    continue
  fi
  install -m 0644 "$src" "$target"
  echo "fetched $dest ($how)"
done

{
  for entry in "${files[@]}"; do
    IFS='|' read -r dest _ _ want <<<"$entry"
    printf '%s  %s\n' "$want" "$dest"
  done
} >"$out/SHA256SUMS"

if ((missing > 0)); then
  echo "fetch-crds: $missing file(s) missing or wrong; see above" >&2
  exit 1
fi
(cd "$out" && sha256sum --check --quiet SHA256SUMS)
echo "fetch-crds: all $(wc -l <"$out/SHA256SUMS") files verified against $out/SHA256SUMS"
