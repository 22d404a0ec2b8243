# The fast inner loop: `make check` vets the module and runs its unit,
# golden, engine and differential tests with -short, in well under two
# minutes on a warm build cache. It builds no kpt, kustomize, GoReleaser,
# upstream tool or container image: the packages that need them (end to
# end examples, container mode, releases; the upstream check is a module
# of its own) are left out, and -short skips the slow tiers (TestHostileInput,
# the version builds, the 10 000-item benchmarks' sizes).
# `make test` stays the whole suite CI runs.

# Packages that run real tools (kpt, kustomize, a container runtime, GoReleaser).
CHECK_EXCLUDE := /internal/e2e$$|/internal/containertest$$|/internal/releasetest$$

.PHONY: check

## check: fast inner loop: go vet and the -short unit, golden and engine tests (no tool builds; make test runs everything)
check: vet
	go test -count=1 -short $$(go list ./... | grep -Ev '$(CHECK_EXCLUDE)')
