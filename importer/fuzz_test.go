package importer

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzImport: any input imports without a panic, and the same input always
// gives the same specs and report.
//
//	go test -run '^$' -fuzz FuzzImport -fuzztime 30s ./importer/
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.yaml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a := importFiles([]Input{{File: "f.yaml", Data: data}}, Options{})
		b := importFiles([]Input{{File: "f.yaml", Data: data}}, Options{})
		ya, errA := a.Marshal()
		yb, errB := b.Marshal()
		if (errA == nil) != (errB == nil) || string(ya) != string(yb) || len(a.Lines) != len(b.Lines) {
			t.Fatalf("not deterministic")
		}
		for i := range a.Lines {
			if a.Lines[i] != b.Lines[i] {
				t.Fatalf("report differs: %s / %s", a.Lines[i], b.Lines[i])
			}
		}
	})
}
