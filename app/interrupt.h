// Ctrl-C for a run (DESIGN §7): SIGINT or SIGTERM sets a flag that the run checks at each
// trial boundary, so what finished is still printed and written (marked partial) and mmsim
// exits 130. The handler is one-shot: a second signal ends the process the default way, for
// a user who does not want to wait for the current trial.
#pragma once
#include <atomic>

namespace mmsim {

// Installs the handlers (once per process) and returns the flag they set.
const std::atomic<bool>& install_interrupt_handlers();
// In a worker process (--jobs): the same flag, set by every SIGINT or SIGTERM (not one-shot:
// Ctrl-C reaches the whole process group and the parent then asks again; both must only stop
// the worker at its next trial boundary, so that it still sends what it ran).
const std::atomic<bool>& install_worker_interrupt_handlers();

}  // namespace mmsim
