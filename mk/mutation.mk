# Mutation check: proof that the fast tests can fail. internal/mutationcheck
# applies each deliberate defect of its list (mutations.go: the fast path
# forgetting an item's file index, BackendTLSPolicy treated as a foreign
# kind, pruning that ignores the group, redaction off (in the generator and
# in the one policy every channel uses), new objects numbered
# from 0, lint's kind table losing a kind, patching that drops comments,
# AIGW_BACKEND_ENGINE=full ignored) to
# a temporary copy of the repository and requires the tests chosen for it to
# FAIL. It prints `killed N of N`; a mutation that survives, or that no
# longer applies to the code (anchors are symbols, checked to match exactly
# once), fails the target.
#
#   make mutation-check              every mutation
#   make mutation-check MUTATION=x   one (names: go run ./internal/mutationcheck -list)

MUTATION ?=

.PHONY: mutation-check

## mutation-check: apply each deliberate product-code mutation to a copy of the repository; the fast tests must fail on every one (killed N of N)
mutation-check:
	go run ./internal/mutationcheck -root . $(if $(MUTATION),-only $(MUTATION))

TEST_DEPS += mutation-check
