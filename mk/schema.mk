# The JSON Schema of AIBackendSpec for editors and validators
# (schemas/aibackendspec.schema.json). It is generated from the Go types,
# the provider catalog and the README field table by internal/schemagen;
# TestSchemaFileIsCurrent (part of `go test ./...`) fails while it is stale.

.PHONY: schema

## schema: regenerate schemas/aibackendspec.schema.json (after changing generator/types.go, the catalog or the README field table)
schema:
	go run ./internal/schemagen -root .

.PHONY: schema-modelines

## schema-modelines: add the yaml-language-server schema line to example specs that lack it; then run make update-golden and review expected-kpt/
schema-modelines:
	go run ./internal/schemagen -modelines examples
