package e2e

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/crdvalidate"
)

// TestExpectedOutputsAreValid: everything an example sends to a cluster —
// every expected.yaml, every non-local-config object of expected-kpt/ and the
// Config Sync rendering — is accepted by the pinned upstream CRDs (schema,
// CEL rules, strict unknown fields) with no deprecation warning. Golden
// files prove the output is stable; this proves it is right.
func TestExpectedOutputsAreValid(t *testing.T) {
	if updatingGolden(t) {
		t.Skip("AIGW_UPDATE_GOLDEN=1: the expected files are being rewritten; run again to validate them")
	}
	v, dir, err := crdvalidate.LoadDefault()
	require.NoError(t, err, "loading the CRDs (%s)", dir)
	ex := examplesDir(t)
	var streams []string
	err = filepath.WalkDir(ex, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(ex, p)
		switch {
		case d.Name() == "expected.yaml", rel == filepath.Join("config-sync", "rendered", "manifests.yaml"):
			streams = append(streams, rel)
		case strings.Contains(rel, "expected-kpt"+string(filepath.Separator)) && strings.HasSuffix(rel, ".yaml"):
			streams = append(streams, rel)
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, streams)
	for _, rel := range streams {
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			var keep []string
			for _, o := range parseObjects(t, readFile(t, filepath.Join(ex, rel)), rel) {
				// lint-hand-written keeps deliberately wrong hand-written
				// objects (TestLintExampleIsWrong proves they are); its
				// generated objects are checked like every other output
				if strings.HasPrefix(filepath.ToSlash(rel), "lint-hand-written/") && o.node.GetAnnotations()["fn.aigw.dev/spec"] == "" {
					continue
				}
				if !o.localConfig() {
					keep = append(keep, o.node.MustString())
				}
			}
			rs, err := v.ValidateYAML([]byte(strings.Join(keep, "---\n")), crdvalidate.CoreKinds...)
			require.NoError(t, err)
			assert.NoError(t, rs.Err())
			assert.Empty(t, rs.Warnings())
		})
	}
}
