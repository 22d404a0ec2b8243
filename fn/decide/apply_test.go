package decide

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFileName(t *testing.T) {
	long := strings.Repeat("n", 248)
	tests := []struct {
		name, spec, want string
	}{
		{name: "short name as is", spec: "openai", want: "aigw-openai.yaml"},
		{name: "longest name that fits", spec: strings.Repeat("a", 245), want: "aigw-" + strings.Repeat("a", 245) + ".yaml"},
		{name: "cut and hashed", spec: long, want: "aigw-" + long[:236] + "-" + fileName(long)[242:250] + ".yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fileName(tt.spec)
			assert.Equal(t, tt.want, got)
			assert.LessOrEqual(t, len(got), maxFileName)
		})
	}
	// Names that share the first 236 characters still get distinct files.
	a, b := fileName(long), fileName(long[:247]+"m")
	assert.NotEqual(t, a, b)
	assert.Len(t, a, maxFileName)
}
