// The archs this build knows, in one explicit list, and the ones DESIGN.md plans but this
// build has no model for yet (so that asking for one gets an honest answer, not "unknown").
#pragma once
#include <string>
#include <vector>

#include "sim/arch/i_arch_model.h"

namespace mmsim {

ArchRegistry make_arch_registry();

// "no model for arch 'arm64' yet (models: x86)" for a planned arch named by --arch or by a
// litmus header (AArch64 → arm64, PPC → powerpc); "unknown arch 'foo' (models: x86)" for
// anything else.
std::string no_model_message(const ArchRegistry& archs, const std::string& arch_or_header);

// The litmus headers the litmus parser accepts for this registry (parse_litmus's `headers`):
// every model's headers(), then those of the planned archs with no model yet (so that their
// tests get no_model_message's honest answer rather than "unsupported architecture"), then
// "C" (lowered through any model's primitive table).
std::vector<std::string> litmus_headers(const ArchRegistry& archs);

}  // namespace mmsim
