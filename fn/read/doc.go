// Package read turns the function's input into a Table: one Row per item
// of the ResourceList, in input order, plus the functionConfig.
//
// The model: a Row is an item's identity (meta.Meta), its exact input bytes
// when a reader could cut them out (Item), and its kyaml tree when something
// needed one (Node). Readers only read: which item is a spec, what is
// patched, numbered or linted is decided by package decide from Meta alone,
// and it asks the Table for the trees it needs (Tree), so an item nobody
// needs is never parsed.
//
// Two readers fill a Table:
//   - Fast, for block-style YAML: package rawlist cuts the items and scans
//     their headers; an item whose header the scan is unsure of is parsed at
//     once, for its Meta. Fast declines input it does not model (ok=false).
//   - Full, for everything else: kyaml parses every item.
//
// Which reader runs is the only thing the input's shape decides; both hand
// decide the same Meta for the same item (package meta's one reading, which
// the engine tests and the differential fuzz hold them to).
package read
