# Product complexity: gocyclo totals and the fast route's share of them
# (scripts/complexity.sh says what counts as product code and as fast
# route). gocyclo is pinned as a `tool` of tools/go.mod and built into bin/.
# Not part of `make test`: a measurement, not a check.
#   make complexity                 the working tree
#   make complexity REV=<commit>    an older revision, for before/after

GOCYCLO := $(BIN)/gocyclo

.PHONY: complexity

$(GOCYCLO): tools/go.mod tools/go.sum
	@mkdir -p $(BIN)
	@rm -f $@
	cd tools && go build -o $@ github.com/fzipp/gocyclo/cmd/gocyclo
	@touch $@

## complexity: gocyclo totals, fast-route share and line counts of product code (REV=<commit> for an older one)
complexity: $(GOCYCLO)
	GOCYCLO='$(GOCYCLO)' scripts/complexity.sh $(REV)
