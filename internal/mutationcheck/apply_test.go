package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMutationsApply fails as soon as a refactor moves or changes the code a
// mutation is anchored on, in every `go test`, before the slower
// `make mutation-check` would report it stale.
func TestMutationsApply(t *testing.T) {
	names := map[string]bool{}
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			assert.False(t, names[m.name], "duplicate name")
			names[m.name] = true
			require.NotEmpty(t, m.pkgs, "a mutation needs tests")
			src, err := os.ReadFile(filepath.Join("..", "..", m.file))
			require.NoError(t, err)
			_, err = apply(src, m)
			require.NoError(t, err)
		})
	}
}

func TestApplyIsExact(t *testing.T) {
	src := []byte(`package p

var table = map[string]bool{"a": true, "b": true}

func f(x int) int {
	y := x + 1
	return y * 2
}

func g(x int) int {
	y := x + 1
	if y > 3 {
		y = x + 1
	}
	return y
}

type T struct{}

func (T) f() int { return 1 + 1 }
`)
	for _, tc := range []struct {
		name, symbol, from, to, err string
	}{
		{name: "statement", symbol: "f", from: "y := x + 1", to: "y := x - 7"},
		{name: "layout-free", symbol: "f", from: "y  :=  x+1", to: "y := x - 7"},
		{name: "expression", symbol: "f", from: "y * 2", to: "y * 3"},
		{name: "variable", symbol: "table", from: `"b": true`, to: `"b": false`},
		{name: "method", symbol: "T.f", from: "1 + 1", to: "1 + 2"},
		{name: "twice", symbol: "g", from: "x + 1", to: "x", err: "occurs 2 times"},
		{name: "absent", symbol: "f", from: "x - 1", to: "x", err: "occurs 0 times"},
		{name: "no-symbol", symbol: "h", from: "x", to: "y", err: "no function"},
		{name: "method-is-not-function", symbol: "U.f", from: "1 + 1", to: "2", err: "no function"},
		{name: "bad-go", symbol: "f", from: "y * 2", to: "y *", err: "does not parse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := apply(src, mutation{file: "p.go", symbol: tc.symbol, from: tc.from, to: tc.to})
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, 1, strings.Count(string(out), tc.to), "%s", out)
		})
	}
}
