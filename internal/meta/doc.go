// Package meta is the one reader of an item's identity: apiVersion, kind,
// group, namespace, name, the orchestrators' path and index annotations,
// the function's ownership annotation, and from those the item's role.
//
// The model: an item is known by a Meta, and a Meta is made by one function,
// New, from the strings a reader found. Two readers find them — Of, from a
// parsed node, and package rawlist's header scan, from an item's bytes —
// and both hand them to New, so which annotation spelling wins, how an
// index is read, what group an apiVersion is in and what role a kind plays
// are decided once. Nothing else in the project reads these fields.
//
// Of never panics: kyaml's getters assume that metadata, labels and
// annotations are maps, and an item is user input. It reads the way those
// getters do where they answer (the first key of a name, a null name is
// empty) and reports a metadata that is not a map in Meta.ShapeOK instead.
package meta
