#include "app/arch_registry.h"

#include "models/arm64/arm64_model.h"
#include "models/powerpc/ppc_model.h"
#include "models/x86/x86_model.h"

namespace mmsim {

ArchRegistry make_arch_registry() {
  ArchRegistry r;
  r.add(x86::make_model());
  r.add(arm64::make_model());
  r.add(powerpc::make_model());
  return r;
}

std::vector<std::string> litmus_headers(const ArchRegistry& archs) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& h) {
    for (const auto& known : out)
      if (known == h) return;
    out.push_back(h);
  };
  for (const auto& a : archs.all())
    for (const auto& h : a->headers()) add(h);
  // The LKMM dialects, lowered through any model's primitive table (lowers_like_c).
  add("C");
  add("LISA");
  return out;
}

std::string no_model_message(const ArchRegistry& archs, const std::string& arch_or_header) {
  std::string models;
  for (const auto& a : archs.all()) models += (models.empty() ? "" : ", ") + a->name();
  return "unknown arch '" + arch_or_header + "' (models: " + models + ")";
}

}  // namespace mmsim
