// Package object turns a generated object (package generator's structs)
// into the kyaml tree the writers encode: keys in the SDK's order, strings
// quoted where go-yaml quotes them, so the output is byte for byte what
// sdk.NewFromTypedObject would give, without its YAML round trip.
package object
