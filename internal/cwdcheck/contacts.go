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
// it names. Load must have succeeded first.
func Validate(file string, d *cwd.Data, contacts ContactLookup) diag.List {
	var ds diag.List
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
