package cwd

// Small string helpers, written out so that this package (and the WASM module that
// imports it) does not depend on strings or strconv.

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func join(list []string, sep string) string {
	out := ""
	for i, v := range list {
		if i > 0 {
			out += sep
		}
		out += v
	}
	return out
}

// Join concatenates list with sep between the elements.
func Join(list []string, sep string) string { return join(list, sep) }

// Fields splits s around runs of spaces.
func Fields(s string) []string { return split(s, ' ') }

// split splits s at every sep, dropping empty parts.
func split(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == sep {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// atoi parses a non-negative decimal number.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
