# Container image of the function (docs/container.md).
#
#   make container-runtime  install podman + runc from Debian if no runtime (root only)
#   make image              registry-free image from bin/aigw-backend (podman, else docker)
#   make image-tar          engine-free image tarball (go-containerregistry); `podman load -i`
#   make image-multistage   build ./Dockerfile (pulls golang:1.26: needs a registry)
#   make image-dockerfile-check  build ./Dockerfile here with a local golang stand-in, compare configs
#   make container-test     only the container-mode tests (internal/containertest)
#   make image-bench        image size, build time, per-run overhead vs exec mode
#   make release            print the release steps (pushes nothing)
#
# The container-mode tests are part of `go test ./...` (go-test): they build
# the image themselves with scripts/image-build.sh, so go-test only needs a
# runtime first (go-test: container-runtime below).

IMAGE          ?= ghcr.io/aigw-dev/aigw-backend
LOCAL_IMAGE    ?= localhost/aigw-backend
IMAGE_TAGS     ?= $(IMAGE):$(VERSION) $(IMAGE):dev $(LOCAL_IMAGE):dev
# podman if installed, else docker; evaluated when used (container-runtime may install podman first).
CONTAINER_RUNTIME ?= $(shell command -v podman >/dev/null 2>&1 && echo podman || echo docker)
# With podman, build/containers.conf (runc, cgroupfs, ulimits a sandbox allows) unless set.
PODMAN_CONF    ?= $(CURDIR)/build/containers.conf
RUNTIME_ENV     = $(if $(filter podman,$(CONTAINER_RUNTIME)),$(if $(shell command -v runc),CONTAINERS_CONF=$${CONTAINERS_CONF-$(PODMAN_CONF)}))

IMAGE_OS       ?= linux
IMAGE_ARCH     ?= $(shell go env GOARCH)
IMAGE_TAR      ?= dist/aigw-backend-image-$(IMAGE_OS)-$(IMAGE_ARCH).tar
IMAGE_TAR_CTX   = dist/image-tar/$(IMAGE_OS)-$(IMAGE_ARCH)
IMAGETAR       := $(BIN)/imagetar
# Reproducible images: file and creation times from the last commit.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: container-runtime image image-tar image-multistage image-dockerfile-check container-test image-bench release

## container-runtime: make sure podman (or a Docker engine) is there; as root, apt-get install podman runc if not
container-runtime:
	@if command -v podman >/dev/null 2>&1; then \
		if ! command -v runc >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "container-runtime: installing runc (build/containers.conf uses it)"; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq runc >/dev/null; \
		fi; \
		exit 0; \
	fi; \
	if docker info >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "container-runtime: no podman and no Docker engine: apt-get install podman runc"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc >/dev/null; \
		podman --version; \
	elif [ "$${CI:-}" = true ]; then \
		echo "container-runtime: CI needs podman or a Docker engine and cannot install one (not root or no apt-get)" >&2; exit 1; \
	else \
		echo "container-runtime: no podman and no Docker engine; container-mode tests will be skipped (install podman and runc, or run as root)"; \
	fi

go-test: container-runtime

## image: build $(IMAGE_TAGS) from bin/aigw-backend without pulling anything
image: build container-runtime
	CONTAINER_RUNTIME=$(CONTAINER_RUNTIME) SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) \
		scripts/image-build.sh $(FN) $(VERSION) $(IMAGE_TAGS)

$(IMAGETAR): tools/go.mod tools/go.sum $(wildcard tools/imagetar/*.go)
	@mkdir -p $(BIN)
	cd tools && CGO_ENABLED=0 go build -o $@ ./imagetar

## image-tar: write $(IMAGE_TAR) (IMAGE_ARCH=arm64 cross-builds) without any container engine
image-tar: $(IMAGETAR)
	@rm -rf $(IMAGE_TAR_CTX) && mkdir -p $(IMAGE_TAR_CTX)
	GOOS=$(IMAGE_OS) GOARCH=$(IMAGE_ARCH) CGO_ENABLED=0 \
		go build -trimpath -ldflags '$(LDFLAGS)' -o $(IMAGE_TAR_CTX)/aigw-backend .
	cp build/passwd build/group $(IMAGE_TAR_CTX)/
	$(IMAGETAR) -f build/Containerfile.local -context $(IMAGE_TAR_CTX) \
		-build-arg VERSION=$(VERSION) -platform $(IMAGE_OS)/$(IMAGE_ARCH) -epoch $(SOURCE_DATE_EPOCH) \
		$(foreach t,$(IMAGE_TAGS),-tag $(t)) -o $(IMAGE_TAR)
	@echo "load it with: podman load -i $(IMAGE_TAR)   (or docker load -i)"

## image-multistage: build ./Dockerfile (needs a registry for golang:1.26; `make image` does not)
image-multistage:
	$(RUNTIME_ENV) $(CONTAINER_RUNTIME) build $(if $(filter podman,$(CONTAINER_RUNTIME)),--layers=false) --build-arg VERSION=$(VERSION) \
		$(foreach t,$(IMAGE_TAGS),-t $(t)) -f Dockerfile .

## image-dockerfile-check: build ./Dockerfile (amd64 and arm64) without a registry: local golang:1.26 stand-in from GOROOT
image-dockerfile-check: build container-runtime
	@command -v busybox >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null; }
	ARCHES="$(or $(ARCHES),amd64 arm64)" scripts/image-dockerfile-check.sh $(VERSION)

## container-test: only the container-mode tests (kpt/kustomize with the image); CI=true makes a missing runtime fatal
container-test: build tools container-runtime
	go test -count=1 -v ./internal/containertest/

## image-bench: image size, build time and container vs exec per-run time (RUNS=10)
image-bench: build container-runtime
	CONTAINER_RUNTIME=$(CONTAINER_RUNTIME) scripts/image-bench.sh $(FN) $(VERSION) $(LOCAL_IMAGE):bench $(or $(RUNS),10)

## release: print the commands that tag, build multi-arch and push a release (runs none of them)
release:
	@scripts/image-release.sh '$(VERSION)' '$(IMAGE)'
