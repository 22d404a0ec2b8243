package generator

import (
	"fmt"
	"strings"
)

// FieldError is one problem with a spec, located by its field path
// (for example "spec.endpoint.port").
type FieldError struct {
	// Path is the dotted field path with list indexes: spec.headerMutation.set[2].name.
	Path string
	// Value is the offending value as written, when it is a scalar.
	Value any
	// Message says what is wrong and what to write instead.
	Message string
}

func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// FieldErrors collects every problem found in one spec; validation never
// stops at the first one.
type FieldErrors []FieldError

func (es FieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// errs is the collector threaded through decoding and resolution.
type errs struct {
	list FieldErrors
}

// maxErrors caps the problems reported for one spec: past it the output
// would only bury the first, most useful ones.
const maxErrors = 100

func (c *errs) add(path string, value any, format string, args ...any) {
	switch {
	case len(c.list) < maxErrors:
		c.list = append(c.list, FieldError{Path: path, Value: value, Message: fmt.Sprintf(format, args...)})
	case len(c.list) == maxErrors:
		c.list = append(c.list, FieldError{Message: fmt.Sprintf("more than %d problems; fix these and run again", maxErrors)})
	}
}
