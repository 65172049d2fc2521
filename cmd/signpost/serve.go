package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"signpost/internal/serve"
)

// runServe is `signpost serve`: build, serve on this computer, rebuild on every save.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	src := fl.String("src", ".", "site root (site.yaml, content/, layouts/, assets/)")
	addr := fl.String("addr", serve.DefaultAddr, "address to listen on (anything but loopback makes the site readable by other computers)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "signpost serve: unexpected arguments %q\n", fl.Args())
		return 2
	}
	err := serve.Run(ctx, serve.Options{Src: *src, Addr: *addr, Log: stderr,
		Ready: func(url string) { fmt.Fprintln(stdout, "serving "+url) }})
	if err != nil {
		fmt.Fprintf(stderr, "signpost serve: %v\n", err)
		return 1
	}
	return 0
}
