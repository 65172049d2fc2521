package search

import (
	"strconv"
	"unicode/utf8"
)

// appendJSON appends json.Marshal(v) to b for the values of the compressed files (a
// postings shard, shard or map[string][]int; a fragment file, fragFile), byte for byte
// (a shard as the map of its terms): strings
// escaped as encoding/json escapes them (HTML characters included), map keys sorted.
// Any other value, or a field of a type a fragment file never holds, is encoded by
// json.Marshal. It is the index build's JSON without reflection or a copy per file.
func appendJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case shard:
		b = append(b, '{')
		for i, t := range v.terms {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, t)
			b = append(b, ':')
			b = appendJSONInts(b, v.posts[i])
		}
		return append(b, '}')
	case map[string][]int:
		if v == nil {
			return append(b, "null"...)
		}
		b = append(b, '{')
		for i, t := range sortedKeys(v) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, t)
			b = append(b, ':')
			b = appendJSONInts(b, v[t])
		}
		return append(b, '}')
	case fragFile:
		b = append(b, `{"p":`...)
		if v.P == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i, p := range v.P {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, '[')
				b = appendJSONString(b, p[0])
				b = append(b, ',')
				b = appendJSONString(b, p[1])
				b = append(b, ']')
			}
			b = append(b, ']')
		}
		b = append(b, `,"d":`...)
		if v.D == nil {
			return append(b, "null}"...)
		}
		b = append(b, '[')
		for i, d := range v.D {
			if i > 0 {
				b = append(b, ',')
			}
			if d == nil {
				b = append(b, "null"...)
				continue
			}
			b = append(b, '[')
			for j, f := range d {
				if j > 0 {
					b = append(b, ',')
				}
				switch f := f.(type) {
				case int:
					b = strconv.AppendInt(b, int64(f), 10)
				case string:
					b = appendJSONString(b, f)
				default:
					b = append(b, mustJSON(f)...)
				}
			}
			b = append(b, ']')
		}
		return append(b, "]}"...)
	}
	return append(b, mustJSON(v)...)
}

func appendJSONInts(b []byte, ns []int) []byte {
	if ns == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, n := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, ']')
}

// jsonPlain marks the ASCII bytes encoding/json writes as they are (with HTML escaping):
// from space to DEL, but not " \ < > &.
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return
}()

// appendJSONString appends s as encoding/json writes a string.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += n
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += n
			start = i
			continue
		}
		i += n
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
