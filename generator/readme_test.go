package generator

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// providerTable renders the README's provider table from the catalog.
func providerTable() string {
	var b strings.Builder
	b.WriteString("| provider | for | schema | endpoint | auth | source |\n|---|---|---|---|---|---|\n")
	for _, p := range Providers() {
		schema := p.Schema
		if v := defaultVersion(p.Schema); v != "" {
			schema += ", version " + v
		}
		if p.VersionRequired {
			schema += ", version required"
		}
		if p.Prefix != "" {
			schema += ", prefix " + p.Prefix
		}
		host := p.Hostname
		switch p.HostPattern {
		case hostAWS, hostGCP, hostAzure, hostBedrockOpenAI:
			host = string(p.HostPattern)
		case hostRequired:
			host = "`endpoint.hostname` or `endpoint.service` (required)"
		}
		if p.Port != 0 {
			host += fmt.Sprintf(", port %d", p.Port)
		}
		auth := map[authKind]string{authAPIKey: "`secretRef` → APIKey", authAWS: "`aws` → AWSCredentials (default chain if omitted)",
			authAzure: "`secretRef` → AzureAPIKey, or `azure` → AzureCredentials", authGCP: "`gcp` → GCPCredentials (required)"}[p.Auth]
		if p.Schema == SchemaAnthropic {
			auth = "`secretRef` → AnthropicAPIKey"
		}
		if !p.AuthRequired && p.Auth == authAPIKey {
			auth += " (optional)"
		}
		source := fmt.Sprintf("[docs](%s)", p.Source)
		if p.Unverified != "" {
			source += " (unverified: " + p.Unverified + ")"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", p.Key, p.Doc, schema, host, auth, source)
	}
	return b.String()
}

// TestReadmeProviderTable keeps the README's table equal to the catalog:
// AIGW_UPDATE_GOLDEN=1 rewrites it between the markers.
func TestReadmeProviderTable(t *testing.T) {
	const begin, end = "<!-- providers:begin -->\n", "<!-- providers:end -->"
	raw, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	readme := string(raw)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	require.True(t, i >= 0 && j > i, "README.md must contain the provider table markers")
	want := providerTable()
	tooltest.Golden(t, "../README.md", []byte(readme[:i+len(begin)]+want+readme[j:]), false)
}
