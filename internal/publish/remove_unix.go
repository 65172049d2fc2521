//go:build unix

package publish

import (
	"os"
	"os/exec"
	"syscall"
)

// removeLater deletes dir in a detached process, so the build need not wait for it; if no
// process can be started, it deletes dir now.
func removeLater(dir string) {
	cmd := exec.Command("rm", "-rf", "--", dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return
	}
	_ = cmd.Process.Release()
}
