package build_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"signpost/internal/build"
	"signpost/internal/buildtest"
)

// citedSite has a Thurrock document and a plain-words page for parents that cites it.
func citedSite(plain string) string {
	return `
-- content/_index.md --
` + page("Home", "", "Welcome to the guidance.\n") + `
-- content/doc.md --
` + page("Referrals", "", "## Consent\n\nParents or carers must be informed that a service is making a referral.\n") + `
-- content/plain.md --
---
title: Plain
description: Plain words.
area: [thurrock]
audience: [parents]
source: {publisher: Signpost, title: Plain words, date: "2026"}
---
` + plain
}

func TestCitationsInBuild(t *testing.T) {
	tests := []struct {
		name, plain string
		strict      bool
		wantErr     string // substring of an error; "" means the build succeeds
		wantWarn    string
	}{
		{"cited", "Parents or carers must be told about a referral. {source: /doc/#consent}\n", true, "", ""},
		{"broken anchor", "Parents or carers must be told about a referral. {source: /doc/#consnt}\n", false,
			`content/plain.md:8:50: broken anchor: /doc/ has no heading or element with id "consnt" (did you mean #consent?)`, ""},
		{"uncited warns", "Parents are told about a referral.\n", false, "", "content/plain.md:8:1: warning: statement cites no source"},
		{"uncited fails strict", "Parents are told about a referral.\n", true, "content/plain.md:8:1: statement cites no source", ""},
		{"softened must fails strict", "Parents or carers are usually told about a referral by the service making it. {source: /doc/#consent}\n", true, `the source says "must"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := build.Run(context.Background(), build.Config{FS: buildtest.FS(t, citedSite(tt.plain)), NoWASM: true,
				Now: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), StrictCitations: tt.strict})
			all := res.Diags.Error()
			if tt.wantErr == "" && err != nil {
				t.Fatalf("build failed:\n%s", all)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(res.Diags.Errors().Error(), tt.wantErr)) {
				t.Fatalf("want error %q, got:\n%s", tt.wantErr, all)
			}
			if tt.wantWarn != "" && !strings.Contains(all, tt.wantWarn) {
				t.Errorf("want warning %q, got:\n%s", tt.wantWarn, all)
			}
			if tt.wantErr == "" && !strings.Contains(string(res.Files["plain/index.html"]), `class="source-link"`) && strings.Contains(tt.plain, "{source:") {
				t.Errorf("no Source link in plain/index.html")
			}
		})
	}
}
