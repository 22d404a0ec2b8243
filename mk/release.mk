# Releases (.goreleaser.yaml) and the GitHub Actions workflows (.github/workflows).
#
#   make release-snapshot  every release artifact into dist/ (archives for
#                          linux/darwin/windows x amd64/arm64, checksums.txt),
#                          publishes nothing; the image is left out here
#                          because GoReleaser builds it with `docker buildx`
#   make release-publish   what the tagged release workflow runs (needs
#                          GITHUB_TOKEN, docker buildx and a ghcr.io login)
#   make actionlint        check the workflows (part of make test)
#
# GoReleaser and actionlint are Go tools pinned in modules of their own
# (tools/goreleaser, tools/actionlint), built into bin/ on first use.

GORELEASER := $(BIN)/goreleaser
ACTIONLINT := $(BIN)/actionlint
SBOMGEN    := $(BIN)/cyclonedx-gomod
# Release notes for release-publish: the tag's section of CHANGELOG.md.
RELEASE_NOTES ?=

export AIGW_GORELEASER := $(GORELEASER)
export AIGW_SBOMGEN := $(SBOMGEN)

.PHONY: release-tools release-snapshot release-publish actionlint

$(GORELEASER): tools/goreleaser/go.mod tools/goreleaser/go.sum
	@mkdir -p $(BIN)
	cd tools/goreleaser && CGO_ENABLED=0 go build -o $@ github.com/goreleaser/goreleaser/v2
	@touch $@

$(ACTIONLINT): tools/actionlint/go.mod tools/actionlint/go.sum
	@mkdir -p $(BIN)
	cd tools/actionlint && CGO_ENABLED=0 go build -o $@ github.com/rhysd/actionlint/cmd/actionlint
	@touch $@

$(SBOMGEN): tools/sbom/go.mod tools/sbom/go.sum
	@mkdir -p $(BIN)
	cd tools/sbom && CGO_ENABLED=0 go build -o $@ github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod
	@touch $@

## release-tools: build bin/goreleaser, bin/actionlint and bin/cyclonedx-gomod (pinned; the first GoReleaser build takes minutes)
release-tools: $(GORELEASER) $(ACTIONLINT) $(SBOMGEN)

## release-snapshot: build all release archives and checksums.txt into dist/ without publishing (no image)
release-snapshot: $(GORELEASER) $(SBOMGEN)
	$(GORELEASER) check
	PATH="$(BIN):$$PATH" $(GORELEASER) release --snapshot --clean --skip=publish,docker,sign
	@cd dist && ls -l *.tar.gz *.zip *.cdx.json checksums.txt

## release-publish: build and publish a tagged release with GoReleaser (the release workflow runs it)
release-publish: $(GORELEASER) $(SBOMGEN)
	@test -n "$(RELEASE_NOTES)" || { echo "release-publish: set RELEASE_NOTES (scripts/release-notes.sh vX.Y.Z > notes.md)" >&2; exit 1; }
	PATH="$(BIN):$$PATH" $(GORELEASER) release --clean --release-notes '$(RELEASE_NOTES)'

## actionlint: check .github/workflows with the pinned actionlint
actionlint: $(ACTIONLINT)
	$(ACTIONLINT)

# The release test (internal/releasetest) runs GoReleaser on a fast subset.
go-test: release-tools
TEST_DEPS += actionlint
