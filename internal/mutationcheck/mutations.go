package main

// mutation is one deliberate defect and the tests that must catch it.
type mutation struct {
	name string // stable identifier (-only)
	// why says which promise the mutation breaks.
	why string
	// file (relative to the repository root) and symbol: a function
	// ("fileRefOf"), a method ("fileNumbers.assign") or a package-level
	// variable ("generatedKinds").
	file, symbol string
	// from is an expression or statement inside symbol, as Go source; it
	// must occur exactly once there (white space is not significant).
	from string
	// to replaces it.
	to string
	// pkgs and run select the tests (go test -short -run run pkgs...): the
	// smallest fast set that should catch the defect, never a test written
	// against the mutation's text.
	pkgs []string
	run  string
}

// fnEngineTests are the differential and engine tests of package fn.
const fnEngineTests = "^(TestGeneratedPackagesAgree|TestFastPathAgreesWithFullPath|TestEngine.*|TestGolden.*)$"

var mutations = []mutation{
	{
		name:   "fast-path-drops-file-ref",
		why:    "decide forgets the path/index of the rows it does not read, so new objects reuse an index the fast route left unparsed",
		file:   "fn/decide/decide.go",
		symbol: "Decide",
		from:   "others = append(others, fileRef{path: r.Meta.Path, index: r.Meta.Index, ok: r.Meta.IndexOK})",
		to:     "_ = r",
		pkgs:   []string{"./fn/pipeline/"},
		run:    fnEngineTests,
	},
	{
		name:   "rewritten-keeps-input",
		why:    "the byte writer copies the input bytes of an object written as is even when decide patched its tree",
		file:   "fn/write/bytes.go",
		symbol: "rewritten",
		from:   "err != nil || bytes.Equal(b, r.Item.Document())",
		to:     "err != nil || len(b) > 0",
		pkgs:   []string{"./fn/pipeline/"},
		run:    "^(TestSteadyStateReRender|TestGeneratedPackagesAgree|TestFastPathAgreesWithFullPath)$",
	},
	{
		name:   "failed-run-reads-copies",
		why:    "a failed run keeps its plan instead of giving every row back: items are lost, or lint's failure still adds the new objects",
		file:   "fn/decide/decide.go",
		symbol: "Decide",
		from:   "return unchanged(t, p.Results, orig), nil",
		to:     "return p, nil",
		pkgs:   []string{"./fn/pipeline/"},
		run:    "^(TestLintErrorGivesItemsBackInPlace|TestGeneratedPackagesAgree|TestFastPathAgreesWithFullPath)$",
	},
	{
		name:   "btlsp-is-foreign",
		why:    "BackendTLSPolicy is no longer one of the generated kinds: never patched or pruned",
		file:   "generator/upstream.go",
		symbol: "generatedKinds",
		from:   "{GroupGatewayAPI, KindBackendTLSPolicy}: true",
		to:     "{GroupGatewayAPI, KindBackendTLSPolicy}: false",
		pkgs:   []string{"./fn/pipeline/"},
		run:    fnEngineTests,
	},
	{
		name:   "prune-ignores-group",
		why:    "the role test compares the kind only: another group's Backend carrying the annotation is read, patched and pruned as the function's own",
		file:   "internal/meta/meta.go",
		symbol: "RoleOf",
		from:   "generator.IsGeneratedKind(generator.GroupOf(apiVersion), kind)",
		to:     "generator.IsGeneratedKind(generator.GroupOf(apiVersion), kind) || kind == generator.KindBackend",
		pkgs:   []string{"./fn/pipeline/"},
		run:    "^(TestEngine.*|TestProperties.*|TestRegion.*)$",
	},
	{
		name:   "redaction-off",
		why:    "errors carry the credential values the user wrote (results end up in CI logs)",
		file:   "generator/errors.go",
		symbol: "errs.add",
		from:   "value, msg := redactMessage(path, value, format, args)",
		to:     "msg := fmt.Sprintf(format, args...)",
		pkgs:   []string{"./generator/"},
		run:    "^(TestAuthValuesNeverEchoed|TestCredential.*|TestValidation|TestHostnameUserInfo)$",
	},
	{
		name:   "redaction-policy-off",
		why:    "the one redaction policy no longer hides credential-shaped tokens: every channel (results, resourceRef, stderr, import) prints them",
		file:   "internal/redact/redact.go",
		symbol: "String",
		from:   "spans := Spans(s)",
		to:     "spans := [][]int(nil)",
		pkgs:   []string{".", "./generator/"},
		run:    "^(TestPropertyNothingLeaked|TestPropertyImportLeaksNothing|TestCredential.*|TestHostnameUserInfo)$",
	},
	{
		name:   "numbering-from-zero",
		why:    "new objects are numbered from 0 whatever the file already holds: two items share a path and index (kpt refuses the list)",
		file:   "fn/decide/classify.go",
		symbol: "newFileNumbers",
		from:   "next[cleanPath(f.path)] = max(next[cleanPath(f.path)], n)",
		to:     "next[cleanPath(f.path)] = max(next[cleanPath(f.path)], n-n)", // every file starts at 0
		pkgs:   []string{"./fn/pipeline/"},
		run:    fnEngineTests,
	},
	{
		name:   "yaml11-forgets-on",
		why:    "the one YAML 1.1 word list loses on/On/ON: strings such as \"on\" are written plain, and YAML 1.1 readers (the API server) take them as true",
		file:   "internal/yaml11/bools.go",
		symbol: "Bool",
		from:   "return true, true",
		to:     `return true, strings.ToLower(s) != "on"`,
		pkgs:   []string{"./fn/pipeline/", "./generator/", "./importer/"},
		run:    "^(TestToRNodeMatchesSDK|TestEmitSimpleMatchesEncoder|TestYAML11Traps|TestYAML11WordsQuoted|TestGolden.*)$",
	},
	{
		name:   "lint-forgets-btlsp",
		why:    "lint's kind test loses BackendTLSPolicy: hand-written policies are no longer checked",
		file:   "lint/lint.go",
		symbol: "IsBackendKind",
		from:   "meta.RoleOf(apiVersion, kind) == meta.RoleGenerated",
		to:     "meta.RoleOf(apiVersion, kind) == meta.RoleGenerated && kind != KindBackendTLSPolicy",
		pkgs:   []string{"./lint/", "./fn/pipeline/"},
		run:    "^(TestCheck.*|TestLint.*)$",
	},
	{
		name:   "engine-switch-ignored",
		why:    "AIGW_BACKEND_ENGINE=full no longer forces the full path (bug reports would compare the fast path with itself)",
		file:   "fn/pipeline/run.go",
		symbol: "run",
		from:   "opt.Engine != engineFull",
		to:     "opt.Engine == opt.Engine",
		pkgs:   []string{"./fn/pipeline/"},
		run:    "^TestEngine.*$",
	},
	{
		name:   "patch-drops-comments",
		why:    "patching rewrites the mapping it sets a field in, so the user's comments on its other fields go",
		file:   "fn/decide/patch.go",
		symbol: "setOwned",
		from:   "replaceField(p.YNode(), field, want.Copy().YNode(), 0)",
		to: "replaceField(p.YNode(), field, want.Copy().YNode(), 0)\n" +
			"\tfor _, c := range p.YNode().Content {\n\t\tc.HeadComment, c.LineComment, c.FootComment = \"\", \"\", \"\"\n\t}",
		pkgs: []string{"./fn/pipeline/"},
		run:  "^(TestProperties.*|TestEngine.*|TestGolden.*)$",
	},
	{
		name:   "fn-local-config-true-only",
		why:    "the function goes back to its own local-config rule (only \"true\"): it warns about a spec kustomize and kpt never deploy, and disagrees with the whole-build check",
		file:   "fn/decide/apply.go",
		symbol: "isLocalConfig",
		from:   "buildmeta.IsLocalConfig(meta.Annotations(n))",
		to:     `meta.Annotations(n)[buildmeta.LocalConfig] == "true"`,
		pkgs:   []string{"./internal/buildmeta/"},
		run:    "^TestLocalConfigOneRule$",
	},
	{
		name:   "check-local-config-decoded",
		why:    "the whole-build check reads local-config from the decoded object again: \"\" counts as absent and an unquoted False as false, unlike kustomize and the function",
		file:   "internal/check/object.go",
		symbol: "decode",
		from:   "o.local = buildmeta.IsLocalConfig(written)",
		to:     `o.local = lint.Str(lint.Map(lo.Body, "metadata", "annotations"), buildmeta.LocalConfig) != "" && lint.Str(lint.Map(lo.Body, "metadata", "annotations"), buildmeta.LocalConfig) != "false"`,
		pkgs:   []string{"./internal/buildmeta/"},
		run:    "^TestLocalConfigOneRule$",
	},
	{
		name:   "steady-state-trusts-the-owner",
		why:    "decide keeps every owned object of the steady state as bytes without comparing them with what its spec produces: an edited owned field is never patched back",
		file:   "fn/decide/steady.go",
		symbol: "asProduced",
		from:   "writtenWithFile(t, obj, r.Meta.Path, r.Meta.Index, r.Item.Document())",
		to:     "r != nil && obj != nil",
		pkgs:   []string{"./fn/pipeline/"},
		run:    "^(TestSteadyState.*|TestGeneratedPackagesAgree|TestFastPathAgreesWithFullPath)$",
	},
	{
		name:   "block-reader-swaps-index-spellings",
		why:    "the block reader takes the legacy index annotation for the internal one: its Meta differs from the full reader's, and new objects are numbered from the wrong index",
		file:   "fn/rawlist/parse.go",
		symbol: "parser.annotation",
		from:   "[5]*string{&h.Path, &h.LegacyPath, &h.Index, &h.LegacyIndex, &h.Owner}",
		to:     "[5]*string{&h.Path, &h.LegacyPath, &h.LegacyIndex, &h.Index, &h.Owner}",
		pkgs:   []string{"./fn/pipeline/"},
		run:    "^(TestReadersAgree|TestGeneratedPackagesAgree|TestEngine.*)$",
	},
	{
		name:   "flow-item-header-certain",
		why:    "a flow-style item counts as read: its empty header makes it an unrelated item, so a flow-style spec is never parsed",
		file:   "fn/rawlist/parse.go",
		symbol: "parser.itemLine",
		from:   "Header{Certain: !odd}",
		to:     "Header{Certain: true}",
		pkgs:   []string{"./fn/pipeline/", "./fn/rawlist/"},
		run:    "^(TestOddYAML|TestEngineOddItemsTakeTheFastPath)$",
	},
	{
		name:   "terminate-keeps-chomping",
		why:    "a block scalar ending an input without a line break gains one on the fast route",
		file:   "fn/rawlist/eof.go",
		symbol: "Terminate",
		from:   "if !strip { out = append(out, '-') }",
		to:     "_ = strip",
		pkgs:   []string{"./fn/pipeline/", "./fn/rawlist/"},
		run:    "^(TestTerminate|TestEngineNoFinalLineBreakTakesTheFastPath)$",
	},
	{
		name:   "json-plain-true",
		why:    "a JSON string \"true\" or \"null\" is written plain, so YAML reads a boolean or null",
		file:   "internal/jsonyaml/jsonyaml.go",
		symbol: "plain",
		from:   "bytes.ToLower(s)",
		to:     "bytes.ToUpper(s)",
		pkgs:   []string{"./fn/pipeline/", "./internal/jsonyaml/"},
		run:    "^(TestToBlockSameData|TestEngineJSONListTakesTheFastPath)$",
	},
	{
		name:   "json-literal-clips-breaks",
		why:    "a JSON string made of line breaks only is written as a literal block scalar that clips them: YAML reads an empty string",
		file:   "internal/jsonyaml/jsonyaml.go",
		symbol: "writer.literal",
		from:   `strings.HasSuffix(s, "\n\n") || strings.Trim(s, "\n") == ""`,
		to:     `strings.HasSuffix(s, "\n\n")`,
		pkgs:   []string{"./fn/pipeline/", "./internal/jsonyaml/"},
		run:    "^(TestToBlockSameData|TestToBlock|TestEngineJSONListTakesTheFastPath)$",
	},
}
