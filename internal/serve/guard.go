package serve

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
)

// This file guards the dev server against other web pages (issue 15, item 2). A page the
// editor visits can make the browser send requests to 127.0.0.1, and by DNS rebinding read
// the answers: its own name (evil.example) then resolves to this computer. The browser
// still sends that name in Host, so serve answers only requests that name this computer:
// an IP address, localhost, or the host -addr names on purpose. And as every open page
// holds an event stream, the streams are capped so a page cannot open thousands.

// MaxStreams is how many live-reload event streams serve keeps open at once. An editor
// has a few tabs open; a page opening streams in a loop gets 503 after this many.
const MaxStreams = 64

// guard holds what the server accepts from whom.
type guard struct {
	mu     sync.Mutex // guards hosts, log and warned
	hosts  map[string]bool
	log    io.Writer
	warned map[string]bool // hosts and limits already logged, so a flood logs one line
}

// AllowHost lets requests name host (the host part of -addr when it is a name, not an
// address). Loopback names and IP addresses are always allowed.
func (s *Server) AllowHost(host string) {
	s.guard.mu.Lock()
	defer s.guard.mu.Unlock()
	if s.guard.hosts == nil {
		s.guard.hosts = map[string]bool{}
	}
	s.guard.hosts[strings.ToLower(strings.TrimSuffix(host, "."))] = true
}

// SetLog makes the server log refused requests (once per host) and refused event streams.
func (s *Server) SetLog(w io.Writer) {
	s.guard.mu.Lock()
	defer s.guard.mu.Unlock()
	s.guard.log = w
}

// logOnce writes a line to the log the first time key is seen.
func (g *guard) logOnce(key, format string, args ...any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.log == nil || g.warned[key] {
		return
	}
	if g.warned == nil {
		g.warned = map[string]bool{}
	}
	g.warned[key] = true
	fmt.Fprintf(g.log, format+"\n", args...)
}

// hostAllowed reports whether a request's Host names this computer.
func (g *guard) hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "" {
		return false
	}
	if net.ParseIP(host) != nil {
		return true // an address is not a name an attacker's DNS can point here
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.hosts[host]
}

// refuseHost answers a request whose Host is not this computer.
func (s *Server) refuseHost(w http.ResponseWriter, r *http.Request) bool {
	if s.guard.hostAllowed(r.Host) {
		return false
	}
	s.guard.logOnce("host "+r.Host, "signpost serve: refused requests for host %q (only localhost, IP addresses and the -addr host are served)", r.Host)
	http.Error(w, "signpost serve answers only to localhost and the host given with -addr", http.StatusMisdirectedRequest)
	return true
}
