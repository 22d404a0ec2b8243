package yaml11

import "strings"

// TrickyStrings returns strings a YAML writer must take care with: words
// YAML 1.1 or 1.2 reads as another type, indicators, spaces, line breaks
// and long keys. Tests of every writer of the project draw from it, so
// they all face the same traps.
func TrickyStrings() []string {
	return []string{
		"openai", "api.openai.com", "/v1", "ai-gateway/openai", "a_b", "x-y", "A1",
		"", "true", "True", "FALSE", "yes", "No", "on", "OFF", "y", "N", "null", "Null", "~",
		"0", "443", "007", "-1", "+1", "1.5", ".5", "1e3", "0x1F", "0o7", ".inf", "-.inf", ".nan", "NaN",
		"2024-10-21", "12:30", "1:20:30", "a b", " lead", "trail ", "a: b", "a #b", "#a", "a#b",
		"-a", "-", "--", "---", "...", "?a", ":a", "a:", "[x]", "{x}", "*a", "&a", "!a", "|", ">", "%a", "@a", "`a",
		"'q'", "\"q\"", "a\nb", "a\tb", "é", "ü/x", "a,b", strings.Repeat("k", 99), strings.Repeat("k", 101),
		strings.Repeat("long-", 40), "e1", "inf", "Infinity", "<<", "=",
	}
}
