package site

import (
	"regexp"
	"strings"
)

// AndList joins names as an English list: "A", "A and B", "A, B and C" (no serial comma,
// as GOV.UK style). The site's wording that names areas joins them with it, so a third
// area in site.yaml reads "Thurrock, Stoke-on-Trent and Southend-on-Sea", not "… and … and …"
// (issue #18).
func AndList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// AreaNames returns the names of the areas with the given keys, in the order given, as an
// English list; a key site.yaml does not define stands as itself.
func (c *Config) AreaNames(keys []string) string {
	var names []string
	for _, k := range keys {
		if a, ok := c.Areas[k]; ok && a.Name != "" {
			names = append(names, a.Name)
		} else {
			names = append(names, k)
		}
	}
	return AndList(names)
}

// OrList joins names as an English list with "or": "A, B or C".
func OrList(names []string) string {
	if len(names) < 2 {
		return AndList(names)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// The placeholders for the site's own wording that names every area (issue #18): "for
// {areas}" reads "for Thurrock and Stoke-on-Trent" today, and takes in an area added to
// site.yaml. {areas-or} joins them with "or". Guidance quoted from a document never uses
// them: it names the areas its source names.
const (
	AreasPlaceholder = "{areas}"
	// AllAreas, alone in a page's area list, stands for every area in site.yaml (the site's
	// own pages: home, search, privacy…), so a new area needs no edit to them.
	AllAreas           = "all"
	AreasOrPlaceholder = "{areas-or}"
)

// areaPlaceholderRE finds what looks like an area placeholder, to catch misspellings.
var areaPlaceholderRE = regexp.MustCompile(`(?i)\{\s*areas?\b[^{}\n]{0,20}\}`)

// ExpandAreas replaces the area placeholders in s with the names of every area of
// site.yaml, in site.yaml's order. It returns the text and the first placeholder-like
// text it does not know ("{area}", "{Areas}"), or "".
func (c *Config) ExpandAreas(s string) (string, string) {
	if !strings.Contains(s, "{") {
		return s, ""
	}
	bad := ""
	for _, m := range areaPlaceholderRE.FindAllString(s, -1) {
		if m != AreasPlaceholder && m != AreasOrPlaceholder && bad == "" {
			bad = m
		}
	}
	var names []string
	for _, k := range c.AreaOrder {
		if a, ok := c.Areas[k]; ok && a.Name != "" {
			names = append(names, a.Name)
		}
	}
	s = strings.ReplaceAll(s, AreasPlaceholder, AndList(names))
	s = strings.ReplaceAll(s, AreasOrPlaceholder, OrList(names))
	return s, bad
}
