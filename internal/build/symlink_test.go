package build_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"signpost/internal/build"
)

// Nothing outside the site root is read, published or served (issue 15, item 1): a
// symbolic link that leads out of the tree is an error naming the link; a link to a folder
// is an error, never skipped silently; a link to a file inside the tree is that file.
func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte(pg("Secret", "", "The secret text.\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		link   string // in the site root
		target func(dir string) string
		want   string // "" for a good build
	}{
		{"page outside", "content/parents/x.md", func(string) string { return secret }, `content/parents/x.md: symbolic link to "` + secret + `" leads outside the site`},
		{"static outside", "static/passwd.txt", func(string) string { return secret }, `static/passwd.txt: symbolic link to "` + secret + `" leads outside the site`},
		{"relative outside", "content/parents/y.md", func(string) string { return "../../../" + filepath.Base(outside) + "/secret.md" }, `content/parents/y.md: symbolic link`},
		{"data outside", "content/_data/glossary.yaml", func(string) string { return secret }, `content/_data/glossary.yaml: symbolic link`},
		{"layout outside", "layouts/partials/evil.html", func(string) string { return secret }, `layouts/partials/evil.html: symbolic link`},
		{"folder outside", "content/more", func(string) string { return outside }, `content/more: symbolic link to "` + outside + `" leads outside the site`},
		{"folder inside", "content/again", func(string) string { return "parents" }, `content/again: symbolic link to the folder`},
		{"broken", "content/parents/gone.md", func(string) string { return "nothere.md" }, `content/parents/gone.md: symbolic link to "nothere.md" leads nowhere`},
		{"absolute inside", "content/parents/abs.md", func(dir string) string { return filepath.Join(dir, "content", "parents", "help.md") }, `content/parents/abs.md: symbolic link`},
		{"file inside", "content/parents/alias.md", func(string) string { return "help.md" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, incSite())
			if err := os.MkdirAll(filepath.Join(dir, "content", "_data"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(tt.target(dir), filepath.Join(dir, filepath.FromSlash(tt.link))); err != nil {
				t.Fatal(err)
			}
			res, err := build.NewBuilder(testConfig(dir, false)).Build(context.Background())
			for name, b := range res.Files {
				if strings.Contains(string(b), "The secret text") {
					t.Errorf("%s publishes the file outside the site", name)
				}
			}
			if tt.want == "" {
				if err != nil {
					t.Fatalf("build failed: %v", err)
				}
				if _, ok := res.Files["parents/alias/index.html"]; !ok {
					t.Errorf("the link inside the site was not followed")
				}
				return
			}
			if err == nil {
				t.Fatalf("build succeeded, want %q", tt.want)
			}
			if !strings.Contains(res.Diags.Error(), tt.want) {
				t.Errorf("got:\n%s\nwant %q", res.Diags.Error(), tt.want)
			}
		})
	}
}
