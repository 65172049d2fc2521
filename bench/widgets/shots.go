package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// cwdScenario is one run of the Children with Disability check: the answers to give to each
// question the check asks (by question id → option ids). A question it asks that is not
// listed is an error, so a change in the flow shows here.
type cwdScenario struct {
	File    string // taken at phone width (cwdShotWidth)
	About   string
	Answers map[string][]string
}

var cwdScenarios = []cwdScenario{
	{
		File:  "cwd-outcome-stoke-on-trent.png",
		About: "Stoke-on-Trent at 390 px: a single parent, severe learning difficulties and challenging behaviour, an EHCP assessment, asking for overnight breaks and help as a carer",
		Answers: map[string][]string{
			"danger": {"no"}, "area": {"stoke-on-trent"}, "disabled": {"yes"},
			"needs-stoke": {"sld"}, "circumstances-stoke": {"behaviour", "single-carer"},
			"has": {"ehcp"}, "social-worker": {"none"}, "ask": {"overnight", "carer"},
		},
	},
	{
		File:  "cwd-outcome-thurrock.png",
		About: "Thurrock at 390 px: a severe learning difficulty, asking for overnight short breaks and help as a carer",
		Answers: map[string][]string{
			"danger": {"no"}, "area": {"thurrock"}, "disabled": {"yes"},
			"needs-thurrock": {"sld"}, "has": {"none"}, "social-worker": {"none"}, "ask": {"overnight", "carer"},
		},
	},
	{
		File:  "cwd-outcome-danger-thurrock.png",
		About: "Danger now in Thurrock at 390 px: 999 at once, then the MASH (its number is on its website)",
		Answers: map[string][]string{
			"danger": {"now"}, "area": {"thurrock"},
		},
	},
}

// The tier matrix screenshot ticks these (one significant-harm indicator: c-basic-care-4)
// and plots one row.
var matrixTicks = []string{
	"tm-i-b-health-1",
	"tm-i-a-education-and-learning-1",
	"tm-i-b-emotional-and-behavioural-development-2",
	"tm-i-c-basic-care-4",
	"tm-p-housing-2-med",
}

const shotWidth = 1000

// cwdShotWidth is a phone's width: the check's outcomes are shown as parents see them.
const cwdShotWidth = 390

// screenshots writes the documentation screenshots to dir.
func screenshots(browser context.Context, origin, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if _, err := os.Stat("/usr/lib/chromium/locales/en-GB.pak"); err != nil && chromeExe == "/usr/bin/chromium" {
		log.Printf("warning: Chromium has no en-GB locale (apt-get install chromium-l10n): date fields will read mm/dd/yyyy")
	}
	var total int
	save := func(name string, shot []byte) error {
		b, err := optimisePNG(shot)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
		cfg, _ := png.DecodeConfig(bytes.NewReader(b))
		total += len(b)
		log.Printf("wrote %s: %d×%d, %s (Chromium's PNG: %s)", filepath.Join(dir, name), cfg.Width, cfg.Height, kb(int64(len(b))), kb(int64(len(shot))))
		return nil
	}
	for _, sc := range cwdScenarios {
		shot, summary, err := cwdShot(browser, origin, sc)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.File, err)
		}
		log.Printf("%s\n%s", sc.About, summary)
		if err := save(sc.File, shot); err != nil {
			return err
		}
	}
	if os.Getenv("SHOTS_ONLY") == "cwd" {
		log.Printf("screenshots: %s in all (SHOTS_ONLY=cwd: tier matrix left as it is)", kb(int64(total)))
		return nil
	}
	screen, print, pdfPage, err := matrixShots(browser, origin)
	if err != nil {
		return fmt.Errorf("tier matrix: %w", err)
	}
	if err := save("tier-matrix-summary.png", screen); err != nil {
		return err
	}
	if err := save("tier-matrix-print.png", print); err != nil {
		return err
	}
	if pdfPage != nil {
		if err := save("tier-matrix-print-pdf-page1.png", pdfPage); err != nil {
			return err
		}
	}
	log.Printf("screenshots: %s in all", kb(int64(total)))
	return nil
}

// tab opens a new tab with a 1000 px wide viewport and a British English locale.
func tab(browser context.Context) (context.Context, context.CancelFunc, error) {
	ctx, cancel := chromedp.NewContext(browser)
	ctx, tcancel := context.WithTimeout(ctx, 2*time.Minute)
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(shotWidth, 900),
		emulation.SetLocaleOverride().WithLocale("en-GB"),
	)
	return ctx, func() { tcancel(); cancel() }, err
}

// fullPage scrolls to the top first, so that sticky elements (the "Exit this page" bar) sit
// where they belong in the capture, then takes a full-page PNG.
func fullPage(shot *[]byte) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Evaluate(`window.scrollTo(0, 0)`, nil),
		chromedp.Sleep(150 * time.Millisecond),
		chromedp.FullScreenshot(shot, 100),
	}
}

// region takes a PNG of the full width of the page from the top of the element from to the
// bottom of the element to, plus a margin.
func region(from, to string, shot *[]byte) chromedp.Action {
	return regionWidth(from, to, shotWidth, shot)
}

// regionWidth is region for a viewport width other than shotWidth.
func regionWidth(from, to string, width float64, shot *[]byte) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var r struct{ Top, Bottom float64 }
		if err := chromedp.Evaluate(`(() => {
  window.scrollTo(0, 0);
  const a = document.querySelector(`+jsString(from)+`), b = document.querySelector(`+jsString(to)+`);
  if (!a || !b) return {top: -1, bottom: -1};
  return {top: a.getBoundingClientRect().top, bottom: b.getBoundingClientRect().bottom};
})()`, &r).Do(ctx); err != nil {
			return err
		}
		if r.Top < 0 || r.Bottom <= r.Top {
			return fmt.Errorf("region %s … %s not found", from, to)
		}
		const margin = 24
		top := max(0, r.Top-margin)
		b, err := page.CaptureScreenshot().
			WithFormat(page.CaptureScreenshotFormatPng).
			WithCaptureBeyondViewport(true).
			WithClip(&page.Viewport{X: 0, Y: top, Width: width, Height: r.Bottom + margin - top, Scale: 1}).
			Do(ctx)
		*shot = b
		return err
	})
}

func waitReady(root string) chromedp.Action {
	return chromedp.Poll(`document.documentElement.getAttribute("data-widgets-ready") === "true" && document.querySelector(`+jsString(root)+`).getAttribute("data-widget-ready") === "true"`,
		nil, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))
}

// cwdShot answers the check as sc says, up to the outcome, and returns a full-page PNG and
// a few lines on what the outcome shows.
func cwdShot(browser context.Context, origin string, sc cwdScenario) ([]byte, string, error) {
	ctx, cancel, err := tab(browser)
	defer cancel()
	if err != nil {
		return nil, "", err
	}
	const root = `[data-widget="cwd-check"]`
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(cwdShotWidth, 844),
		chromedp.Navigate(origin+"/parents/cwd-check/"),
		waitReady(root),
	); err != nil {
		return nil, "", err
	}
	state := func() (string, error) {
		var s string
		err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector(`+jsString(root)+`).dataset.cwdState`, &s))
		return s, err
	}
	var path []string
	for range 20 {
		s, err := state()
		if err != nil {
			return nil, "", err
		}
		if s == "outcome" {
			break
		}
		var step string
		switch {
		case s == "check":
			step = "check"
		case strings.HasPrefix(s, "step:"):
			step = strings.TrimPrefix(s, "step:")
			opts, ok := sc.Answers[step]
			if !ok {
				return nil, "", fmt.Errorf("the check asked %q, which the scenario does not answer", step)
			}
			for _, o := range opts {
				if err := chromedp.Run(ctx, chromedp.Click(`label[for="cwd-`+step+`-`+o+`"]`, chromedp.ByQuery)); err != nil {
					return nil, "", fmt.Errorf("answering %s=%s: %w", step, o, err)
				}
			}
			path = append(path, step+"="+strings.Join(opts, ","))
		default:
			return nil, "", fmt.Errorf("unexpected state %q", s)
		}
		if err := chromedp.Run(ctx,
			chromedp.Click(`#cwd-step-`+step+` [data-cwd-action="continue"]`, chromedp.ByQuery),
			chromedp.Poll(`document.querySelector(`+jsString(root)+`).dataset.cwdState !== `+jsString(s), nil,
				chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)),
		); err != nil {
			return nil, "", fmt.Errorf("continuing from %s: %w", s, err)
		}
	}
	if s, _ := state(); s != "outcome" {
		return nil, "", fmt.Errorf("no outcome after %v", path)
	}
	var summary string
	var shot []byte
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`(() => {
  const vis = e => !!e && !e.closest("[hidden]");
  const out = document.querySelector("#cwd-step-outcome");
  const h = out.querySelector("h1, h2");
  const routes = [...out.querySelectorAll("[data-route]")].filter(vis).map(e => e.dataset.route + ": " + (e.querySelector("h2, h3, h4") || e).textContent.trim().replace(/\s+/g, " "));
  const intro = [...out.querySelectorAll("[data-cwd-intro]")].filter(vis).map(e => e.textContent.trim().replace(/\s+/g, " "));
  return "  heading: " + (h ? h.textContent.trim() : "?") + "\n  intro: " + intro.join(" / ") + "\n  routes:\n    " + routes.join("\n    ");
})()`, &summary),
		// The outcome as a parent sees it, from its heading to "Start again".
		regionWidth("#cwd-step-outcome", "#cwd-step-outcome", cwdShotWidth, &shot),
	); err != nil {
		return nil, "", err
	}
	return shot, "  answers: " + strings.Join(path, " ") + "\n" + summary, nil
}

// matrixShots ticks matrixTicks and returns a full-page PNG on screen, one with print media
// emulated, and (when pdftoppm is installed) page 1 of the printed PDF.
func matrixShots(browser context.Context, origin string) (screen, print, pdfPage []byte, err error) {
	ctx, cancel, err := tab(browser)
	defer cancel()
	if err != nil {
		return nil, nil, nil, err
	}
	const root = `[data-widget="tier-matrix"]`
	if err := chromedp.Run(ctx,
		chromedp.Navigate(origin+"/professionals/tier-matrix/"),
		waitReady(root),
	); err != nil {
		return nil, nil, nil, err
	}
	for _, id := range matrixTicks {
		if err := chromedp.Run(ctx, chromedp.Click(`label[for="`+id+`"]`, chromedp.ByQuery)); err != nil {
			return nil, nil, nil, fmt.Errorf("ticking %s: %w", id, err)
		}
	}
	var tier, harm string
	if err := chromedp.Run(ctx,
		chromedp.AttributeValue(root, "data-tier", &tier, nil, chromedp.ByQuery),
		chromedp.AttributeValue(root, "data-significant-harm", &harm, nil, chromedp.ByQuery),
		chromedp.Evaluate(`document.activeElement && document.activeElement.blur()`, nil),
		chromedp.Sleep(150*time.Millisecond),
		// The page is ~19,000 px long: keep the grid, the summary and its buttons.
		region(`[data-widget="tier-matrix"] .tm-matrix`, `[data-tm-print]`, &screen),
		emulation.SetEmulatedMedia().WithMedia("print"),
		fullPage(&print),
		emulation.SetEmulatedMedia().WithMedia(""),
	); err != nil {
		return nil, nil, nil, err
	}
	log.Printf("tier matrix: ticked %v → data-tier=%q data-significant-harm=%q", matrixTicks, tier, harm)
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		return screen, print, nil, nil
	}
	var pdf []byte
	if err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		pdf, _, err = page.PrintToPDF().WithPrintBackground(true).WithPaperWidth(8.27).WithPaperHeight(11.69).Do(ctx)
		return err
	})); err != nil {
		return nil, nil, nil, fmt.Errorf("printing to PDF: %w", err)
	}
	tmp, err := os.MkdirTemp("", "signpost-bench-pdf-")
	if err != nil {
		return nil, nil, nil, err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "m.pdf"), pdf, 0o644); err != nil {
		return nil, nil, nil, err
	}
	cmd := exec.Command("pdftoppm", "-png", "-r", "96", "-f", "1", "-l", "1", "-singlefile", "m.pdf", "page")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, nil, nil, fmt.Errorf("pdftoppm: %v\n%s", err, out)
	}
	pdfPage, err = os.ReadFile(filepath.Join(tmp, "page.png"))
	if err != nil {
		return nil, nil, nil, err
	}
	var pages int
	for i := 0; i+len("/Type /Page") <= len(pdf); i++ {
		if string(pdf[i:i+len("/Type /Page")]) == "/Type /Page" && (i+len("/Type /Page") == len(pdf) || pdf[i+len("/Type /Page")] != 's') {
			pages++
		}
	}
	log.Printf("tier matrix: printed PDF of %d pages (%s); page 1 kept", pages, kb(int64(len(pdf))))
	return screen, print, pdfPage, nil
}

// optimisePNG makes a screenshot small: a palette PNG with the best zlib compression. A
// page with 256 colours or fewer keeps them exactly; otherwise the palette is the 256 most
// used colours (flat UI colours and the commonest anti-aliasing shades) and every other
// colour goes to its nearest, without dithering, which keeps text crisp. With -lossless,
// such an image is kept in full colour instead.
func optimisePNG(b []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	bounds := img.Bounds()
	rgba := image.NewRGBA(bounds)
	draw.Draw(rgba, bounds, img, bounds.Min, draw.Src)
	counts := map[color.RGBA]int{}
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			counts[rgba.RGBAAt(x, y)]++
		}
	}
	var out image.Image = rgba
	if len(counts) <= 256 || !lossless {
		type cc struct {
			c color.RGBA
			n int
		}
		all := make([]cc, 0, len(counts))
		for c, n := range counts {
			all = append(all, cc{c, n})
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].n != all[j].n {
				return all[i].n > all[j].n
			}
			a, b := all[i].c, all[j].c
			return uint32(a.R)<<24|uint32(a.G)<<16|uint32(a.B)<<8|uint32(a.A) < uint32(b.R)<<24|uint32(b.G)<<16|uint32(b.B)<<8|uint32(b.A)
		})
		pal := color.Palette{}
		index := map[color.RGBA]uint8{}
		for i, e := range all {
			if i == 256 {
				break
			}
			index[e.c] = uint8(i)
			pal = append(pal, e.c)
		}
		for _, e := range all[len(pal):] {
			index[e.c] = uint8(nearest(pal, e.c))
		}
		p := image.NewPaletted(bounds, pal)
		for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
			for x := bounds.Min.X; x < bounds.Max.X; x++ {
				p.SetColorIndex(x, y, index[rgba.RGBAAt(x, y)])
			}
		}
		out = p
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, err
	}
	if buf.Len() >= len(b) && len(counts) <= 256 {
		return b, nil
	}
	return buf.Bytes(), nil
}

// nearest returns the index of the palette colour closest to c (weighted RGB distance).
func nearest(pal color.Palette, c color.RGBA) int {
	best, bestD := 0, int(^uint(0)>>1)
	for i, p := range pal {
		q := p.(color.RGBA)
		dr, dg, db, da := int(q.R)-int(c.R), int(q.G)-int(c.G), int(q.B)-int(c.B), int(q.A)-int(c.A)
		d := 3*dr*dr + 4*dg*dg + 2*db*db + 4*da*da
		if d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
