// Package cwd holds the rules of the Children with Disability check: which routes to help
// the guidance describes fit a family's answers, in what order, and how the question flow
// moves. It is plain Go with no syscall/js so the rules are tested natively, imported by
// internal/cwdcheck (which loads content/_data/cwd.yaml and renders the widget) and by the
// WASM shell in widgets/wasm (which reads the same rules back from the rendered page).
//
// To keep the WASM module small this package imports nothing that pulls in fmt, strings,
// strconv, encoding/json or reflect: the few string helpers it needs are in text.go.
package cwd

// Route ids are declared in content/_data/cwd.yaml, not here: a new area names its own
// services (issue #18). The rules below keep only behaviour: the order of the outcome (rank,
// urgent routes first), the flow of questions, and "what to say".

// Special area ids. Every other area id is an area key of site.yaml.
const (
	// AreaAny holds the routes offered whatever the area: the answers to the first
	// question (is a child in danger now?) end the flow before the area is asked.
	AreaAny = "any"
	// AreaElsewhere is the answer "somewhere else": the national position and the advice
	// to contact the family's own council.
	AreaElsewhere = "elsewhere"
)

// AreaStep is the id of the question whose option ids are area ids.
const AreaStep = "area"

// Question kinds.
const (
	KindOne  = "one"  // radios: exactly one answer
	KindMany = "many" // checkboxes: one or more answers
)

// Data is content/_data/cwd.yaml: the questions in the order they are asked and, per area,
// the routes the area's guidance describes with the answers that make each one fit.
type Data struct {
	// Intro is shown above the first question.
	Intro string `yaml:"intro"`
	// OutcomeIntro opens the outcome page (it must say that no rigid criteria are set).
	OutcomeIntro string `yaml:"outcome_intro"`
	// UrgentIntro replaces OutcomeIntro when an answer to the danger question ended the
	// flow; empty keeps OutcomeIntro.
	UrgentIntro string `yaml:"urgent_intro"`
	// FallbackIntro opens the plain list shown without JavaScript or WebAssembly.
	FallbackIntro string `yaml:"fallback_intro"`
	Steps         []Step `yaml:"steps"`
	Areas         []Area `yaml:"areas"`
}

// Step is one question: a fieldset whose legend is Question.
type Step struct {
	ID       string `yaml:"id"`
	Kind     string `yaml:"kind"`
	Question string `yaml:"question"`
	// Short names the question in "Check your answers"; Question when empty.
	Short string `yaml:"short"`
	Hint  string `yaml:"hint"`
	// Error is the message shown when the question is left unanswered.
	Error string `yaml:"error"`
	// Say starts this question's line in "What to say when you call"; when it is empty
	// each chosen option's Say is a sentence of its own.
	Say string `yaml:"say"`
	// Areas limits the question to families in these areas; empty means everyone.
	Areas []string `yaml:"areas"`
	// EndIf ends the flow after this question when the answers given so far meet it (the
	// danger path: the area is asked, then the outcome follows at once).
	EndIf map[string][]string `yaml:"end_if"`
	// Notice is shown above the question when NoticeIf holds (999 on the danger path, before
	// the area is known).
	Notice   string              `yaml:"notice"`
	NoticeIf map[string][]string `yaml:"notice_if"`
	Options  []Option            `yaml:"options"`
	Line     int                 `yaml:"-"`
}

// Option is one answer to a question: a labelled radio or checkbox.
type Option struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"`
	Hint  string `yaml:"hint"`
	// Say is this answer in "What to say when you call"; empty leaves it out.
	Say string `yaml:"say"`
	// Source is the section of the reproduced guidance (a site path with an anchor) that
	// Say restates, whatever the family's area. For a question asked in several areas each
	// area names its own section instead, in its entry's sources (Area.Sources); Load
	// gathers them here by area id. One of them is required when Say is set.
	Source  string            `yaml:"source"`
	Sources map[string]string `yaml:"-"`
	// SourceLines holds the line of each area's entry in Sources, for diagnostics.
	SourceLines map[string]int `yaml:"-"`
	// Exclusive marks a "None of these" checkbox: choosing it clears the others.
	Exclusive bool `yaml:"exclusive"`
	// End makes this answer go straight to the outcome (the danger question).
	End  bool `yaml:"end"`
	Line int  `yaml:"-"`
}

// Area is one answer to "where do you live" (or AreaAny) and the routes for it.
type Area struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Guide is the guide page the area's routes come from.
	Guide Link `yaml:"guide"`
	// Sources are the sections of this area's guidance that back the answers' "what to
	// say" for the questions asked in several areas, by "question/answer", or by
	// "question" for all its answers (a question/answer key wins). A new area adds its
	// sources here, in one place (issue #18).
	Sources map[string]string `yaml:"sources"`
	// SourceLines holds the line of each key of Sources, for diagnostics.
	SourceLines map[string]int `yaml:"-"`
	Routes      []Route        `yaml:"routes"`
	Line        int            `yaml:"-"`
}

// Link is a titled site path.
type Link struct {
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
}

// Block is a paragraph or a bulleted list.
type Block struct {
	P    string   `yaml:"p"`
	List []string `yaml:"list"`
	// Source is the section of the reproduced guidance the block restates (a site path
	// with an anchor); empty means the route's source.
	Source string `yaml:"source"`
}

// Term names a legal or process term used in a route's text and the glossary entry that
// explains it; the outcome shows the explanation beside the route.
type Term struct {
	// Text is the term as the route writes it ("section 47").
	Text string `yaml:"text"`
	// Glossary is the glossary entry's term ("S47").
	Glossary string `yaml:"glossary"`
}

// Route is one route to help as an area's guidance describes it.
type Route struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	// Urgent routes (999, telling children's social care about harm) come before every
	// other route that fits, whatever their rank.
	Urgent bool    `yaml:"urgent"`
	What   []Block `yaml:"what"`
	Who    string  `yaml:"who"`
	How    []Block `yaml:"how"`
	// Contacts are contact ids of site.yaml: "id" in the route's area, or "area/id";
	// "safeguarding" names the area's safeguarding entry.
	Contacts []string `yaml:"contacts"`
	// Source is the guide section the route comes from; it covers every text of the route
	// that names no source of its own.
	Source Link `yaml:"source"`
	// Terms are the legal and process terms in the route's text, explained from the
	// glossary.
	Terms []Term `yaml:"terms"`
	// When lists the answers that make this route fit. The route is shown if any clause
	// holds; its rank is the lowest rank of the clauses that hold.
	When []Clause `yaml:"when"`
	Line int      `yaml:"-"`
}

// Clause holds when, for every question it names, one of the listed answers was given.
// A clause with no conditions always holds. Lower ranks are more relevant.
type Clause struct {
	Rank int                 `yaml:"rank"`
	If   map[string][]string `yaml:"if"`
	Line int                 `yaml:"-"`
}
