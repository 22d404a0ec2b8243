#!/usr/bin/env bash
# Asserts that the pinned tools are the ones tests will use:
#   - bin/kustomize and `go tool kustomize` (a tool of tools/go.mod) both report
#     exactly $KUSTOMIZE_VERSION (a later `go get` in tools/ can silently move it);
#   - bin/kpt runs (`bin/kpt fn --help` exits 0).
# Run from anywhere; `make tools` runs it after building bin/kpt and bin/kustomize.
set -euo pipefail

KUSTOMIZE_VERSION="${KUSTOMIZE_VERSION:-v5.8.2}"
KPT_VERSION="${KPT_VERSION:-v1.0.0-beta.61}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${BIN:-$root/bin}"
cd "$root"

fail=0
err() { echo "check-tool-versions: ERROR: $*" >&2; fail=1; }
restore="restore it with: go get -tool sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION} (in $root/tools), then make tools"

# kustomize binary
if [[ ! -x "$bin/kustomize" ]]; then
	err "$bin/kustomize is missing; run make tools"
elif ! got="$("$bin/kustomize" version 2>&1)"; then
	err "$bin/kustomize version failed: $got"
elif [[ "$got" != "$KUSTOMIZE_VERSION" ]]; then
	err "$bin/kustomize version is '$got', want '$KUSTOMIZE_VERSION'; $restore"
fi

# kustomize as a Go tool of the tools module
if ! got="$(cd tools && go tool kustomize version 2>&1)"; then
	err "go tool kustomize version failed: $got; $restore"
elif [[ "$got" != "$KUSTOMIZE_VERSION" ]]; then
	err "go tool kustomize version is '$got', want '$KUSTOMIZE_VERSION' (tools/go.mod was changed, e.g. by a go get); $restore"
fi

# kpt
if [[ ! -x "$bin/kpt" ]]; then
	err "$bin/kpt is missing; run make tools"
elif ! out="$("$bin/kpt" fn --help 2>&1)"; then
	err "$bin/kpt fn --help failed: $out"
else
	kv="$("$bin/kpt" version 2>/dev/null || echo unknown)"
	if [[ "${kv#v}" != "${KPT_VERSION#v}" ]]; then
		# Only the documented fallback (a system kpt) gets here.
		echo "check-tool-versions: WARNING: $bin/kpt reports '$kv', not $KPT_VERSION (system kpt fallback?)" >&2
	fi
fi

if ((fail)); then
	exit 1
fi
echo "check-tool-versions: ok (kustomize $KUSTOMIZE_VERSION, kpt $("$bin/kpt" version 2>/dev/null || echo unknown))"
