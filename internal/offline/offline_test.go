package offline_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"regexp"
	"slices"
	"testing"

	"signpost/internal/offline"
	"signpost/internal/site"
)

var buildLine = regexp.MustCompile(`(?m)^const BUILD = (\{.*\});$`)

type built struct {
	ID     string   `json:"id"`
	Scope  string   `json:"scope"`
	Core   []string `json:"core"`
	Pages  []string `json:"pages"`
	Assets []string `json:"assets"`
}

func parse(t *testing.T, sw []byte) built {
	t.Helper()
	m := buildLine.FindSubmatch(sw)
	if m == nil {
		t.Fatalf("no BUILD line in:\n%s", sw)
	}
	var b built
	if err := json.Unmarshal(m[1], &b); err != nil {
		t.Fatal(err)
	}
	return b
}

func files() map[string][]byte {
	return map[string][]byte{
		"index.html":                                  []byte("home"),
		"parents/index.html":                          []byte("parents"),
		"professionals/index.html":                    []byte("pro"),
		"professionals/tier-matrix/index.html":        []byte("matrix"),
		"professionals/threshold/print/index.html":    []byte("whole"),
		"assets/main.ABCD1234.css":                    []byte("css"),
		"assets/wasm/widgets.EFGH5678.wasm":           []byte("wasm"),
		"favicon.svg":                                 []byte("icon"),
		"search/meta.json":                            []byte("{}"),
		"professionals/annual-report/chart-data.json": []byte("[]"),
	}
}

func TestWorker(t *testing.T) {
	fs := files()
	sw := offline.Worker(fs, []string{"/professionals/tier-matrix/"})
	b := parse(t, sw)
	want := built{
		Scope:  "/professionals/",
		Core:   []string{"/professionals/tier-matrix/"},
		Pages:  []string{"/professionals/", "/professionals/threshold/print/", "/professionals/tier-matrix/"},
		Assets: []string{"/assets/main.ABCD1234.css", "/assets/wasm/widgets.EFGH5678.wasm", "/favicon.svg"},
	}
	b.ID, want.ID = "", ""
	gb, _ := json.Marshal(b)
	gw, _ := json.Marshal(want)
	if !bytes.Equal(gb, gw) {
		t.Errorf("BUILD = %s\nwant   %s", gb, gw)
	}

	// The same files give the same bytes; any change to any file gives a new cache.
	if again := offline.Worker(files(), []string{"/professionals/tier-matrix/"}); !bytes.Equal(again, sw) {
		t.Error("same input, different worker")
	}
	id := parse(t, sw).ID
	if len(id) != 16 {
		t.Errorf("id %q", id)
	}
	for _, name := range []string{"parents/index.html", "professionals/tier-matrix/index.html", "search/meta.json"} {
		changed := files()
		changed[name] = append(changed[name], '!')
		if got := parse(t, offline.Worker(changed, nil)).ID; got == id {
			t.Errorf("changing %s kept the cache id", name)
		}
	}
	// The id is the first 16 hex digits of a SHA-256 over each file's name, a zero byte
	// and the SHA-256 of its contents, names in order.
	names := slices.Sorted(maps.Keys(fs))
	h := sha256.New()
	for _, n := range names {
		sum := sha256.Sum256(fs[n])
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(sum[:])
	}
	if want := hex.EncodeToString(h.Sum(nil))[:16]; id != want {
		t.Errorf("id %s, want %s", id, want)
	}
	// WorkerOf takes the sums from the caller and reads nothing: the same worker.
	of, err := offline.WorkerOf(names, func(n string) ([sha256.Size]byte, error) { return sha256.Sum256(fs[n]), nil }, []string{"/professionals/tier-matrix/"})
	if err != nil || !bytes.Equal(of, sw) {
		t.Errorf("WorkerOf gives another worker (%v)", err)
	}
	if _, err := offline.WorkerOf(names, func(n string) ([sha256.Size]byte, error) { return [sha256.Size]byte{}, errors.New("no sum") }, nil); err == nil {
		t.Error("WorkerOf hid a missing sum")
	}
	// The worker does not hash itself.
	withSelf := files()
	withSelf[offline.WorkerPath] = sw
	if got := parse(t, offline.Worker(withSelf, nil)).ID; got != id {
		t.Error("the worker's id depends on the previous worker")
	}
}

func TestScope(t *testing.T) {
	tests := []struct {
		url     string
		widgets []string
		in      bool
		auto    bool
	}{
		{"/professionals/tier-matrix/", []string{"widget:tier-matrix"}, true, true},
		{"/professionals/threshold/mash/", nil, true, false},
		{"/parents/cwd-check/", []string{"widget:cwd-check"}, false, false},
		{"/parents/", nil, false, false},
		{"/", nil, false, false},
	}
	for _, tt := range tests {
		p := &site.Page{URL: tt.url, Widgets: tt.widgets}
		if got := offline.InScope(p); got != tt.in {
			t.Errorf("InScope(%s) = %v", tt.url, got)
		}
		if got := offline.Auto(p); got != tt.auto {
			t.Errorf("Auto(%s) = %v", tt.url, got)
		}
	}
}
