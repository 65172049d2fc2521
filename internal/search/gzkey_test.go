package search

import (
	"bytes"
	"testing"
)

// TestGzKey: two compressed files' values have one key exactly when they have one JSON,
// since a cached build takes a file's gzip bytes by its key without making its JSON.
func TestGzKey(t *testing.T) {
	vals := []any{
		map[string][]int{"a": {1, 2}, "b": {3}},
		map[string][]int{"b": {3}, "a": {1, 2}}, // the same map
		map[string][]int{"a": {1, 2}, "b": {4}},
		map[string][]int{"a": {1}, "b": {2, 3}},
		map[string][]int{"a": {1, 2, 3}},
		map[string][]int{"ab": {1, 2}, "": {3}},
		map[string][]int{"a": {-1, 2}, "b": {3}},
		map[string][]int{"a": {1, 2}, "b": nil},
		map[string][]int{"a": {1, 2}, "b": {}},
		map[string][]int{},
		map[string][]int(nil),
		shard{terms: []string{"a", "b"}, posts: [][]int{{1, 2}, {3}}}, // the first map
		shard{terms: []string{"a", "b"}, posts: [][]int{{1, 2}, nil}},
		shard{terms: []string{"a"}, posts: [][]int{{1, 2, 3}}},
		fragFile{P: [][2]string{{"/a/", "A"}}, D: [][]any{{0, "", "", "text"}}},
		fragFile{P: [][2]string{{"/a/", "A"}}, D: [][]any{{0, "", "", "text"}}}, // the same
		fragFile{P: [][2]string{{"/a/", "A"}}, D: [][]any{{0, "", "", "text."}}},
		fragFile{P: [][2]string{{"/a/", "A"}}, D: [][]any{{0, "", "te", "xt"}}},
		fragFile{P: [][2]string{{"/a/", "A"}}, D: [][]any{{0, "#h", "", "text"}}},
		fragFile{P: [][2]string{{"/a/", "B"}}, D: [][]any{{0, "", "", "text"}}},
		fragFile{P: [][2]string{{"/a/", "A"}}, D: [][]any{{"0", "", "", "text"}}},
		fragFile{P: [][2]string{{"/a/", "A"}}, D: [][]any{{0, "", "", "text"}, {0, "#b", "B", "more"}}},
		fragFile{P: [][2]string{{"/a/", "A"}, {"/b/", "B"}}, D: [][]any{{0, "", "", "text"}, {1, "", "", "more"}}},
		fragFile{P: [][2]string{{"/a/", "A"}}, D: [][]any{{0, "", "", "text", 1.5}}},
		fragFile{P: [][2]string{{"/a/", "A"}}, D: [][]any{{0, "", "", "text", 2.5}}},
		fragFile{},
		[]string{"other"},
		[]string{"others"},
	}
	for i, a := range vals {
		ka, _ := gzKey(a, nil)
		for j, b := range vals {
			kb, _ := gzKey(b, []byte("left in the buffer"))
			ja, jb := appendJSON(nil, a), appendJSON(nil, b) // json.Marshal's (TestAppendJSON)
			sameJSON := bytes.Equal(ja, jb)
			if (ka == kb) != sameJSON {
				t.Errorf("values %d and %d: same key %t, same JSON %t (%s, %s)", i, j, ka == kb, sameJSON, ja, jb)
			}
		}
	}
}
