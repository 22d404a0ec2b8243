package buildmeta

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// LocalConfigCases are the annotation values every reader of the
// local-config annotation must agree on, with kustomize's answer
// (Factory.DropLocalNodes: present and not exactly "false").
var localConfigCases = []struct {
	name  string
	anns  map[string]string
	local bool
}{
	{"absent", map[string]string{"other": "true"}, false},
	{"nil map", nil, false},
	{"true", map[string]string{LocalConfig: "true"}, true},
	{"false", map[string]string{LocalConfig: "false"}, false},
	{"empty", map[string]string{LocalConfig: ""}, true},
	{"TRUE", map[string]string{LocalConfig: "TRUE"}, true},
	{"yes", map[string]string{LocalConfig: "yes"}, true},
	{"anything", map[string]string{LocalConfig: "anything"}, true},
	{"False", map[string]string{LocalConfig: "False"}, true},
}

func TestIsLocalConfig(t *testing.T) {
	for _, tc := range localConfigCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.local, IsLocalConfig(tc.anns))
		})
	}
}

func TestPreviousIDs(t *testing.T) {
	internal := func(names, nss, kinds string) map[string]string {
		return map[string]string{PreviousNames: names, PreviousNamespaces: nss, PreviousKinds: kinds}
	}
	for _, tc := range []struct {
		name string
		anns map[string]string
		want []ID
	}{
		{"none", map[string]string{"a": "b"}, nil},
		{"one rename", internal("openai", "ai", "Backend"),
			[]ID{{Name: "openai", Namespace: "ai", Kind: "Backend"}}},
		{"two renames, oldest first", internal("openai,team-openai", "ai,ai", "Backend,Backend"),
			[]ID{{Name: "openai", Namespace: "ai", Kind: "Backend"}, {Name: "team-openai", Namespace: "ai", Kind: "Backend"}}},
		{"legacy spelling", map[string]string{LegacyPreviousNames: "openai", LegacyPreviousNamespaces: "ai", LegacyPreviousKinds: "Backend"},
			[]ID{{Name: "openai", Namespace: "ai", Kind: "Backend"}}},
		{"internal wins over legacy", map[string]string{
			PreviousNames: "openai", PreviousNamespaces: "ai", PreviousKinds: "Backend",
			LegacyPreviousNames: "other", LegacyPreviousNamespaces: "x", LegacyPreviousKinds: "Service"},
			[]ID{{Name: "openai", Namespace: "ai", Kind: "Backend"}}},
		{"spellings never mixed", map[string]string{PreviousNames: "openai", LegacyPreviousNamespaces: "elsewhere", LegacyPreviousKinds: "Service"},
			[]ID{{Name: "openai", Namespace: "cur", Kind: "CurKind"}}},
		{"not trimmed", internal("openai ", "ai", "Backend"),
			[]ID{{Name: "openai ", Namespace: "ai", Kind: "Backend"}}},
		{"lengths differ: malformed", internal("openai,x", "ai", "Backend"), nil},
		{"empty entries are unchanged ones", internal("openai", "", ""),
			[]ID{{Name: "openai", Namespace: "cur", Kind: "CurKind"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, PreviousIDs(tc.anns, "cur", "CurKind"))
		})
	}
}
