# Upstream check: the function's output through Envoy AI Gateway's and Envoy
# Gateway's own translation (docs/upstream.md).
#
# test/upstream is a separate Go module: it pins AI Gateway's aigw and Envoy
# Gateway's egctl as Go tools and holds xdsdump, a stand-in for Envoy. None of
# it is linked into the function (test/upstream/nolink_test.go checks that).
#
#   make upstream-tools   build bin/upstream/{aigw,egctl,xdsdump} (cold: long, see docs/upstream.md)
#   make upstream-check   run every example and negative control (serially: fixed ports)

UPSTREAM_DIR   := test/upstream
UPSTREAM_BIN   := $(BIN)/upstream
UPSTREAM_AIGW  := $(UPSTREAM_BIN)/aigw
UPSTREAM_EGCTL := $(UPSTREAM_BIN)/egctl
UPSTREAM_DUMP  := $(UPSTREAM_BIN)/xdsdump
# egctl v1.8.1 only builds without the btrfs/devicemapper graph drivers and
# with the pure-Go OpenPGP (no C headers); aigw is built with the same tags so
# the packages both share compile once. CGO_ENABLED=0 also makes Go's os/user
# fall back to $HOME for a uid with no passwd entry, which is how the test
# keeps Envoy Gateway out of the real home directory.
UPSTREAM_TAGS  := exclude_graphdriver_btrfs,exclude_graphdriver_devicemapper,containers_image_openpgp
# Per-run timeout (aigw start-up under load can take a while on a cold cache).
UPSTREAM_TIMEOUT   ?= 3m
UPSTREAM_TESTFLAGS ?= -v

.PHONY: upstream-tools upstream-check

## upstream-tools: build AI Gateway's aigw, Envoy Gateway's egctl and the xDS dumper into bin/upstream
upstream-tools: $(UPSTREAM_AIGW) $(UPSTREAM_EGCTL) $(UPSTREAM_DUMP)

# One `go build` for both tools: the packages they share compile once.
# touch: go build leaves an up-to-date binary untouched, make needs a new mtime.
$(UPSTREAM_AIGW) $(UPSTREAM_EGCTL) &: $(UPSTREAM_DIR)/go.mod $(UPSTREAM_DIR)/go.sum
	@mkdir -p $(UPSTREAM_BIN)
	cd $(UPSTREAM_DIR) && CGO_ENABLED=0 go build -tags '$(UPSTREAM_TAGS)' -trimpath -ldflags '-s -w' \
		-o $(UPSTREAM_BIN)/ github.com/envoyproxy/ai-gateway/cmd/aigw github.com/envoyproxy/gateway/cmd/egctl
	@touch $(UPSTREAM_AIGW) $(UPSTREAM_EGCTL)

$(UPSTREAM_DUMP): $(UPSTREAM_DIR)/go.mod $(UPSTREAM_DIR)/go.sum $(wildcard $(UPSTREAM_DIR)/xdsdump/*.go)
	@mkdir -p $(UPSTREAM_BIN)
	cd $(UPSTREAM_DIR) && CGO_ENABLED=0 go build -trimpath -o $@ ./xdsdump
	@touch $@

## upstream-check: run every example through aigw (xDS dumped by a stand-in Envoy) and egctl, and the negative controls
upstream-check: build upstream-tools
	cd $(UPSTREAM_DIR) && \
	AIGW_BACKEND_BIN='$(FN)' AIGW_UPSTREAM_AIGW='$(UPSTREAM_AIGW)' AIGW_UPSTREAM_EGCTL='$(UPSTREAM_EGCTL)' \
	AIGW_UPSTREAM_XDSDUMP='$(UPSTREAM_DUMP)' AIGW_UPSTREAM_TIMEOUT='$(UPSTREAM_TIMEOUT)' \
		go test -count=1 -p 1 -timeout 60m $(UPSTREAM_TESTFLAGS) ./...

# Part of `make test`: the whole suite is one command (README, .ci/run).
TEST_DEPS += upstream-check
