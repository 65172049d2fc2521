package site

import "strings"

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
