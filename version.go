package main

import (
	"runtime/debug"
	"strings"
)

// version is stamped by release builds (GoReleaser, `make build`) with
// -ldflags "-X main.version=vX.Y.Z". Left empty, the version comes from the
// build info instead, so `go install ...@vX.Y.Z` reports vX.Y.Z without any
// flags.
var version string

// currentVersion is the version --version prints.
func currentVersion() string {
	info, ok := debug.ReadBuildInfo()
	return resolveVersion(version, info, ok)
}

// resolveVersion picks, in order: the -ldflags stamp; the main module's
// version from the build info (set by `go install module@vX.Y.Z`, and by
// `go build` in a git checkout since Go 1.24: a pseudo-version, "+dirty"
// with local changes); the VCS revision and modified flag (builds whose
// module version is "(devel)"); "dev" when nothing is known (go test,
// -buildvcs=false). It is separate from currentVersion so tests can hand it
// a constructed debug.BuildInfo.
func resolveVersion(stamped string, info *debug.BuildInfo, ok bool) string {
	if stamped != "" {
		return stamped
	}
	if !ok || info == nil {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	const short = 12
	if len(rev) > short {
		rev = rev[:short]
	}
	var b strings.Builder
	b.WriteString("dev-")
	b.WriteString(rev)
	if dirty {
		b.WriteString("-dirty")
	}
	return b.String()
}
