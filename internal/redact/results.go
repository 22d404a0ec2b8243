package redact

import (
	sdk "github.com/kptdev/krm-functions-sdk/go/fn"
)

// Result applies the policy to one result in place: the message, the file
// path, the field's current and proposed values, and the resource
// reference's name and namespace.
func Result(r *sdk.Result) {
	if r == nil {
		return
	}
	r.Message = String(r.Message)
	if r.File != nil {
		r.File.Path = String(r.File.Path)
	}
	if r.Field != nil {
		r.Field.Path = String(r.Field.Path)
		r.Field.CurrentValue = value(r.Field.CurrentValue)
		r.Field.ProposedValue = value(r.Field.ProposedValue)
	}
	if ref := r.ResourceRef; ref != nil {
		ref.Name = Name(ref.Name)
		ref.Namespace = Name(ref.Namespace)
		ref.APIVersion = Name(ref.APIVersion)
		ref.Kind = Name(ref.Kind)
	}
	for k, v := range r.Tags {
		r.Tags[k] = String(v)
	}
}

// Results applies Result to each result.
func Results(rs sdk.Results) {
	for _, r := range rs {
		Result(r)
	}
}

// value keeps a quoted field value only when it is no credential.
func value(v any) any {
	if s, ok := v.(string); ok && Contains(s) {
		return nil
	}
	return v
}
