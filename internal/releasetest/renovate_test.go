package releasetest

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aigw-dev/aigw-backend/internal/tooltest"
)

// renovateConfig is the part of renovate.json the tests read.
type renovateConfig struct {
	EnabledManagers []string `json:"enabledManagers"`
	Gomod           struct {
		ManagerFilePatterns []string `json:"managerFilePatterns"`
	} `json:"gomod"`
	CustomManagers []struct {
		ManagerFilePatterns []string `json:"managerFilePatterns"`
		MatchStrings        []string `json:"matchStrings"`
		DepNameTemplate     string   `json:"depNameTemplate"`
	} `json:"customManagers"`
}

// jsRegexp turns a Renovate "/pattern/" into a Go regexp (the patterns
// here use only syntax both read alike, named groups included).
func jsRegexp(t *testing.T, p string) *regexp.Regexp {
	t.Helper()
	if strings.HasPrefix(p, "/") && strings.HasSuffix(p, "/") {
		p = p[1 : len(p)-1]
	}
	re, err := regexp.Compile(p)
	require.NoError(t, err, p)
	return re
}

// TestRenovateCoversThePins: renovate.json (validated by Renovate's own
// validator in `make renovate-check`) covers every Go module the Makefile
// lists, the workflow actions, and every upstream version pinned outside
// go.mod files; each regex manager finds exactly the pinned versions (read
// here from the files, not written down again).
func TestRenovateCoversThePins(t *testing.T) {
	root := tooltest.RepoRoot(t)
	var cfg renovateConfig
	require.NoError(t, json.Unmarshal([]byte(readFile(t, filepath.Join(root, "renovate.json"))), &cfg))
	assert.ElementsMatch(t, []string{"gomod", "github-actions", "custom.regex"}, cfg.EnabledManagers)

	mods := regexp.MustCompile(`(?m)^GO_MODULES\s*:=\s*(.+)$`).FindStringSubmatch(readFile(t, filepath.Join(root, "Makefile")))
	require.NotNil(t, mods, "Makefile: no GO_MODULES")
	for _, m := range strings.Fields(mods[1]) {
		goMod := filepath.ToSlash(filepath.Join(m, "go.mod"))
		require.FileExists(t, filepath.Join(root, goMod))
		matched := false
		for _, p := range cfg.Gomod.ManagerFilePatterns {
			matched = matched || jsRegexp(t, p).MatchString(goMod)
		}
		assert.True(t, matched, "%s (GO_MODULES) is not matched by renovate.json gomod.managerFilePatterns", goMod)
	}

	// the pins outside go.mod: name -> value, read from where they live
	pin := func(file, re string) string {
		m := regexp.MustCompile(re).FindStringSubmatch(readFile(t, filepath.Join(root, file)))
		require.NotNil(t, m, "%s: no %s", file, re)
		return m[1]
	}
	want := map[string]string{
		"sigs.k8s.io/kustomize/kustomize/v5": pin("mk/tools.mk", `KUSTOMIZE_VERSION\s*:=\s*(\S+)`),
		"github.com/kptdev/kpt":              pin("mk/tools.mk", `KPT_VERSION\s*:=\s*(\S+)`),
		"github.com/envoyproxy/ai-gateway":   pin("scripts/fetch-crds.sh", `AIGW=\S+@(\S+)`),
		"github.com/envoyproxy/gateway":      pin("scripts/fetch-crds.sh", `EG=\S+@(\S+)`),
		"sigs.k8s.io/gateway-api":            pin("scripts/fetch-crds.sh", `GWAPI=\S+@(\S+)`),
	}
	got := map[string][]string{}
	files := map[string]bool{}
	for _, cm := range cfg.CustomManagers {
		for _, fp := range cm.ManagerFilePatterns {
			re := jsRegexp(t, fp)
			n := 0
			for _, f := range []string{"mk/tools.mk", "scripts/check-tool-versions.sh", "scripts/fetch-crds.sh"} {
				if !re.MatchString(f) {
					continue
				}
				n++
				files[f] = true
				text := readFile(t, filepath.Join(root, f))
				for _, ms := range cm.MatchStrings {
					mre := jsRegexp(t, ms)
					for _, m := range mre.FindAllStringSubmatch(text, -1) {
						dep := cm.DepNameTemplate
						if i := mre.SubexpIndex("depName"); i > 0 {
							dep = m[i]
						}
						got[dep] = append(got[dep], m[mre.SubexpIndex("currentValue")])
					}
				}
			}
			assert.Equal(t, 1, n, "pattern %s matches no pinned file", fp)
		}
	}
	assert.Len(t, files, 3)
	for dep, v := range want {
		require.NotEmpty(t, got[dep], "no regex manager finds %s", dep)
		for _, g := range got[dep] {
			assert.Equal(t, v, g, "%s: every place that pins it has the same version", dep)
		}
	}
	assert.Len(t, got["sigs.k8s.io/kustomize/kustomize/v5"], 2, "mk/tools.mk and check-tool-versions.sh")
	assert.Len(t, got, len(want))

	// negative control: a renamed pin is no longer found
	re := jsRegexp(t, cfg.CustomManagers[0].MatchStrings[0])
	assert.False(t, re.MatchString(strings.ReplaceAll(readFile(t, filepath.Join(root, "mk", "tools.mk")), "KUSTOMIZE_VERSION", "KUSTOMIZE_V")))
}
