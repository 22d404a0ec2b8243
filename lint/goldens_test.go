package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/aigw-dev/aigw-backend/internal/meta"
)

// demonstratesLint lists the outputs that keep hand-written mistakes on
// purpose (to show the function's warnings), with the rules they show.
// Every other golden and example output must give no finding at all.
var demonstratesLint = map[string][]string{
	"examples/lint-hand-written": {RuleServiceBackendRef, RuleVersionAsPrefix, RuleTLSv1alpha3, RuleTLSHostname, RulePolicyType, RuleTwoPolicies, RuleSecretKey, RuleBackendRefGroup},
}

// providerRules are the rules that must hold for the generator's own output
// as well: a generated object may use v1alpha3 or a TLS hostname of its own
// because its spec asks for it, but never a mismatched region, an unknown
// field or Azure credentials on another provider's host.
var providerRules = []string{ruleBedrockRegion, RuleBedrockVPCE, RuleBedrockOpenAI, ruleVertexRegion, RuleAzureHost, RuleAzureVersion, RuleUnknownField, RuleBackendTLSBoth}

// TestNoFindingsOnGoldens runs every rule (with the target release set to
// v1.0, so that the release-dependent rule runs too) over the objects of
// every expected output in the repository: the function's golden files
// (fn/pipeline/testdata/golden/*/expected.yaml) and the examples' expected outputs
// (expected.yaml and expected-kpt/). First as they are (hand-written
// objects only: generated ones are owned), where nothing but the lint
// demonstration may give a finding; then with ownership cleared, where the
// provider rules must give none: the generator's own output passes them as
// if it had been written by hand.
func TestNoFindingsOnGoldens(t *testing.T) {
	var files []string
	for _, glob := range []string{"../fn/pipeline/testdata/golden/*/expected.yaml", "../examples/*/expected.yaml", "../examples/*/*/expected.yaml", "../examples/*/expected-kpt/*.yaml", "../examples/*/*/expected-kpt/*.yaml"} {
		m, err := filepath.Glob(glob)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.Greater(t, len(files), 100, "the globs must find the goldens")
	objs, total := 0, 0
	for _, f := range files {
		rel := strings.TrimPrefix(filepath.ToSlash(f), "../")
		allowed := []string{}
		for dir, rules := range demonstratesLint {
			if strings.HasPrefix(rel, dir+"/") {
				allowed = rules
			}
		}
		list := goldenObjects(t, f)
		objs += len(list)
		for _, fd := range Check(list, Options{AIGatewayVersion: "v1.0"}) {
			total++
			o := list[fd.Object]
			assert.Contains(t, allowed, fd.Rule, "%s: %s: %s: %s (%s)", rel, o.ID(), fd.Path, fd.Message, fd.Rule)
		}
		for i := range list {
			list[i].Owned = false
		}
		for _, fd := range Check(list, Options{AIGatewayVersion: "v1.0"}) {
			o := list[fd.Object]
			assert.NotContains(t, providerRules, fd.Rule, "%s: %s: %s: %s (%s)", rel, o.ID(), fd.Path, fd.Message, fd.Rule)
		}
	}
	require.Greater(t, objs, 300, "objects read from the goldens")
	t.Logf("%d files, %d backend objects, %d findings (all in %v)", len(files), objs, total, demonstratesLint)
}

// goldenObjects reads a YAML stream (a ResourceList's items, or objects)
// into lint objects.
func goldenObjects(t *testing.T, path string) []Object {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	nodes, err := (&kio.ByteReader{Reader: bytes.NewReader(data), OmitReaderAnnotations: true}).Read()
	if err != nil {
		// some bad-input goldens are not YAML on purpose
		return nil
	}
	var out []Object
	for _, n := range nodes {
		if n.GetKind() == "ResourceList" {
			items, _ := n.Pipe(yaml.Lookup("items"))
			if items == nil {
				continue
			}
			els, _ := items.Elements()
			for _, it := range els {
				out = append(out, decodeGolden(it)...)
			}
			continue
		}
		out = append(out, decodeGolden(n)...)
	}
	return out
}

func decodeGolden(n *yaml.RNode) []Object {
	apiVersion, kind := meta.TopString(n, "apiVersion"), meta.TopString(n, "kind")
	if !Reads(apiVersion, kind) {
		return nil
	}
	o, ok := Decode(n, apiVersion, kind)
	if !ok {
		return nil
	}
	return []Object{o}
}
