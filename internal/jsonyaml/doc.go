// Package jsonyaml rewrites a JSON document as block-style YAML that a YAML
// parser reads as it reads the JSON itself (JSON is YAML: kyaml takes a JSON
// ResourceList as a flow mapping). Some orchestrators send the function's
// input as JSON; rewritten, it takes the same byte-level route as the
// block-style lists kpt and kustomize send, instead of a parse of every
// item.
//
// The model: the input is checked with encoding/json, then every scalar is
// written with its JSON text unchanged, so that the YAML parser resolves it
// from the same characters:
//   - numbers, true, false and null are written as they are (plain);
//   - a string is written plain only when it is a plain word YAML cannot
//     read as anything but that string (a letter, then letters, digits and
//     "._/-"; never a YAML 1.1 or 1.2 boolean or null word); otherwise it is
//     written double-quoted with its JSON text, escapes included: JSON's
//     escapes are YAML's; a string with line breaks and no tab, carriage
//     return or other character a block scalar cannot hold is written as a
//     literal block scalar ("|2", "|2-" or "|2+": explicit indentation,
//     and the chomping that keeps exactly its final line breaks), as a
//     person writes multi-line data, so that no escape is left to read;
//   - objects and arrays become block mappings and sequences (empty ones
//     "{}" and "[]"), keys in input order, duplicated keys kept as they are;
//   - the top level must be an object.
//
// Input outside this model is refused (ok=false) and the caller reads it
// with its YAML parser: invalid JSON or UTF-8, nesting deeper than MaxDepth
// (block indentation would grow with the square of it), a key longer
// than a YAML implicit key may be, or the escape "\/", which go-yaml (and
// so kyaml) does not know.
package jsonyaml
