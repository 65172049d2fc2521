package printdoc_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/ledongthuc/pdf"

	"signpost/internal/browsertest"
	"signpost/internal/build"
	"signpost/internal/buildtest"
)

// TestPrintWholeThresholdPDF prints the whole threshold document from headless Chromium,
// under the production headers, as a person would with "Save as PDF" (A4, the page's own
// @page rules), and reads the PDF back: the version stamp is on page 1, every page is
// numbered "Page n of N", and every sentence of the document's split pages is in it.
//
// With SIGNPOST_SCREENSHOTS set to a folder and pdftoppm installed, page 1 is saved there
// as threshold-print-pdf-page1.png.
func TestPrintWholeThresholdPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site with its WebAssembly module and starts Chromium")
	}
	browsertest.ChromePath(t)
	root := buildtest.RepoRoot()
	res, err := build.Run(context.Background(), build.Config{Src: root, ModuleDir: root, CacheDir: filepath.Join(root, ".signpost-cache"), BaseURL: "https://signpost.example"})
	if err != nil {
		t.Fatalf("site build failed:\n%v", err)
	}
	toml, err := os.ReadFile(filepath.Join(root, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := browsertest.Serve(t, res.Files, toml)
	tab := browsertest.Browser(t)

	const whole = "/professionals/threshold/print/"
	var stamp string
	tab.Run(
		chromedp.Navigate(srv.URL+whole),
		chromedp.WaitReady("[data-version-stamp]", chromedp.ByQuery),
		chromedp.Evaluate(`document.fonts.ready.then(() => document.querySelector("[data-version-stamp]").textContent)`, &stamp, awaitPromise),
	)
	for _, v := range tab.Axe() {
		t.Errorf("axe: %s", v)
	}
	var out []byte
	tab.Run(chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		out, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).WithPrintBackground(true).Do(ctx)
		return err
	}))
	if p := tab.Problems(); len(p) > 0 {
		t.Errorf("console errors or CSP violations: %v", p)
	}

	pages := pdfPages(t, out)
	n := len(pages)
	t.Logf("whole threshold document: %d A4 pages, %d KB", n, len(out)/1024)
	if n < 10 {
		t.Fatalf("%d pages: the whole document cannot fit in fewer than 10", n)
	}

	// The stamp, as the page has it, is on page 1 (and only there).
	stampWords := buildtest.Words(stamp)
	if !strings.Contains(stampWords, "pathway to service and threshold intervention") || !strings.Contains(stampWords, "signpost example professionals threshold print") {
		t.Errorf("stamp text %q lacks the title or the address", stamp)
	}
	if !buildtest.Covers(buildtest.Words(pages[0]), stampWords) {
		t.Errorf("page 1 lacks the version stamp %q; page 1 reads:\n%s", stampWords, pages[0])
	}
	if buildtest.Covers(buildtest.Words(strings.Join(pages[1:], "\n")), stampWords) {
		t.Error("the stamp is printed again after page 1")
	}

	// "Page n of N" on every page.
	for i, text := range pages {
		want := regexp.MustCompile(`Page\s*` + strconv.Itoa(i+1) + `\s*of\s*` + strconv.Itoa(n) + `\b`)
		if !want.MatchString(text) {
			t.Errorf("page %d does not say \"Page %d of %d\"", i+1, i+1, n)
		}
	}

	// Every sentence of every split page (the section page and each page under it).
	// The page footers are furniture: a sentence that runs over a page break is read
	// without them.
	footer := regexp.MustCompile(`(?m)^Page\s*\d+\s*of\s*\d+\s*$`)
	all := strings.ReplaceAll(buildtest.Words(footer.ReplaceAllString(strings.Join(pages, "\n"), "")), " ", "")
	var split []string
	for f := range res.Files {
		if strings.HasPrefix(f, "professionals/threshold/") && strings.HasSuffix(f, "/index.html") && !strings.HasPrefix(f, "professionals/threshold/print/") {
			split = append(split, f)
		}
	}
	if len(split) != 15 {
		t.Errorf("%d split pages, want 15", len(split))
	}
	total, missing := 0, 0
	for _, f := range split {
		// SVG titles and descriptions are names for screen readers, not printed text.
		prose := svgNames.ReplaceAllString(buildtest.Prose(string(res.Files[f])), "")
		for _, w := range buildtest.HTMLSentences(prose) {
			total++
			if !strings.Contains(all, strings.ReplaceAll(w, " ", "")) {
				if missing < 10 {
					t.Errorf("%s: sentence not in the PDF: %q", f, w)
				}
				missing++
			}
		}
	}
	t.Logf("%d sentences of %d split pages, %d missing from the PDF", total, len(split), missing)
	if total < 300 {
		t.Errorf("only %d sentences found in the split pages: the check reads too little", total)
	}

	if dir := os.Getenv("SIGNPOST_SCREENSHOTS"); dir != "" {
		savePage1(t, out, filepath.Join(dir, "threshold-print-pdf-page1.png"))
	}
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

var svgNames = regexp.MustCompile(`(?s)<title\b[^>]*>.*?</title>|<desc\b[^>]*>.*?</desc>`)

// ligatures are the ones the PDF's fonts use, spelt out ("ﬁrst" → "first").
var ligatures = strings.NewReplacer("ﬀ", "ff", "ﬁ", "fi", "ﬂ", "fl", "ﬃ", "ffi", "ﬄ", "ffl", "ﬅ", "st", "ﬆ", "st")

// pdfPages returns the text of each page of a PDF, lines joined by line breaks.
func pdfPages(t *testing.T, b []byte) []string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("cannot read the PDF: %v", err)
	}
	var pages []string
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		// Text in the order Chromium drew it, which is the document's order (a table is
		// drawn cell by cell); a baseline that moves starts a new line. Spaces are glyphs
		// of their own, but two table cells side by side have none between them: the
		// coverage check below compares without spaces.
		var sb strings.Builder
		var y float64
		for i, tx := range p.Content().Text {
			if i > 0 && math.Abs(tx.Y-y) > 1 {
				sb.WriteString("\n")
			}
			y = tx.Y
			sb.WriteString(tx.S)
		}
		pages = append(pages, ligatures.Replace(sb.String()))
	}
	return pages
}

// savePage1 renders page 1 of the PDF to a PNG with pdftoppm, when it is installed.
func savePage1(t *testing.T, pdfBytes []byte, dst string) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Logf("pdftoppm not installed: no screenshot")
		return
	}
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "doc.pdf"), pdfBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "doc.pdf", "page1")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	png, err := os.ReadFile(filepath.Join(tmp, "page1.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("page 1 saved to %s", dst)
}
