package redact

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// keyShapes is the family of credential shapes every channel is tested
// with (exported to other packages' tests through KeyShapes).
func TestKeyShapesAreCredentials(t *testing.T) {
	for _, k := range KeyShapes() {
		t.Run(k[:min(len(k), 12)], func(t *testing.T) {
			assert.True(t, LooksLikeCredential(k), "%q must count as a credential", k)
			assert.NotContains(t, String("got "+k+" here"), k)
			assert.NotContains(t, String(`got "`+k+`"`), k)
			assert.Equal(t, HiddenName, Name(k))
		})
	}
}

func TestCredentials(t *testing.T) {
	for _, s := range []string{
		"0123456789abcdef0123456789abcdef",         // 32 hex, no prefix
		"0123456789ABCDEF0123456789ABCDEF",         // upper hex
		"d41d8cd98f00b204e9800998ecf8427e",         // md5
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", // AWS secret access key shape
		"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==",         // base64
		"q8Xv2LkP9sT4wZ7nB3mR6yH1",                 // 24 chars base62
		"a8f3k2l9x0q7w1e5r4t6y8u2",                 // lowercase base36
		"Bearer abcdefgh12345678",
		"sk-proj-AbCdEfGh1234567890abcdEFGH",
		"sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv",
		"AKIAIOSFODNN7EXAMPLE",
		"AIzaSyA1234567890abcdefghijklmnopq",
		"ghp_0123456789abcdefABCDEF0123456789abcd",
		"xoxb-123456789012-abcdefABCDEF",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefgh",
	} {
		assert.True(t, LooksLikeCredential(s), "%q", s)
		assert.NotContains(t, String(s), strings.TrimPrefix(s, "Bearer "), "%q", s)
	}
	pem := "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"
	assert.True(t, LooksLikeCredential(pem))
	assert.Equal(t, "key: "+Hidden, String("key: "+pem))
}

// TestNotCredentials is the false-positive table: names, hosts, regions,
// headers and words the function must keep printing.
func TestNotCredentials(t *testing.T) {
	for _, s := range []string{
		"openai-api-key", "anthropic-api-key", "aws-credentials", "azure-openai-key",
		"bedrock-runtime.us-east-1.amazonaws.com", "us-central1-aiplatform.googleapis.com",
		"generativelanguage.googleapis.com", "my-resource.openai.azure.com",
		"us-east-1", "eu-central-1", "ap-southeast-2", "us-central1", "europe-west4", "global",
		"x-goog-user-project", "X-Amz-Security-Token", "x-aigw-credential", "Authorization",
		"BackendSecurityPolicy", "AIServiceBackendRefsIntoTheGateway", "AnthropicAPIKey",
		"GCPVertexAI", "AWSBedrock", "AzureOpenAI", "vertex-2023-10-16", "2024-10-21",
		"internationalization", "sk-cluster-prod", "task-force-2024",
		"arn:aws:iam::123456789012:role/bedrock-invoke-role",
		"projects/my-project-123456/locations/global/workloadIdentityPools/my-pool/providers/my-provider",
		"//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/pool/providers/prov",
		"123e4567-e89b-12d3-a456-426614174000", // Azure tenant/client ID
		"envoy.filters.http.ext_authz", "spec.auth.override.fromDynamicMetadata.key",
		"fn.aigw.dev/spec", "app.kubernetes.io/managed-by", "aigateway.envoyproxy.io/v1beta1",
		"backend-2024-01-15-prod-v2", "openai-us-east-1-auth", "my-backend-eu-central-1-tls",
		"sha256", "v1alpha1", "wellKnownCACertificates", "/v1beta/openai", "anthropic.claude-3-5-sonnet-20240620-v1:0",
		"Bearer tokens", "bearer", "Basic auth",
		// a word with a number after it: Go's temporary directories, build IDs
		"TestImportOptions895395905", "/tmp/TestImportOptions895395905/001/in.yaml", "ReleaseCandidate20261203",
	} {
		assert.False(t, LooksLikeCredential(s), "%q must not count as a credential", s)
		assert.Equal(t, s, String(s), "%q must be printed as it is", s)
		assert.Equal(t, s, Name(s))
	}
}

// TestNoFalsePositivesInProjectFiles walks every example and golden file
// of the project: no value a user wrote or the function generated there is
// a credential, so none may be hidden.
func TestNoFalsePositivesInProjectFiles(t *testing.T) {
	root := filepath.Join("..", "..")
	n := 0
	for _, dir := range []string{"examples", "fn/pipeline/testdata/golden", "importer/testdata/handwritten", "importer/testdata/upstream", "schemas"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				return err
			}
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			for _, doc := range strings.Split(string(b), "\n---") {
				node, err := yaml.Parse(doc)
				if err != nil {
					continue
				}
				walkScalars(node.YNode(), func(s string) {
					n++
					if strings.Contains(p, "secret") || strings.Contains(s, "sk-") || strings.Contains(s, "eyJ") {
						// deliberately key-shaped test values
						return
					}
					assert.False(t, Contains(s), "%s: %q counted as a credential", p, s)
				})
			}
			return nil
		})
		require.NoError(t, err)
	}
	t.Logf("checked %d scalars", n)
	assert.Greater(t, n, 1000)
}

// walkScalars calls f with every scalar but the values of Secrets' data
// and stringData, which hold credentials on purpose.
func walkScalars(n *yaml.Node, f func(string)) {
	if n == nil {
		return
	}
	if n.Kind == yaml.ScalarNode {
		f(n.Value)
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 1 && (n.Content[i-1].Value == "data" || n.Content[i-1].Value == "stringData") {
			continue
		}
		walkScalars(c, f)
	}
}

// TestRandomKeysAreCaught generates random keys in the alphabets keys use
// (seeded: the same draws every run) and counts how many the entropy rule
// misses: none at 64 characters, at most a few in a thousand at 32 and 40, none of 32 hex characters, a
// few percent of 24-character lowercase keys (measured: 57 of 2000).
func TestRandomKeysAreCaught(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 18))
	for _, a := range []struct{ name, alpha string }{
		{"hex", "0123456789abcdef"},
		{"base36", "0123456789abcdefghijklmnopqrstuvwxyz"},
		{"base62", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
		{"base64", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/"},
	} {
		name, alpha := a.name, a.alpha
		for _, n := range []int{24, 32, 40, 64} {
			if name == "hex" && n < 32 {
				continue
			}
			missed := 0
			for range 2000 {
				b := make([]byte, n)
				for i := range b {
					b[i] = alpha[r.IntN(len(alpha))]
				}
				if !LooksLikeCredential(string(b)) {
					missed++
				}
			}
			t.Logf("%s, %d chars: %d of 2000 missed", name, n, missed)
			switch {
			case n >= 64 || name == "hex":
				assert.Zero(t, missed, "%s keys of %d characters", name, n)
			default:
				assert.Less(t, missed, 80, "%s keys of %d characters: at most 4%% missed", name, n)
			}
		}
	}
}
