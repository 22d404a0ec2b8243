# aigw-backend — build, test and demo entry points.
# Area-specific targets live in mk/*.mk (tools, examples, crds, image, bench);
# each may append to TEST_DEPS, the extra steps `make test` runs after the Go tests.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export GOTOOLCHAIN := local
export GOFLAGS ?=

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
BIN     := $(CURDIR)/bin
FN      := $(BIN)/aigw-backend
LDFLAGS := -s -w -X main.version=$(VERSION)

TEST_DEPS :=

.PHONY: all help build demo test go-test vet fmt-check tidy-check clean
all: build

## help: list the targets with what they do (from their `## target:` comments)
help:
	@awk '/^## [A-Za-z0-9_.-]+:/ { sub(/^## /, ""); i = index($$0, ":"); \
		printf "  %-24s %s\n", substr($$0, 1, i - 1), substr($$0, i + 2) }' \
		$(MAKEFILE_LIST) | sort

## build: write bin/aigw-backend
build:
	@mkdir -p $(BIN)
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(FN) .

## demo: build and print the resources generated from examples/openai (clean YAML on stdout)
demo:
	@$(MAKE) --no-print-directory build >&2
	@$(FN) examples/openai/aibackendspec.yaml

## vet: go vet the function module
vet:
	go vet ./...

# Every module of the repository: the function, the test tools (kpt,
# kustomize) and the release tools (goreleaser, actionlint).
GO_MODULES := . tools tools/goreleaser tools/actionlint tools/kubeconform tools/sbom test/upstream

## tidy-check: fail if `go mod tidy` would change any go.mod/go.sum of the repository
tidy-check:
	@for m in $(GO_MODULES); do \
		(cd $$m && go mod tidy -diff) || { echo "tidy-check: run (cd $$m && go mod tidy)" >&2; exit 1; }; \
	done

## fmt-check: fail if gofmt would change a Go file
fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './tools/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

## go-test: unit, golden and integration tests of the function module
go-test: build
	go test -count=1 ./...

include $(wildcard mk/*.mk)

## test: everything CI runs
test: fmt-check vet tidy-check go-test $(TEST_DEPS)

## clean: remove bin/ and dist/
clean:
	rm -rf $(BIN) dist
