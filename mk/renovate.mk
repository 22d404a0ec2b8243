# renovate.json (dependency update pull requests) checked by Renovate's own
# validator, pinned to one release and installed from npm into bin/renovate
# on first use (about 600 packages, a few minutes; needs Node.js and the npm
# registry). Not part of `make test`, which stays offline after the Go
# module download: run it when renovate.json changes. Offline,
# internal/releasetest (TestRenovateCoversThePins, part of `make test`)
# checks that the configuration covers every Go module and pinned version.

RENOVATE_VERSION := 44.121.2
RENOVATE_DIR     := $(BIN)/renovate

.PHONY: renovate-check

$(RENOVATE_DIR)/node_modules/.bin/renovate-config-validator:
	@mkdir -p $(RENOVATE_DIR)
	npm install --prefix $(RENOVATE_DIR) --no-audit --no-fund --ignore-scripts renovate@$(RENOVATE_VERSION)

## renovate-check: validate renovate.json with Renovate's own validator (pinned; installs it from npm on first use)
renovate-check: $(RENOVATE_DIR)/node_modules/.bin/renovate-config-validator
	$< --strict renovate.json
