package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// fuzzStats counts, for a differential fuzz target, how many inputs it was
// given and how many of them it really compared (both engines ran and were
// held equal). Under `go test -fuzz` every worker is a process of its own,
// so there is no end-of-run hook that sees all inputs: with AIGW_FUZZ_STATS
// set to a directory, each process rewrites one file of its own there (at
// most every 200 ms and at the first and every 1 000th input), and the
// make target sums the files after the run (mk/fuzz.mk). The last 200 ms
// of a worker may be missing from the sum; both counts miss them alike.
type fuzzStats struct {
	mu                  sync.Mutex
	file                string
	generated, compared int64
	last                time.Time
}

func newFuzzStats(target string) *fuzzStats {
	s := &fuzzStats{}
	if dir := os.Getenv("AIGW_FUZZ_STATS"); dir != "" {
		s.file = filepath.Join(dir, fmt.Sprintf("%s-%d.txt", target, os.Getpid()))
	}
	return s
}

// record counts one input; compared says whether both engines ran on it and
// their outputs were held equal.
func (s *fuzzStats) record(compared bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.generated++
	if compared {
		s.compared++
	}
	if s.file == "" {
		return
	}
	if now := time.Now(); s.generated == 1 || s.generated%1000 == 0 || now.Sub(s.last) > 200*time.Millisecond {
		s.last = now
		// A failed write only loses the figure, never the fuzzing.
		_ = os.WriteFile(s.file, fmt.Appendf(nil, "generated %d\ncompared %d\n", s.generated, s.compared), 0o644)
	}
}
