package generator

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGeneratedKinds(t *testing.T) {
	for _, tc := range []struct {
		apiVersion, kind string
		generated        bool
	}{
		{apiVersion: GroupEnvoyGateway + "/v1alpha1", kind: KindBackend, generated: true},
		{apiVersion: GroupAIGateway + "/v1beta1", kind: KindAIServiceBackend, generated: true},
		{apiVersion: GroupAIGateway + "/v1alpha1", kind: KindBackendSecurityPolicy, generated: true},
		{apiVersion: GroupGatewayAPI + "/v1", kind: KindBackendTLSPolicy, generated: true},
		{apiVersion: "example.com/v1", kind: KindBackend},
		{apiVersion: GroupAIGateway + "/v1alpha1", kind: KindBackend},
		{apiVersion: "v1", kind: "Secret"},
		{apiVersion: GroupAIGateway, kind: KindAIServiceBackend}, // no version: the core group
	} {
		t.Run(tc.apiVersion+" "+tc.kind, func(t *testing.T) {
			assert.Equal(t, tc.generated, IsGeneratedKind(GroupOf(tc.apiVersion), tc.kind))
			if tc.generated {
				assert.NotEmpty(t, OwnedFields(tc.kind), "a generated kind owns fields")
			}
		})
	}
}

func TestOwnedFieldsAreACopy(t *testing.T) {
	assert.Nil(t, OwnedFields("Secret"), "only generated kinds own fields")
	for _, kind := range []string{KindBackend, KindAIServiceBackend, KindBackendTLSPolicy, KindBackendSecurityPolicy} {
		t.Run(kind, func(t *testing.T) {
			want := fmt.Sprint(OwnedFields(kind))
			got := OwnedFields(kind)
			got[0][0] = "changed"
			_ = append(got[:1], []string{"extra"})
			assert.Equal(t, want, fmt.Sprint(OwnedFields(kind)), "a caller's change reaches the next caller")
		})
	}
}
