#include "app/interrupt.h"

#include <csignal>

namespace mmsim {
namespace {

// Lock-free, so storing to it is async-signal-safe.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_interrupt(int) { g_interrupted.store(true); }

const std::atomic<bool>& install(int flags) {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = flags;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return g_interrupted;
}

}  // namespace

const std::atomic<bool>& install_interrupt_handlers() { return install(SA_RESETHAND); }

const std::atomic<bool>& install_worker_interrupt_handlers() { return install(0); }

}  // namespace mmsim
