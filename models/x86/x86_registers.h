// x86 register names in the two herdtools7 dialects.
#pragma once
#include <string>

namespace mmsim::x86 {

enum class Dialect { Intel /* herd "X86" */, Att /* herd "X86_64" */ };

// Canonical register name as conditions spell it (Intel: upper case as written, "eax" → "EAX";
// AT&T: the 64-bit name without '%', "%eax" → "rax"), or "" if `name` is not a register.
std::string canonical_reg_name(Dialect d, const std::string& name);
// The accumulator CMPXCHG compares against, for source register `canonical_src`.
std::string accumulator_for(Dialect d, const std::string& canonical_src);

}  // namespace mmsim::x86
