package glossary

import (
	"regexp"
	"strings"
)

// What FindUndefined treats as an acronym, and what it deliberately ignores:
//
//   - An acronym is a word of capitals and digits that starts with a capital and is at least
//     two characters long, optionally with "&" inside (B&B, L&D, C&PP) and an "s" plural
//     at the end (CCGs, NAIs). So MASH, S17, S47, GCP2, Q4, PP57 count; "I", "A" (single
//     letters), "CoV", "Mrs" and "s/he" do not.
//   - A hyphenated word is looked up whole first ("COVID-19", "SARS-CoV-2"), then part by
//     part ("MASH-led" → MASH).
//   - Roman numerals made of I, V and X (II, IV, XII) are list numbering, not acronyms.
//     Numerals with L, C, D or M are not skipped: CC, CD, MD read as abbreviations.
//   - A short list of English words that are sometimes set in capitals for emphasis or in
//     headings (THE, AND, NOT, MUST, …) and of everyday abbreviations no reader needs
//     spelled out (UK, TV, OK, BBC) is ignored. Everything else a reader might not know,
//     including NHS and GP, must be in the glossary.
//   - Web addresses, e-mail addresses and postcodes (RM17 6SL) are removed before scanning.
//   - A term the glossary defines is never reported, even if it is also a Roman numeral or
//     in the word list.
var (
	urlRE      = regexp.MustCompile(`(?i)(?:\bhttps?://|\bwww\.)[^\s<>()\]]+`)
	emailRE    = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	postcodeRE = regexp.MustCompile(`\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b`)
	tokenRE    = regexp.MustCompile(`[A-Za-z0-9&\-]+`)
	acronymRE  = regexp.MustCompile(`^[A-Z][A-Z0-9]*(?:&[A-Z0-9]+)*s?$`)
	romanRE    = regexp.MustCompile(`^X{0,3}(?:IX|IV|V?I{0,3})$`)
)

// ignored are words written in capitals that are not acronyms needing a definition.
var ignored = map[string]bool{
	// everyday abbreviations
	"UK": true, "TV": true, "OK": true, "BBC": true,
	// English words seen in capitals for emphasis, headings or alert markers
	"A": true, "AN": true, "AND": true, "OR": true, "NOT": true, "NO": true, "YES": true,
	"THE": true, "OF": true, "TO": true, "IN": true, "ON": true, "AT": true, "BY": true,
	"FOR": true, "IS": true, "IT": true, "BE": true, "IF": true, "DO": true, "AM": true,
	"ARE": true, "ALL": true, "ANY": true, "YOU": true, "WE": true, "OUR": true, "ONLY": true,
	"MUST": true, "NEVER": true, "ALWAYS": true, "NOW": true, "NEW": true, "NOTE": true,
	"WARNING": true, "IMPORTANT": true, "TIP": true, "CAUTION": true,
	// chart labels the annual report prints in capitals
	"OUTCOMES": true, "CASES": true,
	// paper size
	"A4": true,
}

// isAcronymCore reports whether s (one word, no hyphen) is written like an acronym.
func isAcronymCore(s string) bool {
	if !acronymRE.MatchString(s) {
		return false
	}
	core := strings.TrimSuffix(s, "s")
	core = strings.ReplaceAll(core, "&", "")
	return len(core) >= 2
}

// FindUndefined returns the acronyms in text (as written, each once, in order of first
// appearance) that g does not define. The rules are listed above. A nil g defines nothing.
func FindUndefined(text string, g *Glossary) []string {
	text = urlRE.ReplaceAllString(text, " ")
	text = emailRE.ReplaceAllString(text, " ")
	text = postcodeRE.ReplaceAllString(text, " ")
	var out []string
	seen := map[string]bool{}
	report := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, tok := range tokenRE.FindAllString(text, -1) {
		tok = strings.Trim(tok, "&-")
		if tok == "" {
			continue
		}
		if strings.Contains(tok, "-") {
			if _, ok := g.Lookup(tok); ok {
				continue
			}
			for _, part := range strings.Split(tok, "-") {
				if w := undefinedWord(strings.Trim(part, "&"), g); w != "" {
					report(w)
				}
			}
			continue
		}
		if w := undefinedWord(tok, g); w != "" {
			report(w)
		}
	}
	return out
}

// undefinedWord returns w if it is an acronym g does not define and not ignored, else "".
func undefinedWord(w string, g *Glossary) string {
	if !isAcronymCore(w) {
		return ""
	}
	if _, ok := g.Lookup(w); ok {
		return ""
	}
	base := strings.TrimSuffix(w, "s")
	if ignored[w] || ignored[base] {
		return ""
	}
	if base != "" && !strings.ContainsAny(base, "&0123456789") && romanRE.MatchString(base) && base == w {
		return ""
	}
	return w
}
