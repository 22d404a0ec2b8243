package pipeline

import "fmt"

// EngineEnv is the environment variable that selects the engine (read once
// by the command, passed down as Options.Engine).
const EngineEnv = "AIGW_BACKEND_ENGINE"

// Engine selects how Run reads and writes a ResourceList. The output is the
// same either way — items in the same order with the same values and
// comments, the same results, stderr lines and exit code; only the YAML
// layout may differ — so a difference is a bug in the fast path.
type Engine uint8

const (
	// engineAuto takes the byte-level fast path when the input is in the
	// block-style shape package rawlist models, else the full path.
	engineAuto Engine = iota
	// engineFull always parses every item with kyaml (the reference path):
	// for bug reports and for differential testing from outside the process.
	engineFull
)

// ParseEngine reads the value of AIGW_BACKEND_ENGINE: unset or "auto" is
// engineAuto, "full" is engineFull; anything else is an error, so a typo
// never silently keeps the fast path.
func ParseEngine(v string) (Engine, error) {
	switch v {
	case "", "auto":
		return engineAuto, nil
	case "full":
		return engineFull, nil
	}
	return engineAuto, fmt.Errorf("%s=%q: want full (every item through kyaml) or auto (the default)", EngineEnv, v)
}

// Options are the settings of one run.
type Options struct {
	Engine Engine
	// AIGatewayVersion is the target AI Gateway release for lint
	// (lint.EnvAIGatewayVersion, read by main).
	AIGatewayVersion string
}
