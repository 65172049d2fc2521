package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
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

// TestHostCheck: a request naming another host (DNS rebinding) is refused and logged once;
// this computer's names and addresses, and the host -addr names, are served.
func TestHostCheck(t *testing.T) {
	s, hs := newTestServer(t)
	var log syncBuffer
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
	var log syncBuffer
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

// TestReadScriptRefusesSymlink: the live-reload client is the one file serve reads from
// disk; a symbolic link in its place is not followed.
func TestReadScriptRefusesSymlink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "reload.js")
	if err := os.Symlink("/etc/passwd", link); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadScript(link)(); err == nil {
		t.Errorf("read through a symbolic link: %.40q", b)
	}
	plain := filepath.Join(dir, "plain.js")
	if err := os.WriteFile(plain, []byte("//ok"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadScript(link, plain)(); err != nil || string(b) != "//ok" {
		t.Errorf("plain file: %q, %v", b, err)
	}
}

// TestServeSymlinkOutside: with a static file that is a symbolic link to /etc/passwd, the
// build fails naming the link, nothing of the file is ever served, and a request naming
// another host is refused by the running server.
func TestServeSymlinkOutside(t *testing.T) {
	dir := writeSite(t, liveSite())
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "static", "passwd.txt")); err != nil {
		t.Fatal(err)
	}
	base, log := startLive(t, dir, Options{})
	code, body := get(t, base+"/passwd.txt")
	if code == http.StatusOK || strings.Contains(body, "root:") {
		t.Errorf("GET /passwd.txt: %d\n%.200s", code, body)
	}
	if !strings.Contains(log.String(), `static/passwd.txt: symbolic link to "/etc/passwd" leads outside the site`) {
		t.Errorf("the log does not name the link:\n%s", log)
	}
	if got := hostGet(t, strings.TrimPrefix(base, "http://"), "evil.example"); got != http.StatusMisdirectedRequest {
		t.Errorf("Host evil.example: %d", got)
	}
}
