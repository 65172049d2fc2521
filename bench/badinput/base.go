package main

import (
	"os"
	"path/filepath"
)

// page is a page whose front matter is lines 1–9 of its file ("---" on 1 and 9), so its
// body starts on line 10.
func page(title string) string {
	return "---\ntitle: " + title + "\ndescription: Where to get help.\narea: [thurrock]\naudience: [parents]\nweight: 1\n" +
		"source: {publisher: Signpost, title: Signpost, url: \"https://signpost.example/\"}\nreviewed: 2024-01-01\n---\n"
}

// writeBase writes the base site into dir: the repository's whole site (site.yaml, content
// with its data files, layouts, assets, static files) plus one page of its own,
// /parents/help/, that the cases edit. The real site is the base because its data files
// link to its pages (the disability check's sources go through the link check): a
// cut-down copy would fail for reasons no case is about.
func writeBase(repo, dir string) error {
	for _, d := range []string{"layouts", "assets", "static", "content"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(repo, d))); err != nil {
			return err
		}
	}
	cfg, err := os.ReadFile(filepath.Join(repo, "site.yaml"))
	if err != nil {
		return err
	}
	s := &Site{Dir: dir}
	for name, content := range map[string]string{
		"site.yaml":               string(cfg),
		"content/parents/help.md": page("Getting help") + "Body of help.\n",
	} {
		if err := s.write(name, content); err != nil {
			return err
		}
	}
	return nil
}
