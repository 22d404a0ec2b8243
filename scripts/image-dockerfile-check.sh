#!/usr/bin/env bash
# Build ./Dockerfile (the multi-stage, multi-arch one) on a machine that cannot
# pull golang:1.26, and check its image against `make image`'s.
#
# A stand-in for golang:1.26 is made locally from the host's Go toolchain
# (GOROOT), a static busybox as /bin/sh (apt-get install busybox-static) and the
# host's CA bundle, and tagged docker.io/library/golang:1.26 so that
# `FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.26` resolves
# without a registry.
# Modules come from the Go module proxy over the host network. Then
#   podman build --pull=never -f Dockerfile .
# for the host platform and (with ARCHES="amd64 arm64") cross builds, and the
# resulting config (User, Entrypoint, Env, Labels) is compared with the image
# from build/Containerfile.local. podman only; dev tool, not part of make test.
# A golang:1.26 that already exists locally (e.g. a real one) is used as is.
#
#   scripts/image-dockerfile-check.sh [VERSION]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
version=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
arches=${ARCHES:-$(go env GOARCH)}
if [ -z "${CONTAINERS_CONF+x}" ] && command -v runc >/dev/null 2>&1; then
	export CONTAINERS_CONF=$root/build/containers.conf
fi
busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ! file "$busybox" | grep -q 'statically linked'; then
	echo "image-dockerfile-check: needs a static busybox: apt-get install busybox-static" >&2
	exit 1
fi

stand_in=docker.io/library/golang:1.26
work=$(mktemp -d)
# The stand-in is removed afterwards (KEEP_STAND_IN=1 keeps it for quicker
# reruns) so that nothing later mistakes it for the real golang image.
cleanup() {
	rm -rf "$work"
	if [ -n "${created_stand_in:-}" ] && [ "${KEEP_STAND_IN:-}" != 1 ]; then
		podman rmi "$stand_in" >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT
if ! podman image exists "$stand_in"; then
	created_stand_in=1
	goroot=$(go env GOROOT)
	mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp" "$work/rootfs/root" "$work/rootfs/go" "$work/rootfs/etc/ssl/certs" "$work/rootfs/usr/local"
	chmod 1777 "$work/rootfs/tmp"
	cp "$busybox" "$work/rootfs/bin/busybox"
	ln -s busybox "$work/rootfs/bin/sh"
	cp /etc/ssl/certs/ca-certificates.crt "$work/rootfs/etc/ssl/certs/"
	start=$(date +%s)
	tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
	tar -C "$(dirname "$goroot")" --transform "s,^$(basename "$goroot"),usr/local/go," -rf "$work/rootfs.tar" "$(basename "$goroot")"
	podman import --quiet \
		--change "ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
		--change "ENV GOPATH=/go" --change "ENV GOTOOLCHAIN=local" --change "ENV HOME=/root" \
		--change "ENV GOPROXY=$(go env GOPROXY)" --change "ENV GOSUMDB=$(go env GOSUMDB)" \
		--change "WORKDIR /go" \
		"$work/rootfs.tar" "$stand_in" >/dev/null
	echo "stand-in $stand_in from $goroot ($(go version | awk '{print $3}')): $(($(date +%s) - start)) s"
fi

CONTAINER_RUNTIME=podman scripts/image-build.sh bin/aigw-backend "$version" localhost/aigw-backend:dockerfile-check-local >/dev/null
fmt='{{json .Config.User}} {{json .Config.Entrypoint}} {{json .Config.Env}} {{json .Config.Labels}}'
want=$(podman image inspect --format "$fmt" localhost/aigw-backend:dockerfile-check-local)
podman rmi localhost/aigw-backend:dockerfile-check-local >/dev/null

status=0
for arch in $arches; do
	tag=localhost/aigw-backend:dockerfile-check-$arch
	start=$(date +%s)
	# buildah 1.28 (podman 4.3) sets BUILDPLATFORM to the --platform target, so the
	# builder stage would ask for an arm64 golang image; pass the real build platform.
	podman build --quiet --pull=never --layers=false --network host --identity-label=false --platform "linux/$arch" \
		--build-arg BUILDPLATFORM="linux/$(go env GOARCH)" \
		--build-arg VERSION="$version" -t "$tag" -f Dockerfile . >/dev/null
	secs=$(($(date +%s) - start))
	got=$(podman image inspect --format "$fmt" "$tag")
	plat=$(podman image inspect --format '{{.Os}}/{{.Architecture}}' "$tag")
	size=$(podman image inspect --format '{{.Size}}' "$tag")
	echo "Dockerfile linux/$arch: built in ${secs} s, $plat, $((size / 1024)) KiB"
	if [ "$got" != "$want" ]; then
		echo "  config differs from build/Containerfile.local's image:" >&2
		echo "  Dockerfile:          $got" >&2
		echo "  Containerfile.local: $want" >&2
		status=1
	fi
	if [ "$arch" = "$(go env GOARCH)" ]; then
		podman run --rm --network none --user nobody "$tag" --version
		printf 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n' |
			podman run --rm -i --network none --user nobody "$tag" >/dev/null
	fi
	podman rmi "$tag" >/dev/null
done
[ $status = 0 ] && echo "Dockerfile and build/Containerfile.local produce the same image config"
exit $status
