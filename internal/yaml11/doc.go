// Package yaml11 holds the one list of words that YAML 1.1 read as
// booleans and YAML 1.2 reads as plain strings (yes/no, on/off, y/n).
// kpt, kustomize and this function read YAML 1.2; the Kubernetes API
// server and older tools read YAML 1.1. The function quotes these words
// when it writes a string, and names them when a spec writes one where a
// boolean belongs, so both sides must use the same list.
//
// kyaml's IsValueNonString answers a wider question (any scalar YAML 1.1
// reads as a non-string, numbers included) by running a YAML 1.1 parser;
// the callers here want only the boolean words, without a parse.
package yaml11
