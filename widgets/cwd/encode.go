package cwd

// The clauses of a route travel to the browser in one data-when attribute of its outcome
// card, so the WASM module holds the logic and the page holds the content:
//
//	clause;clause;...        clauses, any of which makes the route fit
//	RANK:cond cond ...       a clause: its rank, then conditions that must all hold
//	question=opt,opt,...     a condition: one of these answers to that question
//
// "1:social-worker=cp,cin;3:needs-stoke=sld,msd" and "7:" (always, rank 7). Ids are
// lowercase letters, digits and hyphens, so the separators never clash with them.

// EncodeWhen returns the data-when form of clauses, with questions in sorted order so the
// output is stable.
func EncodeWhen(when []Clause) string {
	out := ""
	for i, c := range when {
		if i > 0 {
			out += ";"
		}
		out += itoa(c.Rank) + ":"
		keys := make([]string, 0, len(c.If))
		for k := range c.If {
			keys = append(keys, k)
		}
		for i := 1; i < len(keys); i++ {
			for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
				keys[j], keys[j-1] = keys[j-1], keys[j]
			}
		}
		for j, k := range keys {
			if j > 0 {
				out += " "
			}
			out += k + "=" + join(c.If[k], ",")
		}
	}
	return out
}

// ParseWhen reads the data-when form back. It reports false on malformed input.
func ParseWhen(s string) ([]Clause, bool) {
	var out []Clause
	for _, part := range split(s, ';') {
		colon := index(part, ':')
		if colon < 0 {
			return nil, false
		}
		rank, ok := atoi(part[:colon])
		if !ok {
			return nil, false
		}
		c := Clause{Rank: rank, If: map[string][]string{}}
		for _, cond := range split(part[colon+1:], ' ') {
			eq := index(cond, '=')
			if eq <= 0 {
				return nil, false
			}
			opts := split(cond[eq+1:], ',')
			if len(opts) == 0 {
				return nil, false
			}
			c.If[cond[:eq]] = opts
		}
		out = append(out, c)
	}
	return out, true
}

func index(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
