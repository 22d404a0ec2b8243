package main

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	tests := []struct {
		name        string
		env         map[string]string
		wantApplied bool
	}{
		{"unset: the function's own target", nil, true},
		{"GOGC set: left to the runtime", map[string]string{"GOGC": "50"}, false},
		{"GOGC empty but set: left to the runtime", map[string]string{"GOGC": ""}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := debug.SetGCPercent(100)
			defer debug.SetGCPercent(old)
			lookup := func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }
			percent, applied := tuneGC(lookup)
			if applied != tc.wantApplied {
				t.Fatalf("applied = %v, want %v", applied, tc.wantApplied)
			}
			now := debug.SetGCPercent(100)
			switch {
			case applied && (percent != gcPercent || now != gcPercent):
				t.Fatalf("percent %d, runtime %d, want %d", percent, now, gcPercent)
			case !applied && now != 100:
				t.Fatalf("runtime target changed to %d with GOGC set", now)
			}
		})
	}
}
