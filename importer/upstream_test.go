package importer

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/lint"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// upstreamFailures are the upstream example files import cannot take
// whole, and why; every other file must import with exit 0.
var upstreamFailures = map[string]string{
	// its AIServiceBackend references Backend envoy-ai-gateway-basic-openai
	// (defined in openai.yaml), and its own Backend has an IP endpoint
	// (0.0.0.0, a placeholder), which an AIBackendSpec cannot express
	"anthropic-openai-local.yaml": "spec.backendRef.name",
	// projectName is the placeholder GCP_PROJECT_NAME, not a GCP project ID
	"gcp_vertex.yaml": "spec.auth.gcp.projectName: must be a GCP project ID",
}

// placeholders replaces upstream's placeholder values in an imported spec
// before generating it, so the rest of the spec can be compared.
// It returns a function that puts them back into a view of the result.
func placeholders(s *importedSpec) func(view) view {
	if a := s.Spec.Spec.Auth; a != nil && a.GCP != nil && a.GCP.ProjectName == "GCP_PROJECT_NAME" {
		a.GCP.ProjectName = "my-gcp-project"
		return func(v view) view {
			v.Credentials = strings.ReplaceAll(v.Credentials, `"my-gcp-project"`, `"GCP_PROJECT_NAME"`)
			return v
		}
	}
	return func(v view) view { return v }
}

// TestUpstreamExamples imports each of upstream's examples/basic files and
// checks that nothing is lost and every correction is listed: every
// backend object ends up in a spec or is named by an error; the generated
// objects mean what the originals mean (same hosts, ports, schema, path,
// TLS validation, policy type and credentials), except where a correction
// line says why. stdout and stderr are compared with expected/.
func TestUpstreamExamples(t *testing.T) {
	files, err := filepath.Glob("testdata/upstream/*.yaml")
	require.NoError(t, err)
	require.Len(t, files, 12)
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			src, inputs := sourceObjects(t, f)
			res := importFiles(inputs, Options{})
			out, err := res.Marshal()
			require.NoError(t, err)
			var lines []string
			for _, l := range res.Lines {
				lines = append(lines, l.String())
			}
			stderr := strings.Join(lines, "\n") + "\n"
			golden(t, filepath.Join("testdata/upstream/expected", name+".stdout"), string(out))
			golden(t, filepath.Join("testdata/upstream/expected", name+".stderr"), stderr)

			if why, ok := upstreamFailures[name]; ok {
				assert.True(t, res.Failed, "expected to fail")
				assert.Contains(t, stderr, why)
			} else {
				assert.False(t, res.Failed, "%s", stderr)
			}

			// nothing dropped silently
			for _, o := range src {
				if !lint.IsBackendKind(o.APIVersion, o.Kind) {
					continue
				}
				id := inputs[0].File + ": " + o.ID()
				taken := false
				for _, s := range res.Specs {
					taken = taken || slices.Contains(s.Sources, id)
				}
				named := false
				for _, l := range res.Lines {
					named = named || l.Severity == sevError && l.Object == o.ID()
				}
				assert.True(t, taken || named, "%s is neither imported nor named by an error", id)
			}

			corrected := func(path string) bool {
				for _, l := range res.Lines {
					if l.Severity == sevCorrected && strings.HasPrefix(l.Path, path) {
						return true
					}
				}
				return false
			}
			for _, s := range res.Specs {
				if s.Incomplete {
					continue // its objects are named by error lines (checked above)
				}
				back := placeholders(s)
				ns, n := s.Spec.Metadata.Namespace, s.Spec.Metadata.Name
				want := viewOf(t, src, ns, n)
				got := back(viewOf(t, generatedObjects(t, s.Spec), ns, n))
				if want.Region != got.Region {
					assert.True(t, corrected("spec.gcpCredentials.region") || corrected("spec.awsCredentials.region"),
						"region %q became %q without a correction line", want.Region, got.Region)
					want.Region = got.Region
				}
				assert.Equal(t, want, got, "spec %s", n)
			}
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	tooltest.Golden(t, path, []byte(got), false)
}

// TestUpstreamLocalWithOpenAI: anthropic-openai-local.yaml's
// AIServiceBackend references the Backend of openai.yaml; imported
// together it regenerates as written (no policy, so openai-compatible on
// api.openai.com, with a warning), and only the unused Backend with an ip
// endpoint is refused.
func TestUpstreamLocalWithOpenAI(t *testing.T) {
	src, inputs := sourceObjects(t, "testdata/upstream/anthropic-openai-local.yaml", "testdata/upstream/openai.yaml")
	res := importFiles(inputs, Options{})
	require.True(t, res.Failed)
	var errs []string
	for _, l := range res.Lines {
		if l.Severity == sevError {
			errs = append(errs, l.Object)
		}
	}
	assert.Equal(t, []string{"Backend default/envoy-ai-gateway-basic-anthropic-openai"}, errs)
	require.Len(t, res.Specs, 2)
	local := res.Specs[0]
	assert.False(t, local.Incomplete)
	assert.Equal(t, "openai-compatible", local.Spec.Spec.Provider)
	want := viewOf(t, src, "default", local.Spec.Metadata.Name)
	got := viewOf(t, generatedObjects(t, local.Spec), "default", local.Spec.Metadata.Name)
	assert.Equal(t, want, got)
}
