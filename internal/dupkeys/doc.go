// Package dupkeys finds mapping keys written twice in a YAML tree. YAML
// readers disagree about such a key (go-yaml and the API machinery refuse
// it, kyaml's getters take the first copy, JSON-style decoders the last),
// so the function and import treat it as an error with both lines instead
// of picking a copy.
package dupkeys
