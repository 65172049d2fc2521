package load

import (
	"go.yaml.in/yaml/v3"

	"signpost/internal/datafile"
	"signpost/internal/diag"
	"signpost/internal/site"
)

// checkAreas reports an area of site.yaml that lacks a field the site shows: its name (the
// badges, the banner, "for Thurrock and …"), its partnership (who publishes the guidance, asked
// about when a page is overdue) and its safeguarding contact (the emergency banner), with a
// name and a web page or phone number. Without this an area with no name built with empty
// badges and "In : …" in the banner, and one with no safeguarding contact silently dropped out
// of the banner (issue #18). root is site.yaml's document node, for the lines.
func checkAreas(root *yaml.Node, cfg site.Config) diag.List {
	var diags diag.List
	areas := datafile.MapValue(datafile.Top(root), "areas")
	for _, key := range cfg.AreaOrder {
		a := cfg.Areas[key]
		node := datafile.MapValue(areas, key)
		at := datafile.KeyPos(areas, key)
		missing := func(field, hint string) {
			diags.Add(diag.Errorf(ConfigFile, at.Line, at.Col, "area %q has no %s", key, field).WithHint("%s", hint))
		}
		if key == site.AllAreas {
			diags.Add(diag.Errorf(ConfigFile, at.Line, at.Col, "%q cannot be an area's key", key).
				WithHint("pages write area: [%s] for every area; give this area another key", site.AllAreas))
		}
		if a.Name == "" {
			missing("name", "add 'name: …', the area's name as pages show it")
		}
		if a.Partnership == "" {
			missing("partnership", "add 'partnership: …', who publishes the area's guidance")
		}
		sg := datafile.MapValue(node, "safeguarding")
		sgAt := datafile.KeyPos(node, "safeguarding")
		switch {
		case sg == nil:
			missing("safeguarding contact", "add 'safeguarding: {name: …, web: …}', who to contact about a child in danger; the emergency banner shows it")
		case a.Safeguarding.Name == "":
			diags.Add(diag.Errorf(ConfigFile, sgAt.Line, sgAt.Col, "the safeguarding contact of area %q has no name", key).WithHint("add 'name: …'"))
		case a.Safeguarding.Web == "" && a.Safeguarding.Phone == "":
			diags.Add(diag.Errorf(ConfigFile, sgAt.Line, sgAt.Col, "the safeguarding contact of area %q has no web page or phone number", key).WithHint("add 'web: …' or 'phone: …' from the area's guidance"))
		}
	}
	return diags
}
