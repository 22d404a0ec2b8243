package upstream

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// forbiddenModules are what this test module brings in; none may reach the
// function binary (it would grow from ~7 MB to hundreds).
var forbiddenModules = []string{
	"github.com/envoyproxy/",
	"google.golang.org/grpc",
	"github.com/aigw-dev/aigw-backend/test/",
}

func forbidden(mod string) bool {
	for _, p := range forbiddenModules {
		if strings.HasPrefix(mod, p) {
			return true
		}
	}
	return false
}

// TestFunctionDoesNotLinkUpstream checks the built function binary's module
// list and the function module's dependency graph.
func TestFunctionDoesNotLinkUpstream(t *testing.T) {
	t.Run("binary", func(t *testing.T) {
		bin := os.Getenv(envFunction)
		if bin == "" {
			missing(t, "%s is not set: run `make upstream-check`", envFunction)
		}
		out, err := exec.Command("go", "version", "-m", bin).Output()
		if err != nil {
			t.Fatalf("go version -m %s: %v", bin, err)
		}
		deps := 0
		for _, line := range strings.Split(string(out), "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 && (f[0] == "dep" || f[0] == "=>") {
				deps++
				if forbidden(f[1]) {
					t.Errorf("%s links %s", bin, f[1])
				}
			}
		}
		if deps == 0 {
			t.Fatalf("go version -m %s lists no dependencies; cannot check (output:\n%s)", bin, out)
		}
	})
	t.Run("go list -deps", func(t *testing.T) {
		cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", ".")
		cmd.Dir = repoRoot(t)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps in %s: %v", cmd.Dir, err)
		}
		mods := strings.Fields(string(out))
		if len(mods) == 0 {
			t.Fatal("go list -deps returned nothing; cannot check")
		}
		for _, m := range mods {
			if forbidden(m) {
				t.Errorf("the function's main package depends on %s", m)
			}
		}
	})
}
