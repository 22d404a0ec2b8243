// Package plainwords rewrites the YAML libraries' vocabulary in messages
// (node kinds by number or name, tags, kyaml's internal variant types, the
// SDK's nested "failed to parse" prefixes) into words a user of kustomize
// or kpt knows. The function's results and import's lines pass through it.
package plainwords
