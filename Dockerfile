# Multi-stage, multi-arch image of the aigw-backend KRM function.
#
#   docker buildx build --platform linux/amd64,linux/arm64 \
#     --build-arg VERSION=vX.Y.Z -t ghcr.io/aigw-dev/aigw-backend:vX.Y.Z .
#
# The builder runs on the build platform and cross-compiles (CGO_ENABLED=0) for
# TARGETOS/TARGETARCH, so no emulation is needed. The final stage is scratch:
# one static binary, /etc/passwd and /etc/group with `nobody` (kpt and
# kustomize run functions with --user nobody), running as 65534:65534.
#
# Machines that cannot pull golang images build the same final image with
# build/Containerfile.local (`make image`, see docs/container.md). Keep USER,
# ENTRYPOINT and LABEL of the final stage in sync with that file
# (internal/containertest checks it).

# Fully qualified: podman without unqualified-search registries (Debian) cannot
# resolve the short name golang:1.26; docker resolves both to the same image.
FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.26 AS build
ARG TARGETOS
ARG TARGETARCH
ARG VERSION=dev
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH} \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/aigw-backend .

FROM scratch

ARG VERSION=dev

LABEL org.opencontainers.image.source="https://github.com/aigw-dev/aigw-backend" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.title="aigw-backend" \
      org.opencontainers.image.description="KRM function: generate Envoy AI Gateway backend resources from an AIBackendSpec" \
      org.opencontainers.image.licenses="Apache-2.0"

# kpt and kustomize start function containers with --user nobody.
COPY build/passwd /etc/passwd
COPY build/group /etc/group
COPY --from=build /out/aigw-backend /aigw-backend

USER 65534:65534
ENTRYPOINT ["/aigw-backend"]
