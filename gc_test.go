package main

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	tests := []struct {
		name        string
		env         map[string]string
		size        int
		wantApplied bool
	}{
		{"unset: the function's own target", nil, 1 << 20, true},
		{"unset, input at the bound: the function's own target", nil, lazyGCMaxInput, true},
		{"unset, big input: the runtime's default", nil, lazyGCMaxInput + 1, false},
		{"GOGC set: left to the runtime", map[string]string{"GOGC": "50"}, 1 << 20, false},
		{"GOGC empty but set: left to the runtime", map[string]string{"GOGC": ""}, 1 << 20, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := debug.SetGCPercent(100)
			defer debug.SetGCPercent(old)
			lookup := func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }
			percent, applied := tuneGC(lookup, tc.size)
			if applied != tc.wantApplied {
				t.Fatalf("applied = %v, want %v", applied, tc.wantApplied)
			}
			now := debug.SetGCPercent(100)
			switch {
			case applied && (percent != gcPercent || now != gcPercent):
				t.Fatalf("percent %d, runtime %d, want %d", percent, now, gcPercent)
			case !applied && now != 100:
				t.Fatalf("runtime target changed to %d", now)
			}
		})
	}
}
