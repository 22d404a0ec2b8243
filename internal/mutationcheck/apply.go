package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"unicode"
)

// apply returns src with m.from replaced by m.to inside m.symbol. It fails
// when the symbol is missing, when from does not occur in it exactly once,
// or when the result is not valid Go.
func apply(src []byte, m mutation) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, m.file, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", m.file, err)
	}
	scope := findSymbol(f, m.symbol)
	if scope == nil {
		return nil, fmt.Errorf("%s: no function, method or variable %q", m.file, m.symbol)
	}
	want := squeeze(m.from)
	type span struct{ start, end int }
	found := map[span]bool{}
	ast.Inspect(scope, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		switch n.(type) {
		case ast.Expr, ast.Stmt:
		default:
			return true
		}
		s := span{fset.Position(n.Pos()).Offset, fset.Position(n.End()).Offset}
		if squeeze(string(src[s.start:s.end])) == want {
			found[s] = true
		}
		return true
	})
	// An expression statement and its expression cover the same bytes:
	// count distinct places.
	var spans []span
	for s := range found {
		spans = append(spans, s)
	}
	if len(spans) != 1 {
		return nil, fmt.Errorf("%s: %q occurs %d times in %s, want exactly once: update the mutation", m.file, m.from, len(spans), m.symbol)
	}
	s := spans[0]
	out := make([]byte, 0, len(src)+len(m.to))
	out = append(out, src[:s.start]...)
	out = append(out, m.to...)
	out = append(out, src[s.end:]...)
	if _, err := parser.ParseFile(token.NewFileSet(), m.file, out, 0); err != nil {
		return nil, fmt.Errorf("%s: the mutated file does not parse: %w", m.file, err)
	}
	if bytes.Equal(out, src) {
		return nil, fmt.Errorf("%s: the mutation changes nothing", m.file)
	}
	return out, nil
}

// findSymbol returns the declaration of a function ("name"), a method
// ("Type.name") or a package-level variable ("name").
func findSymbol(f *ast.File, symbol string) ast.Node {
	recv, name, isMethod := strings.Cut(symbol, ".")
	if !isMethod {
		name = recv
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.Name != name || (d.Recv != nil) != isMethod {
				continue
			}
			if !isMethod || recvName(d.Recv) == recv {
				return d
			}
		case *ast.GenDecl:
			if isMethod {
				continue
			}
			for _, sp := range d.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						if id.Name == name {
							return vs
						}
					}
				}
			}
		}
	}
	return nil
}

func recvName(l *ast.FieldList) string {
	if l == nil || len(l.List) != 1 {
		return ""
	}
	t := l.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// squeeze drops white space, so that source compares whatever its layout.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
