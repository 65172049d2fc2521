package search

import (
	"slices"
	"strings"
	"testing"
)

// BuildReusing after assorted edits gives a clean Build's files byte for byte, whether
// it takes the postings from the last build's state (postingsFast: the same number of
// sections) or makes them all again; each build starts from the one before, some through
// the cache's encoding. The edits change what a section holds and the statistics shared
// by every score: the average body length (a body edit; a long one moves some rounded
// scores of sections that were not edited), a term's document frequency (a section
// gaining or losing a common word), the set of terms (a new rare word, the last use of
// one gone), the number of sections (a page added or deleted), and the flags that weight
// or mark a section (link-only, a link heading, a phone number, "What is …").
func TestBuildReusingAfterEdits(t *testing.T) {
	opt := synOptions()
	opt.Vocabulary.LinkHeadings = []string{"Related pages"}
	docs := syntheticCorpus(300)
	_, prev, err := BuildReusing(docs, opt, &Reuse{})
	if err != nil {
		t.Fatal(err)
	}
	if prev.Docs.state == nil {
		t.Fatal("no state kept")
	}
	page := func(ds []Doc, k int) []int { // the sections of the kth page
		var out []int
		for i, d := range ds {
			if d.PageURL == ds[k].PageURL {
				out = append(out, i)
			}
		}
		return out
	}
	steps := []struct {
		name string
		fast bool // same number of sections: postingsFast
		edit func(ds []Doc) []Doc
	}{
		{"body edit", true, func(ds []Doc) []Doc {
			ds[40].Text += " A sentence more about the weather and the family."
			return ds
		}},
		{"long body edit (the average moves)", true, func(ds []Doc) []Doc {
			ds[41].Text += strings.Repeat(" support for the family at school and at home", 40)
			return ds
		}},
		{"body shortened", true, func(ds []Doc) []Doc {
			ds[41].Text = ds[41].Text[:len(ds[41].Text)/3]
			return ds
		}},
		{"title change", true, func(ds []Doc) []Doc {
			for _, i := range page(ds, 120) {
				ds[i].PageTitle = "Escalation and disagreement between agencies"
			}
			return ds
		}},
		{"new rare word", true, func(ds []Doc) []Doc {
			ds[200].Text += " Zyxwvutian."
			return ds
		}},
		{"rare word gone", true, func(ds []Doc) []Doc {
			ds[200].Text = strings.TrimSuffix(ds[200].Text, " Zyxwvutian.")
			return ds
		}},
		{"same length, other words", true, func(ds []Doc) []Doc {
			w := strings.Fields(ds[77].Text)
			w[0], w[len(w)-1] = "neglect", "respite"
			ds[77].Text = strings.Join(w, " ")
			return ds
		}},
		{"heading made a link heading, a section link-only", true, func(ds []Doc) []Doc {
			ds[33].Heading = "Related pages"
			ds[33].HeadingPath = []string{"Related pages"}
			ds[34].LinkOnly = true
			return ds
		}},
		{"link-only no more", true, func(ds []Doc) []Doc {
			ds[34].LinkOnly = false
			return ds
		}},
		{"contact and definition", true, func(ds []Doc) []Doc {
			ds[55].Text += " Call 01375 652802 or write to help@example.org."
			ds[56].Heading = "What is a strategy meeting"
			ds[56].HeadingPath = []string{ds[56].Heading}
			return ds
		}},
		{"several pages", true, func(ds []Doc) []Doc {
			for _, i := range []int{3, 150, 151, 299} {
				ds[i].Text = "Early help is support for a family as soon as problems emerge. " + ds[i].Text
			}
			return ds
		}},
		{"page added", false, func(ds []Doc) []Doc {
			add := slices.Clone(ds[page(ds, 90)[0] : page(ds, 90)[len(page(ds, 90))-1]+1])
			for i := range add {
				add[i].PageURL = "/section-0/page-added/"
				add[i].URL = strings.Replace(add[i].URL, ds[90].PageURL, add[i].PageURL, 1)
				add[i].Text += " Added."
			}
			return append(ds, add...)
		}},
		{"after the page added", true, func(ds []Doc) []Doc {
			ds[10].Text += " Another sentence."
			return ds
		}},
		{"page deleted", false, func(ds []Doc) []Doc {
			p := page(ds, 250)
			return slices.Delete(ds, p[0], p[len(p)-1]+1)
		}},
		{"no change", true, func(ds []Doc) []Doc { return ds }},
	}
	for k, step := range steps {
		docs = step.edit(slices.Clone(docs))
		want, err := Build(docs, opt)
		if err != nil {
			t.Fatal(err)
		}
		if k%3 == 1 { // through the cache's encoding
			enc, err := prev.Docs.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var dec Analyses
			if err := dec.UnmarshalBinary(enc); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			prev = &Reuse{Gz: prev.Gz, Docs: &dec}
		}
		fast := fastBuilds.Load()
		got, next, err := BuildReusing(docs, opt, prev)
		if err != nil {
			t.Fatal(err)
		}
		sameFiles(t, step.name, got, want)
		if took := fastBuilds.Load() > fast; took != step.fast {
			t.Errorf("%s: postingsFast used %t, want %t", step.name, took, step.fast)
		}
		prev = next
	}
}

// A long body edit moves the average body length, and with it rounded scores of
// sections that were not edited: the test above must cover that case, or it would not see
// postingsFast skip it.
func TestAverageMoveChangesOtherScores(t *testing.T) {
	opt := synOptions()
	docs := syntheticCorpus(300)
	_, prev, err := BuildReusing(docs, opt, &Reuse{})
	if err != nil {
		t.Fatal(err)
	}
	docs[41].Text += strings.Repeat(" support for the family at school and at home", 40)
	_, next, err := BuildReusing(docs, opt, prev)
	if err != nil {
		t.Fatal(err)
	}
	old, st := prev.Docs.state, next.Docs.state
	moved := 0
	for id := range old.names {
		if len(old.post[id]) == 0 || len(st.post[id]) != len(old.post[id]) {
			continue
		}
		for k, p := range st.post[id] {
			if p.doc != 41 && p.q != old.post[id][k].q {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Error("no score of another section moved")
	}
}
