#include "report/text_report.h"

#include <fmt/format.h>

#include "sim/scenario/litmus_parser.h"

namespace mmsim {

std::string format_state(const Scenario& s, const State& st) {
  std::string out;
  for (std::size_t k = 0; k < st.size() && k < s.keys.size(); ++k)
    out += s.keys[k].herd() + "=" + s.format_value(k, st[k]) + "; ";
  if (!out.empty()) out.pop_back();
  return out;
}

namespace {

// Cycles as time at the run's clock: "3.7 us".
std::string as_time(double cycles, std::uint64_t mhz) {
  if (mhz == 0) return "";
  const double us = cycles / static_cast<double>(mhz);
  if (us >= 1000) return fmt::format("{:.2f} ms", us / 1000);
  return fmt::format("{:.2f} us", us);
}

// The kernel's costs (GLOBAL costs a grace period, milliseconds; the expedited commands one
// IPI round, microseconds), per kind of call and per CPU.
void write_kernel_costs(std::ostream& out, const RunResult& r) {
  const StatSet& st = r.stats;
  const std::vector<std::string> calls = st.calls("syscall.calls");
  for (const std::string& call : calls) {
    const std::uint64_t n = st.value("syscall.calls", call);
    if (n == 0) continue;
    const double mean =
        static_cast<double>(st.value("syscall.cycles", call)) / static_cast<double>(n);
    const auto max = st.value("syscall.cycles.max", call);
    out << fmt::format("Kernel {} calls {} mean {:.0f} cycles ({}) max {} cycles ({})\n", call, n,
                       mean, as_time(mean, r.cpu_mhz), max,
                       as_time(static_cast<double>(max), r.cpu_mhz));
  }
  if (calls.empty() && !st.has("ipi.sent")) return;  // no kernel in this run
  if (const std::uint64_t gps = st.value("rcu.grace_periods")) {
    const double gmean = static_cast<double>(st.value("rcu.gp_cycles")) / static_cast<double>(gps);
    out << fmt::format("Grace periods {} mean {:.0f} cycles ({}) max {} cycles\n", gps, gmean,
                       as_time(gmean, r.cpu_mhz), st.value("rcu.gp_cycles.max"));
  }
  std::string recv, handler, ticks, switches;
  for (int c = 0; c < st.cpus("ipi.received"); ++c) {
    recv += fmt::format(" {}", st.value("ipi.received", {}, c));
    handler += fmt::format(" {}", st.value("irq.handler_cycles", {}, c));
    ticks += fmt::format(" {}", st.value("tick.count", {}, c));
    switches += fmt::format(" {}", st.value("sched.switches", {}, c));
  }
  out << fmt::format("IPIs sent {}; per CPU received{}; handler cycles{}; ticks{}\n",
                     st.value("ipi.sent"), recv, handler, ticks);
  out << fmt::format("Context switches per CPU{} (task to task, idle included)\n", switches);
}

}  // namespace

void write_text(std::ostream& out, const RunRecord& rec) {
  if (rec.error) return;  // reported once, on stderr and in the JSON
  const Scenario& s = *rec.scenario;
  const RunResult& r = rec.result;
  const std::string& name = s.test.name;
  const Quantifier q = s.test.condition.quantifier;
  out << fmt::format("Test {} {}\n", name, quantifier_kind(q));
  out << fmt::format("States {}\n", r.rows.size());
  for (const auto& row : r.rows)
    out << fmt::format("{:<8}{}>{}\n", row.count, row.satisfies ? "*" : ":", format_state(s, row.state));
  out << (validated(q, r) ? "Ok\n" : "No\n");
  out << "Witnesses\n";
  out << fmt::format("Positive: {} Negative: {}\n", r.positive, r.negative);
  out << "Condition " << format_condition(s.test.condition) << "\n";
  out << fmt::format("Observation {} {} {} {}\n", name, observation(r), r.positive, r.negative);
  out << fmt::format("Time {} {:.2f}\n", name, r.seconds);
  // mmsim's own lines, after herd's.
  out << fmt::format("Arch {} trials {} seed {} cycles min {} mean {:.0f} max {}\n", rec.arch,
                     r.trials, r.seed, r.cycles.min, r.cycles.mean, r.cycles.max);
  if (rec.partial)
    out << fmt::format("Interrupted after {} of {} trials\n", r.trials, rec.requested_trials);
  write_kernel_costs(out, r);
  if (r.filtered) out << fmt::format("Filtered {}\n", r.filtered);
  if (r.unfinished) out << fmt::format("Unfinished {}\n", r.unfinished);
  out << "Timing " << timing_mode(rec.params) << "\n";
  for (const auto& n : r.notices) out << "Notice " << n << "\n";
  if (const auto changed = non_default_params(rec.params); !changed.empty()) {
    std::string line = "Params";
    for (const auto& [n, v] : changed) line += " " + n + "=" + v;
    out << line << "\n";
  }
  if (const auto claim = record_claim(rec)) {
    const Expectation& x = claim->expectation;
    std::string what = x.word + (x.datarace ? " DATARACE" : "") + (x.flag.empty() ? "" : " " + x.flag);
    const char* v = verdict_word(record_verdict(rec));
    out << fmt::format("Expected{} {}: {}\n",
                       claim->strict() ? "(" + claim->scope + ")" : std::string(), what,
                       v ? v : "not checked");
  }
  // Rule of three: zero events in n independent trials bound the rate below 3/n at 95 %.
  // Only trials that reached an outcome the condition was evaluated on count.
  const std::uint64_t judged = r.positive + r.negative;
  if (r.positive == 0 && judged > 0) {
    out << fmt::format("Confidence: not observed in {} {}trials, so below {:.2g} per trial (95%)\n",
                       judged, judged < r.trials ? "finished, unfiltered " : "",
                       3.0 / static_cast<double>(judged));
  }
  out << "\n";
}

}  // namespace mmsim
