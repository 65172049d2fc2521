package markdown

import (
	"fmt"
	"unicode/utf8"
)

// Limits on what one page may hold (issue 15, item 3). goldmark's cost grows faster than
// the input for some shapes: deep nesting of lists and quotes, and a long paragraph full of
// unclosed link brackets ("[a](" again and again) is quadratic in the paragraph's length.
// A page over a limit is an error at the line where it goes over, and goldmark never sees
// it, so no page can stall a build. The limits are far above anything the guidance needs:
// the largest real page is 10 KB with lists 3 deep, and the benchmark corpus (N=10,000)
// has paragraphs under 1 KB.
const (
	// MaxNesting is how deeply lists and block quotes may nest.
	MaxNesting = 32
	// MaxBodyBytes is the largest page body.
	MaxBodyBytes = 256 << 10
	// MaxBlockBytes is the largest run of lines with no blank line between them: a
	// paragraph, a table, a list written without blank lines.
	MaxBlockBytes = 16 << 10
)

// limitError is the first limit src breaks, with its 1-based line and column; "" if none.
// It also finds invalid UTF-8, which would otherwise be published as it is.
func limitError(src []byte) (line, col int, msg, hint string) {
	block, blockLine := 0, 1
	line = 1
	for start := 0; start < len(src); line++ {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		text := src[start:end]
		if d := nesting(text); d > MaxNesting {
			return line, 1, fmt.Sprintf("list or quote nested deeper than %d levels", MaxNesting),
				"nest lists at most a few levels; split the rest into headings or separate lists"
		}
		if !utf8.Valid(text) {
			i := 0
			for i < len(text) {
				r, n := utf8.DecodeRune(text[i:])
				if r == utf8.RuneError && n <= 1 {
					break
				}
				i += n
			}
			return line, utf8.RuneCount(text[:i]) + 1, "invalid UTF-8: a byte here is not text",
				"save the file as UTF-8, and retype the character at this place"
		}
		if end >= MaxBodyBytes {
			return line, 1, fmt.Sprintf("page is longer than %d KB", MaxBodyBytes>>10),
				"split it into several pages"
		}
		if isBlank(text) {
			block = 0
		} else {
			if block == 0 {
				blockLine = line
			}
			block += len(text) + 1
			if block > MaxBlockBytes {
				return blockLine, 1, fmt.Sprintf("paragraph, list or table is longer than %d KB with no blank line", MaxBlockBytes>>10),
					"break it up with blank lines, or split the page"
			}
		}
		start = end + 1
	}
	return 0, 0, "", ""
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// nesting estimates how many lists and quotes a line opens or continues: every block
// quote marker and list marker at its start, plus, when there is one, half its indentation
// (a nested list item is indented at least two columns per level). It only ever
// overestimates for lines that start with a marker after deep indentation.
func nesting(line []byte) int {
	depth, indent, markers := 0, 0, 0
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ':
			indent++
			i++
		case c == '\t':
			indent += 4 - indent%4
			i++
		case c == '>':
			markers++
			i++
		case c == '-' || c == '*' || c == '+':
			if i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
				return depth + markers + indentDepth(indent, markers)
			}
			markers++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
				markers++
				i = j + 1
				continue
			}
			return depth + markers + indentDepth(indent, markers)
		default:
			return depth + markers + indentDepth(indent, markers)
		}
	}
	return depth + markers + indentDepth(indent, markers)
}

func indentDepth(indent, markers int) int {
	if markers == 0 {
		return 0
	}
	return indent / 2
}
