// Package buildmeta reads the annotations kpt and kustomize read and write
// on the items of a build, for the function and the whole-build check
// alike: the one spelling of each key, and the one rule for each question
// both ask (is this object local configuration, which identities did
// kustomize record for it). kyaml's kioutil names the path and index
// annotations; the ones here it does not name.
//
// Each rule follows the tool that writes or acts on the annotation (the
// functions say which source); callers decide what to do with the answer.
package buildmeta
