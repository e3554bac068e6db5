#include "models/arm64/arm64_model.h"

#include "models/arm64/arm64_isa.h"
#include "models/arm64/arm64_ordering.h"
#include "models/arm64/arm64_primitives.h"
#include "sim/mem/flat_storage.h"

namespace mmsim::arm64 {
namespace {

class Arm64Model final : public IArchModel {
 public:
  std::string name() const override { return "arm64"; }
  std::string description() const override {
    return "ARMv8 AArch64, other-multi-copy-atomic: speculative out-of-order loads, stores "
           "visible out of order and before older loads (LB), DMB/DSB/ISB, LDAR/LDAPR/STLR, "
           "LDXR/STXR, LSE atomics";
  }
  std::vector<std::string> headers() const override { return {"AArch64"}; }
  const IInstructionParser* parser(const std::string& header) const override {
    return header == "AArch64" ? &isa_ : nullptr;
  }
  const PrimitiveTable& primitives() const override { return arm64::primitives(); }
  const IOrderingPolicy& ordering() const override { return ordering_; }
  std::unique_ptr<IStorage> make_storage(std::size_t, const Params&) const override {
    return std::make_unique<FlatStorage>();
  }

 private:
  Arm64Isa isa_;
  Arm64Ordering ordering_;
};

}  // namespace

std::unique_ptr<IArchModel> make_model() { return std::make_unique<Arm64Model>(); }

}  // namespace mmsim::arm64
