# Golden files: expected outputs reviewed by people (docs in README, "Tests").
#
# One switch rewrites them all: AIGW_UPDATE_GOLDEN=1, read only through
# internal/tooltest (UpdatingGolden, Golden). A test that rewrites a file
# FAILS ("updated; ... run the tests again"), so no test passes on a file it
# has just written; with CI=true the variable fails every golden test, so CI
# can never regenerate its way to green.
#
#   make update-golden   rewrite every golden of every package that has one,
#                        then run the same tests again without the variable
#                        (they must pass) and list what changed for review

# Every package with golden files or generated README blocks.
GOLDEN_PKGS := . ./fn/pipeline/ ./generator/ ./importer/ ./internal/schemagen/ $(E2E_PKG)

.PHONY: update-golden

## update-golden: rewrite every golden file (refused under CI=true), re-run the tests without rewriting, list the changes to review
update-golden: build tools
	@if [ "$${CI:-}" = true ]; then \
		echo "update-golden: refused with CI=true: golden files are reviewed by people, never rewritten by CI" >&2; exit 1; \
	fi
	@echo "update-golden: rewriting (tests that rewrite a file fail here, by design)"
	-AIGW_UPDATE_GOLDEN=1 go test -count=1 $(GOLDEN_PKGS) >/dev/null
	@echo "update-golden: checking the rewritten files without AIGW_UPDATE_GOLDEN"
	go test -count=1 $(GOLDEN_PKGS)
	@git --no-pager diff --stat || true
	@git status --short || true
	@echo "update-golden: review every change (git diff) -- a rewritten golden is not a fix"
