package lint

import "strconv"

// Accessors over decoded YAML (map[string]any trees). They never panic:
// a field of the wrong type reads as absent, since hand-written objects
// may be anything and the CRD, not the linter, reports type errors.

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// Map walks a path of keys and returns the mapping at its end, or nil.
func Map(m map[string]any, path ...string) map[string]any {
	for _, k := range path {
		if m == nil {
			return nil
		}
		m = asMap(m[k])
	}
	return m
}

// List returns the sequence at a path of keys, or nil.
func List(m map[string]any, path ...string) []any {
	if len(path) == 0 {
		return nil
	}
	l, _ := Map(m, path[:len(path)-1]...)[path[len(path)-1]].([]any)
	return l
}

// Str returns a scalar field as text ("" when absent or not a scalar).
func Str(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// Int returns an integer field.
func Int(m map[string]any, key string) (int, bool) {
	switch v := m[key].(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case uint64:
		return int(v), true
	case float64:
		if v == float64(int(v)) {
			return int(v), true
		}
	case string:
		if i, err := strconv.Atoi(v); err == nil {
			return i, true
		}
	}
	return 0, false
}
