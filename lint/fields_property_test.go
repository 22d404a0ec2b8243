package lint

import (
	"fmt"
	"math/rand"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldGen builds random objects from a CRD field tree.
type fieldGen struct {
	r *rand.Rand
	// slots are the object nodes (and their paths) an unknown field can be
	// put into.
	slots []slot
}

type slot struct {
	m    map[string]any
	path string
}

func (g *fieldGen) value(n *fieldNode, path string, depth int) any {
	switch {
	case n.any:
		return map[string]any{"free": "x"}
	case n.fields != nil:
		m := map[string]any{}
		names := make([]string, 0, len(n.fields))
		for k := range n.fields {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if depth > 8 || g.r.Intn(3) == 0 {
				continue
			}
			m[k] = g.value(n.fields[k], joinField(path, k), depth+1)
		}
		g.slots = append(g.slots, slot{m, path})
		return m
	case n.items != nil:
		l := make([]any, 1+g.r.Intn(2))
		for i := range l {
			l[i] = g.value(n.items, fmt.Sprintf("%s[%d]", path, i), depth+1)
		}
		return l
	}
	return "x"
}

// TestUnknownFieldsProperty: for random objects built from each pinned
// CRD version, unknownFields finds nothing; after one unknown key is put
// at a random object node, it finds exactly that path, and pruning
// removes exactly it.
func TestUnknownFieldsProperty(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	keys := make([]string, 0, len(crdFields))
	for k := range crdFields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	compared := 0
	for i := 0; i < 700; i++ {
		key := keys[i%len(keys)]
		var apiVersion, kind string
		_, err := fmt.Sscanf(key, "%s %s", &apiVersion, &kind)
		require.NoError(t, err)
		g := &fieldGen{r: r}
		body := g.value(parsedFields()[key], "", 0).(map[string]any)
		body["apiVersion"], body["kind"] = apiVersion, kind
		o := Object{APIVersion: apiVersion, Kind: kind, Body: body}
		require.Empty(t, unknownFields(&o), "%s: %v", key, body)

		s := g.slots[r.Intn(len(g.slots))]
		bad := fmt.Sprintf("zz%d", r.Intn(1000))
		s.m[bad] = map[string]any{"nested": 1}
		want := joinField(s.path, bad)
		assert.Equal(t, []string{want}, unknownFields(&o), "%s", key)
		assert.Equal(t, []string{want}, PruneUnknownFields(&o))
		_, still := s.m[bad]
		assert.False(t, still)
		assert.Empty(t, unknownFields(&o))
		compared++
	}
	t.Logf("%d random objects over %d CRD versions: clean, one unknown field found at its path, pruned", compared, len(keys))
}
