package build

import "testing"

// TestClassify: each changed path feeds the stage that reads it (see Builder).
func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		path string
		want changes
	}{
		{"content/parents/help.md", changes{content: []string{"content/parents/help.md"}}},
		{"content/parents", changes{content: []string{"content/parents"}}},
		{"content/_data/glossary.yaml", changes{full: true}},
		{"content", changes{full: true}},
		{"site.yaml", changes{full: true}},
		{"layouts/partials/toc.html", changes{layouts: true}},
		{"assets/css/_base.css", changes{css: true}},
		{"assets/js/search.js", changes{js: true}},
		{"assets/fonts/x.woff2", changes{css: true, js: true}},
		{"assets/dev/reload.js", changes{}},
		{"static/favicon.svg", changes{static: true}},
		{"widgets/cwd/rules.go", changes{wasm: true}},
		{"go.sum", changes{wasm: true}},
		{"netlify.toml", changes{}},
		{"README.md", changes{}},
	} {
		got := classify([]string{tt.path})
		if got.full != tt.want.full || got.layouts != tt.want.layouts || got.css != tt.want.css || got.js != tt.want.js ||
			got.wasm != tt.want.wasm || got.static != tt.want.static || len(got.content) != len(tt.want.content) {
			t.Errorf("classify(%q) = %+v, want %+v", tt.path, got, tt.want)
		}
	}
}
