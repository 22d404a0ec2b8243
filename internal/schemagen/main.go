// Command schemagen writes schemas/aibackendspec.schema.json, the JSON Schema
// of AIBackendSpec that editors and validators such as kubeconform use.
//
// The structure comes from generator.JSONSchema (the Go types, json tags,
// catalog and patterns the function itself decodes and checks with); the
// descriptions come from the field table in README.md, and for fields the
// table does not list, from the doc comments in generator/types.go. The
// schema therefore has no source of its own: change the types, the catalog
// or the README and run `make schema` (or `go generate ./generator/`).
// TestSchemaFileIsCurrent fails while the file is stale.
//
// It lives in its own package so that neither go/parser nor the README
// reading ends up in the function binary.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aigw-dev/aigw-backend/generator"
)

// SchemaURL is where the published schema is served from; the examples'
// `# yaml-language-server: $schema=` lines point at it.
const SchemaURL = "https://raw.githubusercontent.com/aigw-dev/aigw-backend/main/schemas/aibackendspec.schema.json"

// SchemaPath is the schema file, relative to the repository root.
const SchemaPath = "schemas/aibackendspec.schema.json"

// Modeline is the first line of a spec file that points editors at the schema.
const Modeline = "# yaml-language-server: $schema=" + SchemaURL

// RegenerateHint says how to bring the file up to date.
const RegenerateHint = "run `make schema` (or `go generate ./generator/`) and commit " + SchemaPath

func main() {
	root := flag.String("root", ".", "repository root (holds README.md and generator/types.go)")
	out := flag.String("o", "", "output file (default <root>/"+SchemaPath+"; - for stdout)")
	modelines := flag.String("modelines", "", "instead: add the yaml-language-server line to every spec file under this directory that lacks it")
	flag.Parse()
	if *modelines != "" {
		added, err := AddModelines(*modelines)
		for _, f := range added {
			fmt.Println("added the schema line:", f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "schemagen:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*root, *out); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

func run(root, out string) error {
	data, err := Render(root)
	if err != nil {
		return err
	}
	if out == "-" {
		_, err = os.Stdout.Write(data)
		return err
	}
	if out == "" {
		out = filepath.Join(root, SchemaPath)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("creating the schema directory: %w", err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return fmt.Errorf("writing the schema: %w", err)
	}
	return nil
}

// Render returns the schema file's content for the repository at root.
func Render(root string) ([]byte, error) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		return nil, fmt.Errorf("reading the field reference: %w", err)
	}
	rows, err := fieldTable(string(readme))
	if err != nil {
		return nil, fmt.Errorf("README.md: %w", err)
	}
	docs, err := goDocs(filepath.Join(root, "generator", "types.go"))
	if err != nil {
		return nil, err
	}
	describe := func(f generator.SchemaField) string {
		if d, ok := rows.lookup(f.Path); ok {
			return d
		}
		if f.GoType == "" {
			return docs["AIBackendSpec"]
		}
		return docs[f.GoType+"."+f.GoField]
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(generator.JSONSchema(SchemaURL, describe)); err != nil {
		return nil, fmt.Errorf("encoding the schema: %w", err)
	}
	return buf.Bytes(), nil
}

// repoURL is where the README's relative links point once a description
// is read outside the README (an editor's hover, a validator's message).
const repoURL = "https://github.com/aigw-dev/aigw-backend"

// mdLink is a markdown link with its target.
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// standalone makes a README cell readable on its own: relative links
// become absolute (an anchor in the README, or a file on main).
func standalone(s string) string {
	return mdLink.ReplaceAllStringFunc(s, func(m string) string {
		target := mdLink.FindStringSubmatch(m)[1]
		switch {
		case strings.Contains(target, "://"):
			return m
		case strings.HasPrefix(target, "#"):
			return "](" + repoURL + target + ")"
		}
		return "](" + repoURL + "/blob/main/" + target + ")"
	})
}

// fieldRows maps README field paths to descriptions; suffix rows ("…oidc")
// apply to every path ending in that field.
type fieldRows struct {
	exact, suffix map[string]string
}

func (r fieldRows) lookup(path string) (string, bool) {
	if d, ok := r.exact[path]; ok {
		return d, true
	}
	for s, d := range r.suffix {
		if strings.HasSuffix(path, "."+s) {
			return d, true
		}
	}
	return "", false
}

// fieldTable reads the `| field | meaning | default |` table of the
// README's FunctionConfig section.
func fieldTable(readme string) (fieldRows, error) {
	rows := fieldRows{exact: map[string]string{}, suffix: map[string]string{}}
	_, section, ok := strings.Cut(readme, "\n## FunctionConfig\n")
	if !ok {
		return rows, errors.New(`no "## FunctionConfig" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	inTable := false
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "| field | meaning | default |") {
			inTable = true
			continue
		}
		if !inTable || strings.HasPrefix(line, "|---") {
			continue
		}
		if !strings.HasPrefix(line, "|") {
			if len(rows.exact)+len(rows.suffix) > 0 {
				break
			}
			continue
		}
		cells := splitRow(line)
		if len(cells) != 3 {
			return rows, fmt.Errorf("field table row %q has %d cells, want 3", line, len(cells))
		}
		desc := standalone(capitalize(cells[1])) + "."
		switch d := cells[2]; d {
		case "—", "-", "":
		case "required":
			desc += " Required."
		default:
			desc += " Default: " + d + "."
		}
		for _, name := range backticked(cells[0]) {
			if s, ok := strings.CutPrefix(name, "…"); ok {
				rows.suffix[s] = desc
			} else {
				rows.exact[name] = desc
			}
		}
	}
	if len(rows.exact) == 0 {
		return rows, errors.New("the FunctionConfig section has no field table")
	}
	return rows, nil
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// splitRow splits a Markdown table row on unescaped pipes and unescapes
// the cells.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

// backticked returns the `code` spans of a cell.
func backticked(cell string) []string {
	var out []string
	parts := strings.Split(cell, "`")
	for i := 1; i < len(parts); i += 2 {
		out = append(out, parts[i])
	}
	return out
}

// goDocs returns the doc comment of every struct field in file, keyed by
// "Type.Field", and of every type, keyed by "Type", each on one line.
func goDocs(file string) (map[string]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("reading the Go doc comments: %w", err)
	}
	docs := map[string]string{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			doc := ts.Doc
			if doc == nil && len(gd.Specs) == 1 {
				doc = gd.Doc
			}
			docs[ts.Name.Name] = oneLine(doc)
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, field := range st.Fields.List {
				text := oneLine(field.Doc)
				if text == "" {
					text = oneLine(field.Comment)
				}
				for _, name := range field.Names {
					docs[ts.Name.Name+"."+name.Name] = text
				}
			}
		}
	}
	return docs, nil
}

func oneLine(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	return strings.Join(strings.Fields(g.Text()), " ")
}

// SpecFile reports whether a YAML file holds an AIBackendSpec someone edits:
// generated outputs (expected-kpt/, rendered/) get the line from the input
// they are rendered from.
func SpecFile(path string, content []byte) bool {
	slash := filepath.ToSlash(path)
	if !(strings.HasSuffix(slash, ".yaml") || strings.HasSuffix(slash, ".yml")) ||
		strings.Contains(slash, "/expected-kpt/") || strings.Contains(slash, "/rendered/") {
		return false
	}
	for _, line := range strings.Split(string(content), "\n") {
		if strings.TrimSpace(line) == "kind: "+generator.Kind {
			return true
		}
	}
	return false
}

// AddModelines puts Modeline first in every spec file under dir that does
// not start with it, and returns the files it changed.
func AddModelines(dir string) ([]string, error) {
	var added []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !SpecFile(path, raw) || bytes.HasPrefix(raw, []byte(Modeline+"\n")) {
			return nil
		}
		if err := os.WriteFile(path, append([]byte(Modeline+"\n"), raw...), d.Type().Perm()|0o644); err != nil {
			return fmt.Errorf("adding the schema line: %w", err)
		}
		added = append(added, path)
		return nil
	})
	return added, err
}
