package importer

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/lint"
)

// TestGenerateOfImportReproducesCorrectObjects: already-correct
// hand-written objects import without any correction or error, and the
// imported specs generate objects with the same hostnames, ports, schema,
// TLS validation, policy type and credential block.
func TestGenerateOfImportReproducesCorrectObjects(t *testing.T) {
	files, err := filepath.Glob("testdata/handwritten/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, inputs := sourceObjects(t, f)
			res := importFiles(inputs, Options{})
			for _, l := range res.Lines {
				assert.NotContains(t, []string{sevCorrected, sevError, sevWarning}, l.Severity, "%s", l)
			}
			require.False(t, res.Failed)
			require.NotEmpty(t, res.Specs)
			for _, s := range res.Specs {
				// a spec with endpoint.regions generates several
				// AIServiceBackends: compare each with its source
				gen := generatedObjects(t, s.Spec)
				n := 0
				for _, o := range gen {
					if o.Kind != lint.KindAIServiceBackend {
						continue
					}
					n++
					want := viewOf(t, src, s.Spec.Metadata.Namespace, o.Name)
					got := viewOf(t, gen, s.Spec.Metadata.Namespace, o.Name)
					assert.Equal(t, want, got)
				}
				assert.NotZero(t, n)
			}
		})
	}
}
