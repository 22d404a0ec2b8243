#!/usr/bin/env bash
# Build the aigw-backend image without pulling anything: a scratch image from
# build/Containerfile.local around an already built static binary.
#
#   scripts/image-build.sh BINARY VERSION TAG...
#
# BINARY must be a static linux binary for the host's architecture (`make build`
# writes one: CGO_ENABLED=0 -trimpath -ldflags "-s -w -X main.version=...").
# Runtime: $CONTAINER_RUNTIME, else podman if installed, else docker if its
# engine answers. With podman, CONTAINERS_CONF defaults to build/containers.conf
# when runc is installed (see docs/container.md). Used by `make image` and by
# internal/containertest, so both build the image the same way.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 3 ]; then
	echo "usage: $0 BINARY VERSION TAG..." >&2
	exit 2
fi
binary=$1 version=$2
shift 2

runtime=${CONTAINER_RUNTIME:-}
if [ -z "$runtime" ]; then
	if command -v podman >/dev/null 2>&1; then
		runtime=podman
	elif docker info >/dev/null 2>&1; then
		runtime=docker
	else
		echo "image-build: no container runtime: install podman (\`make container-runtime\` as root) or start a Docker engine; \`make image-tar\` needs neither" >&2
		exit 1
	fi
fi
if [ "$runtime" = podman ] && [ -z "${CONTAINERS_CONF+x}" ] && command -v runc >/dev/null 2>&1; then
	export CONTAINERS_CONF=$root/build/containers.conf
fi

if [ ! -x "$binary" ]; then
	echo "image-build: $binary is missing or not executable (run \`make build\`)" >&2
	exit 1
fi

# Reproducible: same binary + same SOURCE_DATE_EPOCH => same image ID.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$binary" "$ctx/aigw-backend"
cp "$root/build/passwd" "$root/build/group" "$ctx/"
chmod 0755 "$ctx/aigw-backend"
chmod 0644 "$ctx/passwd" "$ctx/group"

tags=()
for t in "$@"; do tags+=(-t "$t"); done

start=$(date +%s%N)
case "$runtime" in
podman)
	podman build --quiet --pull=never --layers=false --identity-label=false --timestamp "$epoch" \
		--build-arg VERSION="$version" -f "$root/build/Containerfile.local" "${tags[@]}" "$ctx" >/dev/null
	;;
*)
	SOURCE_DATE_EPOCH=$epoch "$runtime" build --quiet \
		--build-arg VERSION="$version" -f "$root/build/Containerfile.local" "${tags[@]}" "$ctx" >/dev/null
	;;
esac
end=$(date +%s%N)

size=$("$runtime" image inspect --format '{{.Size}}' "$1")
echo "image-build: $runtime built $* ($((size / 1024)) KiB, $(((end - start) / 1000000)) ms)"
