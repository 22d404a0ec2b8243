package read

import (
	"math/rand"
	"regexp"
	"testing"
)

// TestHasDocMarkerMatchesTheRule holds hasDocMarker to the rule it
// replaced, a regular expression, on hand-picked and random inputs.
func TestHasDocMarkerMatchesTheRule(t *testing.T) {
	rule := regexp.MustCompile(`(?m)^(?:---|\.\.\.)(?:[ \t]|\r?$)`)
	cases := []string{"", "---", "...", "--- ", "---\n", "---\r\n", "---\r", "---\rx", "----", "---x", "a\n---", "a\n ---", "a---\n",
		"a: b\n...\n", "x\n...x", "x\n... #c", "- --- \n", "\n---\t", "..", "--"}
	r := rand.New(rand.NewSource(1))
	parts := []string{"-", ".", "\n", "\r", " ", "\t", "a", "---", "..."}
	for range 20000 {
		s := ""
		for n := r.Intn(12); n > 0; n-- {
			s += parts[r.Intn(len(parts))]
		}
		cases = append(cases, s)
	}
	for _, c := range cases {
		if got, want := hasDocMarker([]byte(c)), rule.MatchString(c); got != want {
			t.Fatalf("hasDocMarker(%q) = %v, the rule says %v", c, got, want)
		}
	}
}
