//go:build !linux

package publish

import "errors"

func exchange(a, b string) error { return errors.ErrUnsupported }

func renameOnto(a, b string) error { return errors.ErrUnsupported }
