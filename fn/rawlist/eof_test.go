package rawlist

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// TestTerminate checks that the line break Terminate gives an input leaves
// kyaml's reading of it unchanged, for every block scalar header and the
// ways its last line can end the input.
func TestTerminate(t *testing.T) {
	headers := []string{"|", "|+", "|-", ">", ">+", ">-", "|2", "|2+", "|-2", ">+1", "|+ # c"}
	bodies := []string{
		"    x",                   // content
		"    x\n    y",            // two lines
		"    x\n\n    y",          // a blank line inside
		"    x\n",                 // hmm: ends with a line break (not touched)
		"    x\n  ",               // spaces, fewer than the indentation
		"    x\n    ",             // spaces, as many as the indentation
		"    x\n      ",           // spaces beyond the indentation: content
		"    x\n\n",               // blank lines
		"    x\n\n  ",             // blank lines then spaces
		"    x\n     more\n    y", // folded more-indented line
		"",                        // header last
		"  ",                      // no content yet
	}
	others := []string{
		"- a: 1",
		"- a: 'x\n    y'",
		"- a: x\n    y",
		"- {a: 1,\n   b: 2}",
		"- a: 1\n  # c",
		"- a: 1\n  b: {c: 1}\n# c",
		"- a: 1\n  b:\n    c: 1\n\n# c\n\n  ",
		"- a: 1\n" + "functionConfig:\n  b: x",
		"- a: 1\n" + "functionConfig:\n  b: |\n    x",
		"- a: 1\n" + "results:\n- message: |+\n    x",
	}
	var ins []string
	for _, h := range headers {
		for _, b := range bodies {
			ins = append(ins, rl("- a: 1\n  b: "+h+"\n"+b))
			ins = append(ins, rl("- a: 1\n  b:\n  - c: "+h+"\n"+strings.ReplaceAll(b, "    ", "      ")))
		}
	}
	for _, o := range others {
		ins = append(ins, rl(o), strings.ReplaceAll(rl(o), "\n", "\r\n"))
	}
	taken := 0
	for i, in := range ins {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			var want any
			if err := yaml.Unmarshal([]byte(in), &want); err != nil {
				t.Skipf("not YAML to go-yaml: %v", err)
			}
			out, ok := Terminate([]byte(in))
			if !ok {
				return
			}
			taken++
			require.True(t, strings.HasSuffix(string(out), "\n"), "%q", out)
			var got any
			require.NoError(t, yaml.Unmarshal(out, &got), "%q", out)
			assert.Equal(t, want, got, "%q\n->\n%q", in, out)
			_, ok = Parse(out)
			assert.True(t, ok, "%q", out)
		})
	}
	t.Logf("Terminate took %d of %d inputs", taken, len(ins))
	assert.Greater(t, taken, len(ins)*9/10)
}
