#include "app/arch_registry.h"

#include "models/x86/x86_model.h"

namespace mmsim {

ArchRegistry make_arch_registry() {
  ArchRegistry r;
  r.add(x86::make_model());
  return r;
}

}  // namespace mmsim
