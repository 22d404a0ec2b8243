package yaml11

import "strings"

// Bool returns the boolean YAML 1.1 reads s as, and ok when s is one of the
// words YAML 1.1 took as a boolean and YAML 1.2 takes as a string (yes, y,
// on, no, n, off), in any letter case.
func Bool(s string) (value, ok bool) {
	switch strings.ToLower(s) {
	case "yes", "y", "on":
		return true, true
	case "no", "n", "off":
		return false, true
	}
	return false, false
}

// IsBoolSpelling reports whether s is one of those words spelled as YAML
// 1.1's boolean type lists them: lower case, capitalised or upper case
// ("yes", "Yes", "YES"; not "yEs", which YAML 1.1 reads as a string).
func IsBoolSpelling(s string) bool {
	if _, ok := Bool(s); !ok {
		return false
	}
	lower := strings.ToLower(s)
	return s == lower || s == strings.ToUpper(s) || s == strings.ToUpper(lower[:1])+lower[1:]
}
