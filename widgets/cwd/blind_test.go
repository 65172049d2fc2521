package cwd_test

import (
	"fmt"
	"os"
	"path/filepath"

	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"signpost/widgets/cwd"
)

// The blind evaluation harness (issue #11, "Done when"): parents' situations written from
// the seeds by people who never saw the check, each with the routes the guides give that
// family; and an answers file, written by someone answering the check's questions as that
// family would, by the labels they see. For each situation the harness walks the flow
// with those answers, takes the outcome the rules give, and counts the situation fully
// served when every route marked must appears in it.
//
//	go test ./widgets/cwd -run TestBlind -v                       # tuning half
//	CWD_BLIND_SET=testdata/blind/test.yaml \
//	CWD_BLIND_ANSWERS=/path/to/test.answers.yaml \
//	  go test ./widgets/cwd -run TestBlind -v                     # test half
//	CWD_BLIND_QUESTIONS=1 go test ./widgets/cwd -run TestBlindQuestions -v
//	                                                              # every question and label
//	CWD_BLIND_SET=testdata/blind/test.yaml CWD_BLIND_TEMPLATE=/tmp/answers.yaml \
//	  go test ./widgets/cwd -run TestBlindTemplate                # an answers file to fill in
//
// The harness runs on the frozen copy of cwd.yaml (fixture), so that `go test ./...` does not
// fail when an editor rewords a label of the real file; CWD_BLIND_REAL=1 evaluates the real
// content/_data/cwd.yaml (issue #18).
//
// Paths are relative to this directory (widgets/cwd). The answers file maps a situation
// id to the answers, keyed by the question as it is shown (its heading) or by its id:
//
//	cw33:
//	  Is a child in danger right now?: "No"
//	  Where does the child live?: Thurrock
//	  What would you like to ask for?: [Overnight short breaks]
//
// A question the flow asks that the file does not answer, or a label that is not one of
// the question's, fails the situation with a message naming it. A must route is matched to
// an outcome card by its seed text (the sentence it quotes from the guide): most of the
// sentence's words must be on one card shown. The report lists, for each must route, the
// card that served it, or the closest card and its score.

// blindData is the check the harness evaluates: the fixture, or with CWD_BLIND_REAL=1 the
// real cwd.yaml.
func blindData(t *testing.T) *cwd.Data {
	t.Helper()
	if os.Getenv("CWD_BLIND_REAL") != "" {
		return loadData(t)
	}
	return loadFile(t, fixture)
}

// situation is one entry of the blind sets (tune.yaml, test.yaml).
type situation struct {
	ID        string `yaml:"id"`
	Area      string `yaml:"area"`
	Situation string `yaml:"situation"`
	Expected  []struct {
		Route    string `yaml:"route"`
		Must     bool   `yaml:"must"`
		Seed     string `yaml:"seed"`
		Text     string `yaml:"text"`
		AlsoText string `yaml:"also_text"`
	} `yaml:"expected_routes"`
}

// A must route is served by a shown card that carries matchAt of its seed sentence's words,
// or nameAt of its name's words and at least nameTextAt of the sentence's (the cards
// restate the guides in plain words, so a paraphrase with the route's own name counts).
const (
	matchAt    = 0.6
	nameAt     = 0.8
	nameTextAt = 0.35
)

func TestBlind(t *testing.T) {
	set := envOr("CWD_BLIND_SET", "testdata/blind/tune.yaml")
	answersFile := envOr("CWD_BLIND_ANSWERS", "testdata/blind/tune.answers.yaml")
	if _, err := os.Stat(set); err != nil {
		t.Skipf("no blind set at %s", set)
	}
	if _, err := os.Stat(answersFile); err != nil {
		t.Skipf("no answers file at %s", answersFile)
	}
	var sits []situation
	readYAML(t, set, &sits)
	var answers map[string]map[string]any
	readYAML(t, answersFile, &answers)

	d := blindData(t)
	cards := cardTexts(t, d)
	cands := cwd.Candidates(d)
	served, walked := 0, 0
	var report strings.Builder
	for _, s := range sits {
		ans, ok := answers[s.ID]
		if !ok {
			t.Errorf("%s: no answers in %s", s.ID, answersFile)
			continue
		}
		a, err := walkFlow(d, ans)
		if err != nil {
			t.Errorf("%s: %v", s.ID, err)
			continue
		}
		walked++
		ms := cwd.Outcome(cands, a)
		shown := map[string]string{} // card key → text
		var order []string
		for _, m := range ms {
			k := m.Area + "/" + m.Route
			shown[k] = cards[k]
			order = append(order, k)
		}
		full := true
		fmt.Fprintf(&report, "%s (%s, answered %s):\n  outcome: %s\n", s.ID, s.Area, a.Area(), strings.Join(order, " "))
		for _, e := range s.Expected {
			if !e.Must {
				continue
			}
			best, score, name := bestCard(e.Route, e.Text+" "+e.AlsoText, e.Text, shown, order)
			mark := "served by " + best
			if score < matchAt && (name < nameAt || score < nameTextAt) {
				full = false
				mark = "MISSING (closest " + best + ")"
			}
			fmt.Fprintf(&report, "  must %-70.70s %s text %.2f name %.2f\n", e.Route, mark, score, name)
		}
		if full {
			served++
		}
	}
	t.Logf("blind set %s with %s:\n%s\nfully served: %d of %d situations (%d walked)", set, answersFile, report.String(), served, len(sits), walked)
	if out := os.Getenv("CWD_BLIND_REPORT"); out != "" {
		_ = os.WriteFile(out, []byte(report.String()+fmt.Sprintf("\nfully served: %d of %d\n", served, len(sits))), 0o644)
	}
}

// TestBlindQuestions prints every question with its labels, for writing an answers file.
func TestBlindQuestions(t *testing.T) {
	if os.Getenv("CWD_BLIND_QUESTIONS") == "" {
		t.Skip("set CWD_BLIND_QUESTIONS=1")
	}
	d := blindData(t)
	var b strings.Builder
	for _, s := range d.Steps {
		fmt.Fprintf(&b, "%s (%s", s.Question, s.Kind)
		if len(s.Areas) > 0 {
			fmt.Fprintf(&b, ", only for %s", strings.Join(s.Areas, ", "))
		}
		b.WriteString("):\n")
		for _, o := range s.Options {
			fmt.Fprintf(&b, "  - %s\n", o.Label)
		}
	}
	t.Log("\n" + b.String())
}

// TestBlindTemplate writes an answers file to fill in: every situation id of the set with
// every question the check may ask (a family answers only those it is asked: the danger
// path ends after the area, and some questions are for one area), the labels as comments.
func TestBlindTemplate(t *testing.T) {
	out := os.Getenv("CWD_BLIND_TEMPLATE")
	if out == "" {
		t.Skip("set CWD_BLIND_TEMPLATE=path")
	}
	var sits []situation
	readYAML(t, envOr("CWD_BLIND_SET", "testdata/blind/tune.yaml"), &sits)
	d := blindData(t)
	var b strings.Builder
	b.WriteString("# Answers to the Children with Disability check, one block per situation: answer each\n" +
		"# question as the family would, with the label shown (a list for \"Select all that apply\").\n" +
		"# Leave out questions for another area; after a danger answer only the area is asked.\n")
	for _, s := range sits {
		fmt.Fprintf(&b, "\n%s:\n", s.ID)
		// Questions worded alike for different areas share one key: only one is asked.
		done := map[string]bool{}
		for _, st := range d.Steps {
			if done[st.Question] {
				continue
			}
			done[st.Question] = true
			kind := st.Kind
			for _, other := range d.Steps {
				if other.Question != st.Question {
					continue
				}
				where := ""
				if len(other.Areas) > 0 {
					where = " (only " + strings.Join(other.Areas, ", ") + ")"
				}
				var labels []string
				for _, o := range other.Options {
					labels = append(labels, o.Label)
				}
				fmt.Fprintf(&b, "  # %s%s: %s\n", other.Kind, where, strings.Join(labels, " | "))
			}
			val := `""`
			if kind == cwd.KindMany {
				val = "[]"
			}
			fmt.Fprintf(&b, "  %q: %s\n", st.Question, val)
		}
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// walkFlow answers the questions in the order the check asks them, as the file says.
func walkFlow(d *cwd.Data, ans map[string]any) (cwd.Answers, error) {
	a := cwd.Answers{}
	used := map[string]bool{}
	for i := 0; i >= 0; {
		s := &d.Steps[i]
		key, raw := "", any(nil)
		for _, k := range []string{s.Question, s.ID} {
			if v, ok := lookup(ans, k); ok {
				key, raw = k, v
				break
			}
		}
		if key == "" {
			return nil, fmt.Errorf("the check asks %q, which the answers file does not answer", s.Question)
		}
		used[norm(key)] = true
		var labels []string
		switch v := raw.(type) {
		case string:
			labels = []string{v}
		case []any:
			for _, x := range v {
				labels = append(labels, fmt.Sprint(x))
			}
		default:
			labels = []string{fmt.Sprint(v)}
		}
		if len(labels) == 0 || len(labels) == 1 && strings.TrimSpace(labels[0]) == "" {
			return nil, fmt.Errorf("the check asks %q, left unanswered in the answers file", s.Question)
		}
		if s.Kind == cwd.KindOne && len(labels) != 1 {
			return nil, fmt.Errorf("%q takes one answer, got %d", s.Question, len(labels))
		}
		for _, l := range labels {
			id := ""
			for _, o := range s.Options {
				if norm(o.Label) == norm(l) || o.ID == l {
					id = o.ID
				}
			}
			if id == "" {
				var known []string
				for _, o := range s.Options {
					known = append(known, o.Label)
				}
				return nil, fmt.Errorf("%q has no answer %q (answers: %s)", s.Question, l, strings.Join(known, " | "))
			}
			a[s.ID] = append(a[s.ID], id)
		}
		a = cwd.Effective(d.Steps, a)
		i = cwd.Next(d.Steps, a, i)
	}
	return a, nil
}

// lookup finds a question's answer by its text or id, ignoring case and spacing.
func lookup(ans map[string]any, key string) (any, bool) {
	for k, v := range ans {
		if norm(k) == norm(key) {
			return v, true
		}
	}
	return nil, false
}

func norm(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "–", "-", "—", "-").Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// cardTexts returns every outcome card's words as a family reads them, by area/route.
func cardTexts(t *testing.T, d *cwd.Data) map[string]string {
	out := map[string]string{}
	for _, a := range d.Areas {
		for i := range a.Routes {
			r := &a.Routes[i]
			// The card is shown for its area, so the area's name counts as on it.
			out[a.ID+"/"+r.ID] = a.Name + "\n" + routeText(r)
		}
	}
	return out
}

// routeText is every text of a route a family reads (the harness keeps its own copy so it
// also runs on older versions of the check, for a before-and-after figure).
func routeText(r *cwd.Route) string {
	parts := []string{r.Title, r.Who}
	for _, bs := range [][]cwd.Block{r.What, r.How} {
		for _, b := range bs {
			parts = append(parts, b.P)
			parts = append(parts, b.List...)
		}
	}
	return strings.Join(parts, "\n")
}

// bestCard returns the shown card that serves the route best, with the shares of the seed
// text's words (over the main text and, when it helps, with also_text) and of the route
// name's words it carries: the card served by text if any, else the one served by name.
func bestCard(name, withAlso, text string, shown map[string]string, order []string) (string, float64, float64) {
	best, score, nameScore := "(none)", -1.0, 0.0
	rank := func(sc, nm float64) float64 {
		if sc >= matchAt || nm >= nameAt && sc >= nameTextAt {
			return 2 + sc
		}
		return sc
	}
	for _, k := range order {
		card := wordSet(shown[k])
		sc := max(share(text, card), share(withAlso, card))
		nm := share(distinctive(name), card)
		if best == "(none)" || rank(sc, nm) > rank(score, nameScore) {
			best, score, nameScore = k, sc, nm
		}
	}
	return best, max(score, 0), nameScore
}

// distinctive keeps the words of a route's name that tell routes apart: "Support under
// section 2 CSDPA 1970 from your own council" is about the CSDPA, not about support or
// councils, which most cards mention.
func distinctive(name string) string {
	var out []string
	for _, w := range contentWords(name) {
		if !generic[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

var generic = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`support servic council team children child help social care work own local assessment
		famil family parent carer referral offer disabilit disabled section under plan need act`) {
		m[stem(w)] = true
	}
	return m
}()

func share(text string, card map[string]bool) float64 {
	ws := contentWords(text)
	if len(ws) == 0 {
		return 0
	}
	n := 0
	for _, w := range ws {
		if card[w] {
			n++
		}
	}
	return float64(n) / float64(len(ws))
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range contentWords(s) {
		m[w] = true
	}
	return m
}

// contentWords lower-cases s, splits it into words, drops common words and numbers (a
// route's phone number is on its contact, not in its text), and trims plural and -ing
// endings so "referrals" meets "referral".
func contentWords(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(w) < 3 || stop[w] || w[0] >= '0' && w[0] <= '9' {
			continue
		}
		w = stem(w)
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func stem(w string) string {
	for _, suf := range []string{"ing", "ies", "es", "s", "ed"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for are with that this from have has which will who can may their they them
		been any all not but was were its our your you his her she him into out about also than then there these those
		such should would could must other some each where when what how why per via made make does did done being`) {
		m[w] = true
	}
	return m
}()

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
