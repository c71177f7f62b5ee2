// The one process-level call the binding makes that is not libvirt's: giving up the controlling
// terminal. libvirt runs `ssh` for qemu+ssh:// as our child; while we hold a terminal, ssh asks
// for passwords and host-key decisions on it, out of the app's sight. Without one it asks
// through SSH_ASKPASS, which Virtdeck routes to its UI.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core.h"

namespace vd {

namespace {

// Returns true when the process had a terminal and let it go. A session leader keeps it:
// giving it up would hang up the whole session's foreground jobs. Others stay in their
// process group, so Ctrl+C in the terminal still reaches them.
Napi::Value ReleaseControllingTerminal(const Napi::CallbackInfo& info) {
  bool released = false;
#ifdef TIOCNOTTY
  if (getsid(0) != getpid()) {
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd >= 0) {
      released = ioctl(fd, TIOCNOTTY) == 0;
      close(fd);
    }
  }
#endif
  return Napi::Boolean::New(info.Env(), released);
}

}  // namespace

void InitProcessTty(Napi::Env env, Napi::Object exports) {
  exports.Set("releaseControllingTerminal", Napi::Function::New(env, ReleaseControllingTerminal, "releaseControllingTerminal"));
}

}  // namespace vd
