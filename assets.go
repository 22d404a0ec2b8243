package main

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
)

// The files users need next to the binary, embedded from the folders that
// are their one source (kustomizeconfig/ and schemas/), so that a user with
// only the binary or the image can write them out:
//
//	aigw-backend kustomizeconfig > aigw-backend.yaml
//	aigw-backend schema > aibackendspec.schema.json
//
//go:embed kustomizeconfig/aigw-backend.yaml kustomizeconfig/kustomization.yaml
var kustomizeConfig embed.FS

//go:embed schemas/aibackendspec.schema.json
var schemas embed.FS

// assetCommands are the subcommands that print an embedded file; the
// kustomizeconfig command prints the Component's kustomization.yaml with
// --component.
var assetCommands = map[string]struct {
	fs    fs.FS
	file  string
	other map[string]string // flag -> alternative file
	help  string
}{
	"kustomizeconfig": {fs: kustomizeConfig, file: "kustomizeconfig/aigw-backend.yaml",
		other: map[string]string{"--component": "kustomizeconfig/kustomization.yaml"},
		help: "usage: aigw-backend kustomizeconfig [--component]\n" +
			"prints the kustomize name-reference configuration of this version (save it as\n" +
			"aigw-backend.yaml next to a kustomization and list it under configurations:);\n" +
			"--component prints the kustomization.yaml that makes the folder of both files a\n" +
			"Component (components: [path/to/folder])\n"},
	"schema": {fs: schemas, file: "schemas/aibackendspec.schema.json",
		help: "usage: aigw-backend schema\nprints the JSON Schema of AIBackendSpec of this version\n"},
}

// printAsset runs one of assetCommands.
func printAsset(name string, args []string, stdout, stderr io.Writer) int {
	c := assetCommands[name]
	file := c.file
	for _, a := range args {
		switch {
		case a == "-h" || a == "--help":
			fmt.Fprint(stdout, c.help)
			return 0
		case c.other[a] != "":
			file = c.other[a]
		default:
			fmt.Fprintf(stderr, "aigw-backend %s: unknown argument %q\n%s", name, a, c.help)
			return 2
		}
	}
	b, err := fs.ReadFile(c.fs, file)
	if err != nil {
		fmt.Fprintf(stderr, "aigw-backend %s: %v\n", name, err)
		return 1
	}
	if _, err := stdout.Write(b); err != nil {
		fmt.Fprintf(stderr, "aigw-backend %s: writing stdout: %v\n", name, err)
		return 1
	}
	return 0
}
