package generator_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/generator"
)

// TestEveryProviderCRDValid runs a minimal spec for every catalog entry,
// with each credential form its provider takes, through the full
// invariants of the fuzz target, which include validation by the
// upstream CRDs: a new catalog entry cannot emit objects the API server
// would refuse.
func TestEveryProviderCRDValid(t *testing.T) {
	for _, p := range generator.Providers() {
		endpoint := ""
		switch {
		case p.Hostname != "":
		case p.Key == "aws-bedrock" || p.Key == "aws-anthropic":
			endpoint = "  endpoint: {region: eu-west-1}\n"
		case p.Key == "gcp-vertex-ai" || p.Key == "gcp-anthropic":
			endpoint = "  endpoint: {region: global}\n"
		case p.Key == "azure-openai" || p.Key == "azure-openai-v1":
			endpoint = "  endpoint: {resource: contoso}\n"
		default:
			endpoint = "  endpoint: {service: {name: model}}\n"
		}
		if p.Key == "azure-openai" {
			endpoint += "  schema: {version: '2025-01-01-preview'}\n"
		}
		auths := []string{"  auth: {secretRef: {name: key}}\n"}
		switch p.Key {
		case "aws-bedrock", "aws-anthropic":
			auths = []string{"", "  auth: {aws: {credentialsSecretRef: {name: aws}}}\n"}
		case "gcp-vertex-ai", "gcp-anthropic":
			auths = []string{"  auth: {gcp: {projectName: my-project, credentialsSecretRef: {name: sa}}}\n"}
		case "azure-openai", "azure-openai-v1":
			auths = append(auths, "  auth: {azure: {clientID: c, tenantID: t, clientSecretRef: {name: s}}}\n")
		}
		for i, auth := range auths {
			t.Run(fmt.Sprintf("%s/%d", p.Key, i), func(t *testing.T) {
				doc := "apiVersion: fn.aigw.dev/v1alpha1\nkind: AIBackendSpec\nmetadata: {name: be, namespace: ns}\nspec:\n  provider: " + p.Key + "\n" + endpoint + auth
				objs := checkSpec(t, []byte(doc))
				require.NotEmpty(t, objs, "a minimal spec for %s must generate", p.Key)
			})
		}
	}
}
