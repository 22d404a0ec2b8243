// Package decide is the one place where the function decides what happens
// to a ResourceList: which items are specs, what each spec generates, which
// existing objects are patched, kept or pruned, where new objects go (file
// and index), which objects and Secrets lint sees, and every result.
//
// The model: Decide takes a read.Table and returns a Plan — the output's
// items in order, each an input row (kept, its tree possibly patched) or a
// new object, plus the results and whether the run failed. It reads only
// the rows' Meta and, for the rows it needs, their trees (Table.Tree), so
// both readers get the same decisions: a row's route never changes its
// fate. It writes no bytes; package write turns a Plan into output.
//
// Rules, in order: items that are not objects refuse the run; the rows
// read are the specs, the four generated kinds and the v1 Secrets whose
// name one of them (or the functionConfig) mentions; apply is all or
// nothing (any error gives every item back unchanged).
package decide
