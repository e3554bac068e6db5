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

std::string no_model_message(const ArchRegistry& archs, const std::string& arch_or_header) {
  struct Planned {
    const char* name;
    const char* header;
  };
  static const Planned kPlanned[] = {{"powerpc", "PPC"}};
  std::string models;
  for (const auto& a : archs.all()) models += (models.empty() ? "" : ", ") + a->name();
  for (const Planned& p : kPlanned)
    if (arch_or_header == p.name || arch_or_header == p.header)
      return std::string("no model for arch '") + p.name + "' yet (models: " + models + ")";
  return "unknown arch '" + arch_or_header + "' (models: " + models + ")";
}

}  // namespace mmsim
