package tooltest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goldenTB records Errorf and Fatalf; a Fatalf stops Golden as a real
// test's would (runtime.Goexit), here with a panic the test recovers.
type goldenTB struct {
	testing.TB
	errored, fatal string
}

type stopped struct{}

func (r *goldenTB) Helper()                           {}
func (r *goldenTB) Errorf(format string, args ...any) { r.errored = fmt.Sprintf(format, args...) }
func (r *goldenTB) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	panic(stopped{})
}

func runGolden(tb *goldenTB, path string, got []byte, removeIfEmpty bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stopped); !ok {
				panic(r)
			}
		}
	}()
	Golden(tb, path, got, removeIfEmpty)
}

func TestGoldenPolicy(t *testing.T) {
	for _, tc := range []struct {
		name              string
		ci, update        string
		have              *string // file content before; nil = no file
		got               string
		removeIfEmpty     bool
		wantErr, wantFail string  // substrings; "" = none
		wantFile          *string // content after; nil = no file
	}{
		{name: "same", have: ptr("a\n"), got: "a\n", wantFile: ptr("a\n")},
		{name: "differs", have: ptr("a\n"), got: "b\n", wantErr: "make update-golden", wantFile: ptr("a\n")},
		{name: "missing", got: "b\n", wantErr: "is missing"},
		{name: "missing and empty is fine", got: "", removeIfEmpty: true},
		{name: "update rewrites and fails", update: "1", have: ptr("a\n"), got: "b\n", wantErr: "updated", wantFile: ptr("b\n")},
		{name: "update of a same file passes", update: "1", have: ptr("a\n"), got: "a\n", wantFile: ptr("a\n")},
		{name: "update removes an emptied file", update: "1", have: ptr("a\n"), got: "", removeIfEmpty: true, wantErr: "updated"},
		{name: "update under CI is refused", ci: "true", update: "1", have: ptr("a\n"), got: "b\n", wantFail: "never rewritten in CI", wantFile: ptr("a\n")},
		{name: "update under CI is refused even when equal", ci: "true", update: "1", have: ptr("a\n"), got: "a\n", wantFail: "never rewritten in CI", wantFile: ptr("a\n")},
		{name: "CI without update compares", ci: "true", have: ptr("a\n"), got: "b\n", wantErr: "differs", wantFile: ptr("a\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			t.Setenv(UpdateGoldenEnv, tc.update)
			path := filepath.Join(t.TempDir(), "expected.yaml")
			if tc.have != nil {
				require.NoError(t, os.WriteFile(path, []byte(*tc.have), 0o644))
			}
			tb := &goldenTB{TB: t}
			runGolden(tb, path, []byte(tc.got), tc.removeIfEmpty)
			check := func(want, got string) {
				if want == "" {
					assert.Empty(t, got)
				} else {
					assert.Contains(t, got, want)
				}
			}
			check(tc.wantErr, tb.errored)
			check(tc.wantFail, tb.fatal)
			b, err := os.ReadFile(path)
			if tc.wantFile == nil {
				assert.True(t, os.IsNotExist(err), "no file expected")
			} else {
				require.NoError(t, err)
				assert.Equal(t, *tc.wantFile, string(b))
			}
		})
	}
}

func ptr(s string) *string { return &s }
