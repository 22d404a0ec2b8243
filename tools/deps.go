//go:build tools

// Package tools pins modules that upcoming tool mains under tools/ will use,
// so `go mod tidy` keeps them in tools/go.mod. Never built.
package tools

import (
	_ "github.com/google/go-containerregistry/pkg/v1/empty"
	_ "github.com/google/go-containerregistry/pkg/v1/mutate"
	_ "github.com/google/go-containerregistry/pkg/v1/tarball"
	_ "github.com/kptdev/krm-functions-sdk/go/fn"
)
