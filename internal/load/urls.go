package load

import (
	"net/url"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"signpost/internal/datafile"
	"signpost/internal/diag"
)

// URLs from site.yaml and front matter are checked when they are read (issue 15, item 4):
// html/template escapes them, but a javascript: URL in an href still runs wherever the
// Content-Security-Policy is absent (a preview with python3 -m http.server, a mirror),
// and a relative or empty exit_url leaves someone who pressed "Exit this page" on the site.

// linkProblem says what is wrong with raw as a link to another site: it must be an
// absolute https: or http: URL with a host. http: is allowed because the guidance links to
// services as their documents print them (site.yaml has one such address); it cannot run
// script, and a link is a navigation, not a resource the page loads. "" when raw is fine;
// onlyHTTPS reports http: too (for exit_url).
func linkProblem(raw string, onlyHTTPS bool) string {
	if strings.TrimSpace(raw) != raw || strings.ContainsFunc(raw, func(r rune) bool { return r < 0x20 || r == 0x7f || r == ' ' }) {
		return "has spaces or control characters"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "is not a URL: " + strings.TrimPrefix(err.Error(), "parse ")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if onlyHTTPS {
			return "is an http: address, not https:"
		}
	case "":
		return "is not an absolute URL"
	default:
		return "is a " + strings.ToLower(u.Scheme) + ": URL, not https:"
	}
	if u.Host == "" || u.Hostname() == "" {
		return "has no host"
	}
	if u.User != nil {
		return "has a user name or password in it"
	}
	return ""
}

// checkLink reports raw, the value of node v (named what), unless it is a good link.
func checkLink(diags *diag.List, file string, lineOffset int, v *yaml.Node, what string) {
	if msg := linkProblem(v.Value, false); msg != "" {
		diags.Add(diag.Errorf(file, v.Line+lineOffset, v.Column, "%s %q %s", what, v.Value, msg).
			WithHint("write the full address, starting https://"))
	}
}

var (
	emailRE = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$`)
	phoneRE = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{2,}[0-9]$`)
)

// checkConfigURLs checks the addresses in site.yaml (root is its document's mapping):
// base_url and exit_url, and every contact's web, email and phone, and contact ids (a
// second contact with one id, at its line).
func checkConfigURLs(root *yaml.Node, diags *diag.List) {
	base := datafile.MapValue(root, "base_url")
	if base != nil {
		checkLink(diags, ConfigFile, 0, base, "base_url")
	}
	exit := datafile.MapValue(root, "exit_url")
	switch {
	case exit == nil || strings.TrimSpace(exit.Value) == "":
		line, col := 1, 1
		if exit != nil {
			line, col = exit.Line, exit.Column
		}
		diags.Add(diag.Errorf(ConfigFile, line, col, "site.yaml has no exit_url").
			WithHint("\"Exit this page\" needs a neutral site to go to: exit_url: https://www.bbc.co.uk/weather"))
	default:
		if msg := linkProblem(exit.Value, true); msg != "" {
			diags.Add(diag.Errorf(ConfigFile, exit.Line, exit.Column, "exit_url %q %s", exit.Value, msg).
				WithHint("\"Exit this page\" must leave the site at once: write a full https:// address of another site"))
		} else if base != nil {
			eu, _ := url.Parse(exit.Value)
			bu, err := url.Parse(base.Value)
			if err == nil && strings.EqualFold(eu.Hostname(), bu.Hostname()) {
				diags.Add(diag.Errorf(ConfigFile, exit.Line, exit.Column, "exit_url %q is on this site", exit.Value).
					WithHint("\"Exit this page\" must leave the site: use a neutral site such as https://www.bbc.co.uk/weather"))
			}
		}
	}
	areas := datafile.MapValue(root, "areas")
	if areas == nil || areas.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(areas.Content); i += 2 {
		key, area := areas.Content[i].Value, areas.Content[i+1]
		if sg := datafile.MapValue(area, "safeguarding"); sg != nil {
			checkContact(sg, diags)
		}
		contacts := datafile.MapValue(area, "contacts")
		if contacts == nil || contacts.Kind != yaml.SequenceNode {
			continue
		}
		seen := map[string]*yaml.Node{}
		for _, c := range contacts.Content {
			id := datafile.MapValue(c, "id")
			if id == nil || id.Value == "" {
				diags.Add(diag.Errorf(ConfigFile, c.Line, c.Column, "a contact of area %q has no id", key).
					WithHint("add 'id: …', a short name pages use in ::: contacts blocks"))
			} else if prev := seen[id.Value]; prev != nil {
				diags.Add(diag.Errorf(ConfigFile, id.Line, id.Column, "area %q has two contacts with id %q (the first is on line %d)", key, id.Value, prev.Line).
					WithHint("give each contact its own id"))
			} else {
				seen[id.Value] = id
			}
			checkContact(c, diags)
		}
	}
}

// checkContact checks one contact's web address, e-mail address and phone number.
func checkContact(c *yaml.Node, diags *diag.List) {
	if web := datafile.MapValue(c, "web"); web != nil && web.Value != "" {
		checkLink(diags, ConfigFile, 0, web, "web address")
	}
	if email := datafile.MapValue(c, "email"); email != nil && email.Value != "" && !emailRE.MatchString(email.Value) {
		diags.Add(diag.Errorf(ConfigFile, email.Line, email.Column, "email %q is not an e-mail address", email.Value).
			WithHint("write the address alone, such as name@example.org, without mailto:"))
	}
	if phone := datafile.MapValue(c, "phone"); phone != nil && phone.Value != "" && !phoneRE.MatchString(phone.Value) {
		diags.Add(diag.Errorf(ConfigFile, phone.Line, phone.Column, "phone %q is not a phone number", phone.Value).
			WithHint("write digits, spaces and dashes only, as in 01782 683129"))
	}
}
