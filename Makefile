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

.PHONY: all build demo test go-test vet fmt-check clean
all: build

## build: write bin/aigw-backend
build:
	@mkdir -p $(BIN)
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(FN) .

## demo: build and print the resources generated from examples/openai
demo: build
	$(FN) examples/openai/aibackendspec.yaml

vet:
	go vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './tools/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

## go-test: unit, golden and integration tests of the function module
go-test: build
	go test -count=1 ./...

include $(wildcard mk/*.mk)

## test: everything CI runs
test: fmt-check vet go-test $(TEST_DEPS)

clean:
	rm -rf $(BIN) dist
