# Pinned upstream CRDs for internal/crdvalidate (testdata/crds/, see its README.md).

.PHONY: crds crds-verify

## crds: fetch the pinned upstream CRDs into testdata/crds from the Go module proxy and verify their sha256
crds:
	scripts/fetch-crds.sh

## crds-verify: check testdata/crds against testdata/crds/SHA256SUMS (offline)
crds-verify:
	cd testdata/crds && sha256sum --check --quiet SHA256SUMS

TEST_DEPS += crds-verify
