package redact

// KeyShapes is a family of credential shapes (one per kind of key the
// policy knows, prefixed and not) for property tests in every package:
// a channel that prints any of them leaks.
func KeyShapes() []string {
	return []string{
		"sk-proj-AbCdEfGh1234567890abcdEFGHijkl",
		"sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv12",
		"sk-0123456789abcdefABCDEF0123456789abcdefABCD",
		"AKIAIOSFODNN7EXAMPLE",
		"AIzaSyA1234567890abcdefghijklmnopqrs",
		"ghp_0123456789abcdefABCDEF0123456789abcd",
		"xoxb-123456789012-abcdefABCDEF1234",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefgh12",
		"0123456789abcdef0123456789abcdef",
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		"q8Xv2LkP9sT4wZ7nB3mR6yH1",
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	}
}
