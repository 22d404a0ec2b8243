# Examples (examples/*) and their end-to-end tests (internal/e2e).
#
# Every example is built on every `make test` (go-test runs ./... after
# `build` and `tools`): kustomize build and kpt fn render with the pinned
# bin/kustomize and bin/kpt, the Argo CD plugin command, the Config Sync
# render script, and the error path under each. Expected outputs live next
# to the examples (expected.yaml, expected-kpt/, config-sync/rendered/).
#
#   make examples             only the example suite
#   make update-golden        rewrite the expected outputs (mk/golden.mk), then REVIEW `git diff`
#   make render-config-sync   render examples/config-sync/source into examples/config-sync/rendered

E2E_PKG := ./internal/e2e/

# The e2e tests use this binary instead of building their own (go-test
# depends on build, so it is fresh). Without it they build one in a temp dir.
export AIGW_BACKEND_BIN := $(FN)

.PHONY: examples render-config-sync

## examples: run the example suite (kustomize, kpt, Argo CD, Config Sync, errors) with the pinned tools
examples: build tools
	go test -count=1 $(E2E_PKG)

## render-config-sync: render examples/config-sync/source into examples/config-sync/rendered (Config Sync workflow)
render-config-sync: build tools
	KPT='$(KPT)' KUSTOMIZE='$(KUSTOMIZE)' AIGW_BACKEND='$(FN)' \
		scripts/render-config-sync.sh examples/config-sync/source examples/config-sync/rendered
