// Kernel versions whose membarrier/RCU behaviour differs (KERNEL.md §1.2), ordered in time.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace mmsim::kernel {

enum class Era { V4_3, V4_9 /* late-2016 -ENOSYS fix */, V4_14, V4_16, V5_4, V5_10, V5_11, V6_8 };

std::optional<Era> parse_era(const std::string& s);
std::string era_name(Era e);
const std::vector<std::string>& era_names();

}  // namespace mmsim::kernel
