# Pinned upstream CRDs for internal/crdvalidate (testdata/crds/, see its README.md).

.PHONY: crds crds-verify

## crds: fetch the pinned upstream CRDs into testdata/crds from the Go module proxy and verify their sha256
crds:
	scripts/fetch-crds.sh

## crds-verify: check testdata/crds against testdata/crds/SHA256SUMS (offline)
crds-verify:
	cd testdata/crds && sha256sum --check --quiet SHA256SUMS

TEST_DEPS += crds-verify

.PHONY: crd-fields

## crd-fields: regenerate lint/crdfields_gen.go (the field trees of the pinned CRDs that the unknown-field rule reads) after `make crds`; TestGeneratedFileIsCurrent fails while it is stale
crd-fields:
	go generate ./lint/
