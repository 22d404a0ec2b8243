# Pinned tools, built by the project itself so tests never depend on what is
# installed on the machine:
#   bin/kpt        kpt v1.0.0-beta.61, `kpt fn` commands only (tools/kpt, own
#                  module tools/go.mod; the full kpt module does not build from the proxy)
#   bin/kustomize  kustomize v5.8.2, a `tool` of tools/go.mod (next to kpt, so
#                  the function module's go.mod lists only what it imports)
#   bin/kubeconform kubeconform (tools/kubeconform, a module of its own): the
#                  docs/editors.md recipe is tested on every example
# Go tests find them through AIGW_KPT / AIGW_KUSTOMIZE (internal/tooltest).
#
# Fallback, only if bin/kpt cannot be built (e.g. the module proxy is down):
#   make tools KPT_SYSTEM=1
# links the kpt found on PATH (often an older release, e.g. beta.56) to
# bin/kpt. Never automatic: beta.56 differs from beta.61 (KPT_FN_RUNTIME vs
# KRM_FN_RUNTIME, stderr layout); check-tool-versions.sh warns about it.
# Run `rm bin/kpt && make tools` to go back to the pinned build.

KPT               := $(BIN)/kpt
KUSTOMIZE         := $(BIN)/kustomize
KUBECONFORM       := $(BIN)/kubeconform
KUSTOMIZE_VERSION := v5.8.2
KPT_VERSION       := v1.0.0-beta.61

export AIGW_KPT       := $(KPT)
export AIGW_KUSTOMIZE := $(KUSTOMIZE)
export AIGW_KUBECONFORM := $(KUBECONFORM)

.PHONY: tools
## tools: build bin/kpt and bin/kustomize and check their versions
tools: $(KPT) $(KUSTOMIZE) $(KUBECONFORM)
	@BIN='$(BIN)' KUSTOMIZE_VERSION='$(KUSTOMIZE_VERSION)' KPT_VERSION='$(KPT_VERSION)' \
		scripts/check-tool-versions.sh

ifeq ($(KPT_SYSTEM),1)
$(KPT):
	@mkdir -p $(BIN)
	ln -sfn "$$(command -v kpt)" $@
else
# CGO_ENABLED=0: no wasmtime (alpha wasm runtime, unused here), static 60 MB
# binary instead of 100 MB, no C toolchain needed.
# rm first: never write through a symlink left by the KPT_SYSTEM fallback.
# touch: go build leaves an up-to-date binary untouched, make needs a new mtime.
$(KPT): tools/go.mod tools/go.sum $(wildcard tools/kpt/*.go)
	@mkdir -p $(BIN)
	@rm -f $@
	cd tools && CGO_ENABLED=0 go build -o $@ ./kpt
	@touch $@
endif

$(KUBECONFORM): tools/kubeconform/go.mod tools/kubeconform/go.sum
	@mkdir -p $(BIN)
	@rm -f $@
	cd tools/kubeconform && CGO_ENABLED=0 go build -o $@ github.com/yannh/kubeconform/cmd/kubeconform
	@touch $@

$(KUSTOMIZE): tools/go.mod tools/go.sum
	@mkdir -p $(BIN)
	@rm -f $@
	cd tools && go build -o $@ sigs.k8s.io/kustomize/kustomize/v5
	@touch $@

go-test: tools
