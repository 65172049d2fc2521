package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Events on /_signpost/events, all with a JSON object as data (assets/dev/reload.js):
//
//	hello  {version, diags}  first on every connection: the version of the page as served
//	                         now (see Server.version) and the current errors
//	reload {swap}            this page (or a script, or the headers) changed; swap: only
//	                         the page's own HTML, which the client may update in place
//	css    {css}             only stylesheets changed: {"/assets/main.css": "<content hash>"}
//	build  {}                the site changed, this page did not
//	errors {diags}           the latest build failed; the last good one is still served
//	ok     {}                the errors are fixed and the output is as it was
type event struct {
	name string
	data any
}

// subscriber is one open page.
type subscriber struct {
	path string // the page's URL path, to tell whether a change touches it
	ch   chan event
}

// hub fans events out to open pages. A page that does not keep up is dropped; its
// EventSource reconnects and the hello event brings it up to date.
type hub struct {
	mu     sync.Mutex // guards subs and closed
	subs   map[*subscriber]bool
	closed bool
	done   chan struct{}
}

func newHub() *hub { return &hub{subs: map[*subscriber]bool{}, done: make(chan struct{})} }

// add adds s unless the hub is closed or full; it says which.
func (h *hub) add(s *subscriber) (ok, full bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false, false
	}
	if len(h.subs) >= MaxStreams {
		return false, true
	}
	h.subs[s] = true
	return true, false
}

func (h *hub) remove(s *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs[s] {
		delete(h.subs, s)
		close(s.ch)
	}
}

// each sends every subscriber the event f chooses for it.
func (h *hub) each(f func(*subscriber) event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		select {
		case s.ch <- f(s):
		default:
			delete(h.subs, s)
			close(s.ch)
		}
	}
}

// count returns the number of open pages.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// keepAlive is how often an idle stream gets a comment, so proxies and the browser keep it.
const keepAlive = 20 * time.Second

// events streams events to one page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	sub := &subscriber{path: r.URL.Query().Get("path"), ch: make(chan event, 16)}
	if sub.path == "" {
		sub.path = "/"
	}
	if ok, full := s.hub.add(sub); full {
		s.guard.logOnce("streams", "signpost serve: %d pages already have a live-reload stream open; refusing more (close some tabs)", MaxStreams)
		w.Header().Set("Retry-After", "5")
		http.Error(w, "too many live-reload streams", http.StatusServiceUnavailable)
		return
	} else if !ok {
		http.Error(w, "server is stopping", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.remove(sub)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	s.mu.RLock()
	hello := map[string]any{"version": s.version(sub.path), "diags": nil}
	if s.diags != nil {
		hello["diags"] = diagsJSON(s.diags)
	}
	s.mu.RUnlock()
	fmt.Fprint(w, "retry: 500\n")
	if writeEvent(w, event{"hello", hello}) != nil {
		return
	}
	fl.Flush()

	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case ev, ok := <-sub.ch:
			if !ok {
				return
			}
			if writeEvent(w, ev) != nil {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-s.hub.done:
			return
		}
		fl.Flush()
	}
}

func writeEvent(w http.ResponseWriter, ev event) error {
	b, err := json.Marshal(ev.data)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, b)
	return err
}
