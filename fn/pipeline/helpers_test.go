package pipeline

import sdk "github.com/kptdev/krm-functions-sdk/go/fn"

// parse reads an output ResourceList the way kpt's SDK does.
func parse(b []byte) (*sdk.ResourceList, error) { return sdk.ParseResourceList(b) }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
