package search

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func itoa(i int) string { return strconv.Itoa(i) }

var domainWords = strings.Fields(`safeguarding child children young people family families parent parents carer carers
referral referrals assessment assessments neglect abuse physical emotional sexual harm significant risk concern
concerns social care worker workers early help support service services threshold thresholds tier level need needs
multi-agency MASH CAF LADO police health school education practitioner practitioners professional professionals
consent information sharing escalation policy stages disagreement manager plan planning review meeting strategy
disability disabled autism short breaks respite allegation allegations private fostering domestic exploitation
missing youth justice offending court protection enquiry enquiries section intervention prevention universal
targeted specialist statutory duty local authority partnership board annual report priorities audit training`)

// syntheticCorpus makes n sections (10 a page) of English-like text with a Zipf word
// distribution over a 20,000-word vocabulary: the same for every call.
func syntheticCorpus(n int) []Doc {
	r := rand.New(rand.NewSource(1))
	syll := strings.Fields("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi wa we zo ing er tion ly ment al")
	vocab := append([]string(nil), domainWords...)
	seen := map[string]bool{}
	for _, w := range vocab {
		seen[w] = true
	}
	for len(vocab) < 20000 {
		k := 2 + r.Intn(3)
		var b strings.Builder
		for i := 0; i < k; i++ {
			b.WriteString(syll[r.Intn(len(syll))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			vocab = append(vocab, w)
		}
	}
	z := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	word := func() string {
		if r.Intn(4) == 0 {
			return domainWords[r.Intn(len(domainWords))]
		}
		return vocab[z.Uint64()]
	}
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	areas := [][]string{{"thurrock"}, {"stoke-on-trent"}, {"thurrock", "stoke-on-trent"}}
	auds := [][]string{{"parents"}, {"professionals"}, {"parents", "professionals"}}
	var docs []Doc
	for i := 0; i < n; i++ {
		page := i / 10
		pu := fmt.Sprintf("/section-%d/page-%d/", page%7, page)
		title := words(2 + r.Intn(4))
		if i%10 == 0 {
			docs = append(docs, Doc{})
		} else {
			docs = append(docs, Doc{Heading: words(2 + r.Intn(4))})
		}
		d := &docs[len(docs)-1]
		d.PageURL, d.PageTitle = pu, title
		d.URL = pu
		if d.Heading != "" {
			d.URL = fmt.Sprintf("%s#h-%d", pu, i%10)
			d.HeadingPath = []string{d.Heading}
		}
		d.Areas = areas[page%3]
		d.Audience = auds[(page/3)%3]
		var text strings.Builder
		for s, ns := 0, 3+r.Intn(12); s < ns; s++ {
			text.WriteString(strings.ToUpper(word()[:1]))
			text.WriteString(words(4+r.Intn(14)) + ". ")
			switch r.Intn(40) {
			case 0:
				text.WriteString("Call 01782 " + strconv.Itoa(200000+r.Intn(99999)) + ". ")
			case 1:
				text.WriteString("Under section " + strconv.Itoa(1+r.Intn(60)) + " of the Children Act 1989. ")
			}
		}
		d.Text = text.String()
	}
	return docs
}

// TestSizes reports the index size on a 10,000-section corpus (go test -run Sizes -v) and
// checks it stays within budget.
func TestSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	docs := syntheticCorpus(10000)
	textBytes := 0
	for _, d := range docs {
		textBytes += len(d.Text) + len(d.Heading) + len(d.PageTitle)
	}
	files := mustBuild(t, docs, synOptions())
	type agg struct{ n, total, max, gz int }
	by := map[string]*agg{}
	all := 0
	for name, b := range files {
		k := name
		if i := strings.LastIndexByte(name, '/'); strings.Count(name, "/") > 1 {
			k = name[:i+1] + "*"
		}
		a := by[k]
		if a == nil {
			a = &agg{}
			by[k] = a
		}
		a.n++
		a.total += len(b)
		a.gz += gzipLen(b)
		a.max = max(a.max, len(b))
		all += len(b)
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("%d sections, %d KB of source text; index %d files, %d KB", len(docs), textBytes>>10, len(files), all>>10)
	for _, k := range keys {
		a := by[k]
		t.Logf("  %-18s %5d files  total %6d KB (gzip %5d KB)  avg %5.1f KB  max %5.1f KB", k, a.n, a.total>>10, a.gz>>10, float64(a.total)/float64(a.n)/1024, float64(a.max)/1024)
	}
	for _, q := range []string{"safeguarding", "neglect assessment", "short breaks for disabled children", "mash", "escalation policy stages", "safegaurding", "assessm"} {
		ix, _ := Open(files)
		hits := ix.Query(q, QueryOptions{Prefix: true, Limit: 20})
		bytes, gz := 0, 0
		for _, f := range ix.Fetched() {
			bytes += len(files[f])
			gz += gzipLen(files[f])
		}
		t.Logf("  query %-36q %3d hits shown, %2d files, %4d KB fetched (gzip %3d KB)", q, len(hits), len(ix.Fetched()), bytes>>10, gz>>10)
	}
	if meta := len(files["search/meta.json"]); meta > 100<<10 {
		t.Errorf("meta.json is %d KB", meta>>10)
	}
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func BenchmarkBuild(b *testing.B) {
	docs := syntheticCorpus(10000)
	for b.Loop() {
		if _, err := Build(docs, synOptions()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQuery(b *testing.B) {
	files, _ := Build(syntheticCorpus(10000), synOptions())
	for b.Loop() {
		Query(files, "neglect assessment safegaurding", QueryOptions{Prefix: true})
	}
}
