package build

import (
	"signpost/internal/diag"
	"signpost/internal/site"
)

// SetHook sets a function every build or update of b calls first (tests inject panics).
func SetHook(b *Builder, f func(changed []string)) { b.hooks.build = f }

// SetPageHook sets a function called before each page's conversion, on a worker goroutine.
func SetPageHook(b *Builder, f func(file string)) { b.hooks.page = f }

// GlossaryDiags runs the site-wide glossary check, which the Builder runs page by page.
func GlossaryDiags(s *site.Site) diag.List { return checkGlossary(s) }
