// Interrupt delivery (kernel/smp.c smp_call_function_many's send side, the interrupt
// controller): IPIs marked by kernel code (__ipi_mark) are sent together (__ipi_flush) and
// travel ipi.latency + jitter cycles — under explore timing, one in three far longer (the
// target had interrupts off) — before they join the target's pending interrupts. A late tick
// travels the same way (Tick::evaluate).
//
// Registers: intrinsics kIpiMark, kIpiFlush.
#pragma once
#include <cstdint>
#include <vector>

#include "kernel_model/kernel_calls.h"
#include "kernel_model/kernel_state.h"

namespace mmsim::kernel {

class Ipi {
 public:
  Ipi(KernelState& s, KernelCalls& calls);
  void reset() {
    in_flight_.clear();
    sent_ = 0;
  }

  // An interrupt for CPU `to` that arrives at e.at.
  void post(std::size_t to, Event e) {
    e.args[1] = static_cast<Value>(to);
    in_flight_.push_back(e);
  }
  // Hands each interrupt due by `now` to its CPU, oldest posted first, if accept(cpu, event)
  // (a late tick is lost on a CPU that stopped its tick meanwhile).
  template <typename Accept>
  void deliver(Cycle now, Accept accept) {
    for (std::size_t i = 0; i < in_flight_.size();) {
      if (in_flight_[i].at <= now) {
        const auto to = static_cast<std::size_t>(in_flight_[i].args[1]);
        if (accept(to, in_flight_[i])) s_.cpus[to].irq.pending.push_back(in_flight_[i]);
        in_flight_.erase(in_flight_.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
  }
  // The earliest arrival after now (never: none travelling).
  Cycle next_timer(Cycle now) const;
  std::uint64_t sent() const { return sent_; }

 private:
  KCallResult flush(std::size_t c, int handler, Value info, Cycle now);

  KernelState& s_;
  // Event::args[0] = sender CPU, args[1] = target CPU, args[2] = the handler's info
  std::vector<Event> in_flight_;
  std::uint64_t sent_ = 0;
};

}  // namespace mmsim::kernel
