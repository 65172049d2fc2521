package cwdcheck

import (
	"sort"
	"strings"

	"signpost/internal/diag"
	"signpost/internal/site"
	"signpost/widgets/cwd"
)

// SafeguardingID names an area's safeguarding entry of site.yaml (areas.X.safeguarding)
// in a route's contacts.
const SafeguardingID = "safeguarding"

// ContactLookup is what the check needs from site.yaml: the areas and their contacts.
type ContactLookup interface {
	// AreaName returns the name of a site.yaml area, and whether it exists.
	AreaName(area string) (string, bool)
	// Contact returns a contact of an area by id; SafeguardingID is the area's
	// safeguarding entry.
	Contact(area, id string) (site.Contact, bool)
}

// SiteContacts looks contacts up in the site configuration.
func SiteContacts(cfg site.Config) ContactLookup { return siteContacts{cfg} }

type siteContacts struct{ cfg site.Config }

func (s siteContacts) AreaName(area string) (string, bool) {
	a, ok := s.cfg.Areas[area]
	return a.Name, ok
}

// ExpandAreas writes the names of every area of site.yaml for {areas} and {areas-or}.
func (s siteContacts) ExpandAreas(text string) (string, string) { return s.cfg.ExpandAreas(text) }

// expandAreas writes the names of site.yaml's areas for the placeholders in the texts a
// family reads ("We live outside {areas}."), so the site's own wording takes in a new area
// (issue #18); a misspelled placeholder is an error at its question or route.
func expandAreas(file string, d *cwd.Data, contacts ContactLookup) diag.List {
	x, ok := contacts.(interface {
		ExpandAreas(string) (string, string)
	})
	if !ok {
		return nil
	}
	var ds diag.List
	do := func(line int, s *string) {
		var bad string
		if *s, bad = x.ExpandAreas(*s); bad != "" {
			ds.Add(diag.Errorf(file, line, 0, "unknown placeholder %q", bad).
				WithHint("write %s or %s for the names of every area of site.yaml", site.AreasPlaceholder, site.AreasOrPlaceholder))
		}
	}
	for _, s := range []*string{&d.Intro, &d.OutcomeIntro, &d.UrgentIntro, &d.FallbackIntro} {
		do(1, s)
	}
	for i := range d.Steps {
		st := &d.Steps[i]
		for _, s := range []*string{&st.Question, &st.Short, &st.Hint, &st.Error, &st.Say, &st.Notice} {
			do(st.Line, s)
		}
		for j := range st.Options {
			o := &st.Options[j]
			for _, s := range []*string{&o.Label, &o.Hint, &o.Say} {
				do(o.Line, s)
			}
		}
	}
	for i := range d.Areas {
		for j := range d.Areas[i].Routes {
			r := &d.Areas[i].Routes[j]
			do(r.Line, &r.Title)
			do(r.Line, &r.Who)
			for _, bs := range [][]cwd.Block{r.What, r.How} {
				for k := range bs {
					do(r.Line, &bs[k].P)
					for l := range bs[k].List {
						do(r.Line, &bs[k].List[l])
					}
				}
			}
		}
	}
	return ds
}

func (s siteContacts) Contact(area, id string) (site.Contact, bool) {
	a, ok := s.cfg.Areas[area]
	if !ok {
		return site.Contact{}, false
	}
	if id == SafeguardingID {
		c := a.Safeguarding
		c.ID = SafeguardingID
		return c, c.Name != ""
	}
	return a.Contact(id)
}

// ContactRef is a resolved entry of a route's contacts.
type ContactRef struct {
	Area string // the site.yaml area the contact belongs to
	ID   string
}

// ParseContactRef splits "id" (in the route's area) or "area/id".
func ParseContactRef(routeArea, ref string) ContactRef {
	if area, id, ok := strings.Cut(ref, "/"); ok {
		return ContactRef{Area: area, ID: id}
	}
	return ContactRef{Area: routeArea, ID: ref}
}

// Validate checks cwd.yaml against site.yaml: every area of the check other than "any"
// and "elsewhere" is a site.yaml area, and every contact a route names exists in the area
// it names. It also writes the area names for {areas} in the texts. Load must have
// succeeded first.
func Validate(file string, d *cwd.Data, contacts ContactLookup) diag.List {
	ds := expandAreas(file, d, contacts)
	for _, a := range d.Areas {
		if a.ID != cwd.AreaAny && a.ID != cwd.AreaElsewhere {
			if _, ok := contacts.AreaName(a.ID); !ok {
				ds.Add(diag.Errorf(file, a.Line, 0, "area %q is not an area of site.yaml", a.ID))
			}
		}
		for _, r := range a.Routes {
			// An urgent route with no number to ring sends a family worried about a child
			// to a website: the build asks the area's owner for the number (issue #11).
			if r.Urgent && len(r.Contacts) > 0 && !hasPhone(contacts, a.ID, r.Contacts) {
				ref := ParseContactRef(a.ID, r.Contacts[0])
				name, _ := contacts.AreaName(ref.Area)
				ds.Add(diag.Warnf(file, r.Line, 0, "route %s/%s: no contact has a phone number, so families are sent to a website for it", a.ID, r.ID).
					WithHint("the sources give none: ask %s's owner for the number and add it to site.yaml (never from memory)", name))
			}
			for _, raw := range r.Contacts {
				ref := ParseContactRef(a.ID, raw)
				if ref.Area == cwd.AreaAny || ref.Area == cwd.AreaElsewhere {
					ds.Add(diag.Errorf(file, r.Line, 0, "route %s/%s: contact %q needs an area", a.ID, r.ID, raw).
						WithHint("write area/id, e.g. thurrock/mash"))
					continue
				}
				if _, ok := contacts.Contact(ref.Area, ref.ID); !ok {
					ds.Add(diag.Errorf(file, r.Line, 0, "route %s/%s: no contact %q in area %q of site.yaml", a.ID, r.ID, ref.ID, ref.Area).
						WithHint("%s", suggest(contacts, ref.Area)))
				}
			}
		}
	}
	ds.Add(validateSources(file, d, contacts)...)
	return ds
}

func hasPhone(contacts ContactLookup, area string, refs []string) bool {
	for _, raw := range refs {
		ref := ParseContactRef(area, raw)
		if c, ok := contacts.Contact(ref.Area, ref.ID); ok && c.Phone != "" {
			return true
		}
	}
	return false
}

func suggest(contacts ContactLookup, area string) string {
	sc, ok := contacts.(siteContacts)
	if !ok {
		return "contacts live in site.yaml under areas"
	}
	a, ok := sc.cfg.Areas[area]
	if !ok {
		return "unknown area"
	}
	ids := []string{SafeguardingID}
	for _, c := range a.Contacts {
		ids = append(ids, c.ID)
	}
	sort.Strings(ids)
	return "known ids: " + strings.Join(ids, ", ")
}
