#include "app/arch_registry.h"

#include "models/arm64/arm64_model.h"
#include "models/x86/x86_model.h"

namespace mmsim {

ArchRegistry make_arch_registry() {
  ArchRegistry r;
  r.add(x86::make_model());
  r.add(arm64::make_model());
  return r;
}

namespace {

// The archs DESIGN.md plans that may have no model in this build yet.
struct Planned {
  const char* name;
  const char* header;
};
constexpr Planned kPlanned[] = {{"powerpc", "PPC"}};

}  // namespace

std::vector<std::string> litmus_headers(const ArchRegistry& archs) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& h) {
    for (const auto& known : out)
      if (known == h) return;
    out.push_back(h);
  };
  for (const auto& a : archs.all())
    for (const auto& h : a->headers()) add(h);
  for (const Planned& p : kPlanned) add(p.header);
  add("C");
  return out;
}

std::string no_model_message(const ArchRegistry& archs, const std::string& arch_or_header) {
  std::string models;
  for (const auto& a : archs.all()) models += (models.empty() ? "" : ", ") + a->name();
  for (const Planned& p : kPlanned)
    if (arch_or_header == p.name || arch_or_header == p.header)
      return std::string("no model for arch '") + p.name + "' yet (models: " + models + ")";
  return "unknown arch '" + arch_or_header + "' (models: " + models + ")";
}

}  // namespace mmsim
