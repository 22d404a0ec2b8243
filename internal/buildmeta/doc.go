// Package buildmeta names the annotations kpt and kustomize read and write
// on the items of a build that the function and the whole-build check both
// read: the one spelling of each key. kyaml's kioutil names the path and
// index annotations; the ones here it does not name.
//
// Only names live here. How each reader combines them (which spelling wins,
// which values count) stays with the reader.
package buildmeta
