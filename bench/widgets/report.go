package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"
)

// report renders the figures as the Markdown "Widgets" section.
func report(all []stats, plist []profile, sizes []sizeRow, e env, runs int, useTLS bool) string {
	var b strings.Builder
	para := func(format string, a ...any) { b.WriteString(wrap(fmt.Sprintf(format, a...), 95) + "\n\n") }
	proto := "HTTPS with HTTP/2 (a throwaway certificate)"
	if !useTLS {
		proto = "plain HTTP/1.1"
	}
	b.WriteString("## Widgets\n\n")
	para("Time to interactive of the two WebAssembly widget pages in headless Chromium, and what the widgets cost to download. Reproduce (rewrites this section):")
	b.WriteString("    go run ./bench/widgets -readme bench/README.md\n\n")
	para("The documentation screenshots in docs/screenshots/ come from the same program: `go run ./bench/widgets -screenshots docs/screenshots` (install chromium-l10n first, or date fields show mm/dd/yyyy).")
	para("Measured %s on %s with %s and %s. The site is built with `go run ./cmd/signpost build`, held in memory and served on 127.0.0.1 over %s with netlify.toml's headers and, as Netlify does, brotli (quality 11) or gzip (level 9) Content-Encoding for .html, .css, .js, .wasm and other text files when the browser accepts it (Chromium sent `Accept-Encoding: %s`, so everything went as brotli). Each row is %d loads, after one discarded warm-up, each in a fresh browser context with the cache disabled. The rounds are interleaved (every page under every condition, then again). Times are ms from navigation start: median (min–max). The machine's load average went %s during the run: other work on a small machine makes the figures noisy, so compare rows of one run rather than runs.",
		time.Now().UTC().Format("2006-01-02"), e.CPU, e.Chromium, e.Go, proto, acceptEncoding(e.AcceptEncoding), runs, e.Load)

	b.WriteString("| Page | Conditions | First contentful paint | Module requested | Module downloaded | Module running | **Interactive** | Transferred per load |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	label := map[string]string{}
	for _, p := range plist {
		label[p.Name] = p.Label
	}
	for _, s := range all {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | **%s** | %s (%d requests) |\n", s.Page, label[s.Profile],
			ms(s.FCP), ms(s.WasmStart), ms(s.WasmEnd), ms(s.Ready), ms(s.TTI), kb(s.Transferred), s.Requests)
	}
	b.WriteString("\n")

	var items []string
	items = append(items, "*Module requested* and *Module downloaded*: the module's resource-timing startTime and responseEnd. *Module running*: `<html data-widgets-ready=\"true\">`, which widgets/wasm sets once every widget is mounted. *Interactive*: a script injected before the page's own clicks the first answer the moment the module runs and notes when the widget has answered; "+pages[0].Name+": "+pages[0].What+"; "+pages[1].Name+": "+pages[1].What+".")
	cond := "Conditions: *fast* is loopback with no throttling."
	for _, p := range plist {
		if p.Throttled {
			cond += fmt.Sprintf(" *%s*: `Network.emulateNetworkConditions` with %g ms latency per request, %.2f Mbit/s down and %g kbit/s up, and `Emulation.setCPUThrottlingRate(%g)`.",
				p.Label, p.Latency, p.Down*8/1024/1024, p.Up*8/1024, p.CPU)
		}
	}
	cond += " The slow 4G numbers are Lighthouse's (RTT 150 ms, 1.6 Mbit/s down, 750 kbit/s up, CPU x4); the DevTools-adjusted row applies them the way Lighthouse does when it throttles through DevTools (latency x3.75, throughput x0.9), since the emulation adds latency per request, not per round trip."
	items = append(items, cond)
	items = append(items, "DevTools CPU throttling slows the renderer's main thread; V8 compiles the module on background threads while it streams in. So the throttled rows are dominated by the download and may be optimistic for a real low-end phone, whose compile threads are slow too.")
	tr := "Transferred: bytes on the wire per load as DevTools counts them (headers included): the page, its CSS (print.css too) and scripts, the module and the favicon."
	once := true
	for _, s := range all {
		if s.WasmFetches != 1 {
			once = false
		}
	}
	if once {
		tr += " The module is requested once per load (the page's `<link rel=preload>` serves the loader's fetch)."
	} else {
		tr += " **The module was requested more than once per load in some rows** (the preload did not serve the loader's fetch)."
	}
	for _, r := range sizes {
		if strings.HasPrefix(r.Name, "widgets module") && len(all) > 0 && all[0].Transferred > 0 {
			tr += fmt.Sprintf(" The module is %.0f%% of it.", 100*float64(r.Brotli)/float64(all[0].Transferred))
		}
	}
	items = append(items, tr)
	for _, it := range items {
		b.WriteString(indentWrap("- ", "  ", it, 95) + "\n")
	}
	b.WriteString("\n")

	para("Sizes of what the widget pages load, in bytes:")
	b.WriteString("| File | Raw | gzip -9 | brotli -q 11 |\n| --- | ---: | ---: | ---: |\n")
	for _, r := range sizes {
		fmt.Fprintf(&b, "| %s | %s | %s (%.0f%%) | %s (%.0f%%) |\n", r.Name, num(r.Raw), num(r.Gzip), pct(r.Gzip, r.Raw), num(r.Brotli), pct(r.Brotli, r.Raw))
	}
	return b.String()
}

// acceptEncoding returns the Accept-Encoding values seen, without the protocol.
func acceptEncoding(seen string) string {
	var out []string
	for _, s := range strings.Split(seen, "; ") {
		if _, v, ok := strings.Cut(s, " "); ok && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return strings.Join(out, "` / `")
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) string { return indentWrap("", "", text, width) }

func indentWrap(first, rest, text string, width int) string {
	var b strings.Builder
	line := first
	empty := true
	for _, w := range strings.Fields(text) {
		if !empty && len([]rune(line))+1+len([]rune(w)) > width {
			b.WriteString(line + "\n")
			line, empty = rest, true
		}
		if empty {
			line += w
		} else {
			line += " " + w
		}
		empty = false
	}
	b.WriteString(line)
	return b.String()
}

func ms(v [3]float64) string {
	return fmt.Sprintf("%.0f (%.0f–%.0f)", v[0], v[1], v[2])
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// num formats n with thin thousands separators (1 234 567).
func num(n int) string {
	s := fmt.Sprint(n)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// writeSection replaces the "## title" section of the Markdown file at path (up to the next
// level-2 heading) with md, or appends it; a missing file is created with a title.
func writeSection(path, title, md string) error {
	old, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		old, err = []byte("# Benchmarks\n\n"), nil
	}
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(old), "\n")
	start, end := -1, len(lines)
	inFence := false
	for i, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		if strings.HasPrefix(t, "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(t, "## ") {
			continue
		}
		if start < 0 && strings.TrimSpace(strings.TrimPrefix(t, "## ")) == title {
			start = i
		} else if start >= 0 {
			end = i
			break
		}
	}
	md = strings.TrimRight(md, "\n") + "\n"
	var out string
	if start < 0 {
		body := strings.TrimRight(string(old), "\n")
		out = body + "\n\n" + md
	} else {
		rest := strings.Join(lines[end:], "")
		if rest != "" {
			md += "\n"
		}
		out = strings.Join(lines[:start], "") + md + rest
	}
	return os.WriteFile(path, []byte(out), 0o644)
}
