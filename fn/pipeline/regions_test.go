package pipeline

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// regionsSpec is a Bedrock spec over the given regions.
func regionsSpec(regions ...string) string {
	return fmt.Sprintf(`apiVersion: fn.aigw.dev/v1alpha1
kind: AIBackendSpec
metadata:
  name: bedrock
  namespace: ai-gateway
  annotations:
    config.kubernetes.io/local-config: "true"
spec:
  provider: aws-bedrock
  endpoint:
    regions: [%s]
  auth:
    aws: {credentialsSecretRef: {name: aws-credentials}}
`, strings.Join(regions, ", "))
}

// names lists "Kind/name" of every item of out, sorted, minus the spec.
func names(t *testing.T, out []byte) []string {
	t.Helper()
	rl, err := parse(out)
	require.NoError(t, err)
	var got []string
	for _, it := range rl.Items {
		if it.GetKind() != "AIBackendSpec" {
			got = append(got, it.GetKind()+"/"+it.GetName())
		}
	}
	sort.Strings(got)
	return got
}

func regionSet(region string) []string {
	return []string{"AIServiceBackend/bedrock-" + region, "Backend/bedrock-" + region,
		"BackendSecurityPolicy/bedrock-" + region + "-auth", "BackendTLSPolicy/bedrock-" + region + "-tls"}
}

func sorted(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	sort.Strings(out)
	return out
}

// withSpec replaces the spec of a ResourceList: as functionConfig, or as
// the in-package item (kpt's way) when inPackage.
func withSpec(t *testing.T, rlBytes []byte, spec string, inPackage bool) []byte {
	t.Helper()
	rl, err := yaml.Parse(string(rlBytes))
	require.NoError(t, err)
	specNode := yaml.MustParse(spec)
	if !inPackage {
		require.NoError(t, rl.PipeE(yaml.SetField("functionConfig", specNode)))
		return []byte(rl.MustString())
	}
	items, err := rl.Pipe(yaml.Lookup("items"))
	require.NoError(t, err)
	if items == nil {
		items = yaml.NewListRNode()
		require.NoError(t, rl.PipeE(yaml.SetField("items", items)))
	}
	kept := []*yaml.Node{specNode.YNode()}
	for _, n := range items.YNode().Content {
		if yaml.NewRNode(n).GetKind() != "AIBackendSpec" {
			kept = append(kept, n)
		}
	}
	items.YNode().Content = kept
	items.YNode().Style = 0
	return []byte(rl.MustString())
}

// TestRegionRemovalPrunesExactlyItsSet runs a spec with two regions, then
// with one: the removed region's four objects go, the kept region's set and
// a hand-written object of the same naming scheme stay, and a third run
// adding the region back restores its set. Both ways a spec reaches the
// function are covered: functionConfig (kustomize, kpt fn eval) and an
// in-package local-config item (kpt pipelines).
func TestRegionRemovalPrunesExactlyItsSet(t *testing.T) {
	const handWritten = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: gateway.envoyproxy.io/v1alpha1
  kind: Backend
  metadata:
    name: bedrock-ap-south-1
    namespace: ai-gateway
  spec:
    endpoints:
    - fqdn: {hostname: bedrock-runtime.ap-south-1.amazonaws.com, port: 443}
`
	for _, inPackage := range []bool{false, true} {
		t.Run(fmt.Sprintf("inPackage=%v", inPackage), func(t *testing.T) {
			two := Run(withSpec(t, []byte(handWritten), regionsSpec("us-east-1", "us-west-2"), inPackage))
			require.Equal(t, 0, two.ExitCode, "%s", strings.Join(two.Stderr, "\n"))
			assert.Equal(t, sorted(regionSet("us-east-1"), regionSet("us-west-2"), []string{"Backend/bedrock-ap-south-1"}), names(t, two.ResourceList))

			one := Run(withSpec(t, two.ResourceList, regionsSpec("us-east-1"), inPackage))
			require.Equal(t, 0, one.ExitCode, "%s", strings.Join(one.Stderr, "\n"))
			assert.Equal(t, sorted(regionSet("us-east-1"), []string{"Backend/bedrock-ap-south-1"}), names(t, one.ResourceList))

			swapped := Run(withSpec(t, one.ResourceList, regionsSpec("us-west-2"), inPackage))
			require.Equal(t, 0, swapped.ExitCode)
			assert.Equal(t, sorted(regionSet("us-west-2"), []string{"Backend/bedrock-ap-south-1"}), names(t, swapped.ResourceList))

			// back to two: the same bytes as the first run's objects
			back := Run(withSpec(t, swapped.ResourceList, regionsSpec("us-east-1", "us-west-2"), inPackage))
			require.Equal(t, 0, back.ExitCode)
			assert.Equal(t, names(t, two.ResourceList), names(t, back.ResourceList))

			again := Run(one.ResourceList)
			assert.Equal(t, string(one.ResourceList), string(again.ResourceList), "idempotent after a prune")
		})
	}
}

// TestSingleRegionToRegionsAndBack: switching region -> regions prunes the
// <name> set, and back prunes every <name>-<region> set.
func TestSingleRegionToRegionsAndBack(t *testing.T) {
	single := strings.Replace(regionsSpec("x"), "regions: [x]", "region: us-east-1", 1)
	start := Run(withSpec(t, []byte("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n"), single, false))
	require.Equal(t, 0, start.ExitCode)
	base := []string{"AIServiceBackend/bedrock", "Backend/bedrock", "BackendSecurityPolicy/bedrock-auth", "BackendTLSPolicy/bedrock-tls"}
	assert.Equal(t, base, names(t, start.ResourceList))

	multi := Run(withSpec(t, start.ResourceList, regionsSpec("us-east-1", "eu-west-1"), false))
	require.Equal(t, 0, multi.ExitCode)
	assert.Equal(t, sorted(regionSet("us-east-1"), regionSet("eu-west-1")), names(t, multi.ResourceList))

	back := Run(withSpec(t, multi.ResourceList, single, false))
	require.Equal(t, 0, back.ExitCode)
	assert.Equal(t, base, names(t, back.ResourceList))
}
