package generator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestHeaderLists: the API key headers (which import moves to spec.auth)
// are credential headers (which a spec may not set inline), not the
// reverse.
func TestHeaderLists(t *testing.T) {
	for _, tc := range []struct {
		name               string
		apiKey, credential bool
	}{
		{name: "authorization", apiKey: true, credential: true},
		{name: "Authorization", apiKey: true, credential: true},
		{name: "X-Api-Key", apiKey: true, credential: true},
		{name: "api-key", apiKey: true, credential: true},
		{name: "x-goog-api-key", apiKey: true, credential: true},
		{name: "x-aigw-openai-api-key", apiKey: true, credential: true},
		{name: "proxy-authorization", credential: true},
		{name: "cookie", credential: true},
		{name: "x-auth-token", credential: true},
		{name: "x-apikey", credential: true},
		{name: "x-authorization"},
		{name: "openai-organization"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.apiKey, APIKeyHeader(tc.name), "API key header")
			assert.Equal(t, tc.credential, credentialHeader(strings.ToLower(tc.name)), "credential header")
		})
	}
}
