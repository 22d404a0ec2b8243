package yaml11

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBool(t *testing.T) {
	for _, tc := range []struct {
		in         string
		value, ok  bool
		isSpelling bool
	}{
		{in: "yes", value: true, ok: true, isSpelling: true},
		{in: "Yes", value: true, ok: true, isSpelling: true},
		{in: "YES", value: true, ok: true, isSpelling: true},
		{in: "yEs", value: true, ok: true},
		{in: "y", value: true, ok: true, isSpelling: true},
		{in: "Y", value: true, ok: true, isSpelling: true},
		{in: "on", value: true, ok: true, isSpelling: true},
		{in: "On", value: true, ok: true, isSpelling: true},
		{in: "oN", value: true, ok: true},
		{in: "no", ok: true, isSpelling: true},
		{in: "NO", ok: true, isSpelling: true},
		{in: "n", ok: true, isSpelling: true},
		{in: "off", ok: true, isSpelling: true},
		{in: "Off", ok: true, isSpelling: true},
		{in: "OFF", ok: true, isSpelling: true},
		{in: "oFF", ok: true},
		{in: "true"},
		{in: "false"},
		{in: "null"},
		{in: ""},
		{in: "yess"},
		{in: "o"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			v, ok := Bool(tc.in)
			assert.Equal(t, tc.ok, ok, "ok")
			assert.Equal(t, tc.value, v, "value")
			assert.Equal(t, tc.isSpelling, IsBoolSpelling(tc.in), "spelling")
		})
	}
}
