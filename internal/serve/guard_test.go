package serve

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostGet sends GET / with the given Host header.
func hostGet(t *testing.T, addr, host string) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// syncBuf is a log the server writes from its handlers while the test reads it.
type syncBuf struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestHostCheck: a request naming another host (DNS rebinding) is refused and logged once;
// this computer's names and addresses, and the host -addr names, are served.
func TestHostCheck(t *testing.T) {
	s, hs := newTestServer(t)
	var log syncBuf
	s.SetLog(&log)
	s.AllowHost("preview.lan")
	addr := strings.TrimPrefix(hs.URL, "http://")
	for _, tt := range []struct {
		host string
		want int
	}{
		{"evil.example", http.StatusMisdirectedRequest},
		{"evil.example:1313", http.StatusMisdirectedRequest},
		{"localhost.evil.example", http.StatusMisdirectedRequest},
		{"127.0.0.1.nip.io", http.StatusMisdirectedRequest},
		{"", http.StatusMisdirectedRequest},
		{"localhost", http.StatusOK},
		{"LOCALHOST:1313", http.StatusOK},
		{"app.localhost", http.StatusOK},
		{addr, http.StatusOK},
		{"[::1]:1313", http.StatusOK},
		{"preview.lan:1313", http.StatusOK},
	} {
		if got := hostGet(t, addr, tt.host); got != tt.want {
			t.Errorf("Host %q: status %d, want %d", tt.host, got, tt.want)
		}
	}
	hostGet(t, addr, "evil.example")
	if n := strings.Count(log.String(), `"evil.example"`); n != 1 {
		t.Errorf("refusals of evil.example logged %d times, want once:\n%s", n, log.String())
	}
}

// TestStreamCap: event streams beyond MaxStreams are refused with 503, and the log says so.
func TestStreamCap(t *testing.T) {
	s, hs := newTestServer(t)
	var log syncBuf
	s.SetLog(&log)
	for range MaxStreams {
		openEvents(t, hs.URL, "/").expect("hello")
	}
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(hs.URL + EventsPath + "?path=/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("stream %d: status %d, want 503", MaxStreams+1, resp.StatusCode)
	}
	if !strings.Contains(log.String(), "refusing more") {
		t.Errorf("the cap is not logged: %q", log.String())
	}
	if n := s.hub.count(); n != MaxStreams {
		t.Errorf("%d streams open, want %d", n, MaxStreams)
	}
}
