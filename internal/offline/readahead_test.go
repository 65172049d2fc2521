package offline

import (
	"errors"
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// TestReadAhead: contents come back in the order of the names however the reads finish, an
// error stops it, and no names is no reads.
func TestReadAhead(t *testing.T) {
	names := make([]string, 500)
	for i := range names {
		names[i] = fmt.Sprint(i)
	}
	read := func(n string, buf []byte) ([]byte, error) {
		time.Sleep(time.Duration(rand.Intn(200)) * time.Microsecond)
		return append(buf, "<"+n+">"...), nil // into the buffer given: a reused one must be free
	}
	next := ReadAhead(names, read)
	for _, n := range names {
		got, err := next()
		if err != nil || string(got) != "<"+n+">" {
			t.Fatalf("%s: got %q, %v", n, got, err)
		}
	}

	bad := errors.New("unreadable")
	next = ReadAhead(names, func(n string, buf []byte) ([]byte, error) {
		if n == "7" {
			return nil, bad
		}
		return read(n, buf)
	})
	for i := 0; i < 8; i++ {
		_, err := next()
		if (i == 7) != (err == bad) {
			t.Fatalf("file %d: err %v", i, err)
		}
	}

	ReadAhead(nil, func(string, []byte) ([]byte, error) { t.Error("read with no names"); return nil, nil })
}
