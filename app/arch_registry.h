// The archs this build knows, in one explicit list, and the answer for an arch it does not.
#pragma once
#include <string>
#include <vector>

#include "sim/arch/i_arch_model.h"

namespace mmsim {

ArchRegistry make_arch_registry();

// "unknown arch 'foo' (models: x86, arm64, powerpc)" for an arch named by --arch or by a
// litmus header that no model claims.
std::string no_model_message(const ArchRegistry& archs, const std::string& arch_or_header);

// The litmus headers the litmus parser accepts for this registry (parse_litmus's `headers`):
// every model's headers(), then "C" (lowered through any model's primitive table).
std::vector<std::string> litmus_headers(const ArchRegistry& archs);

}  // namespace mmsim
