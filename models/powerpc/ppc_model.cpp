#include "models/powerpc/ppc_model.h"

#include "models/powerpc/ppc_isa.h"
#include "models/powerpc/ppc_ordering.h"
#include "models/powerpc/ppc_primitives.h"
#include "sim/mem/propagating_storage.h"

namespace mmsim::powerpc {
namespace {

class PpcModel final : public IArchModel {
 public:
  std::string name() const override { return "powerpc"; }
  std::string description() const override {
    return "POWER, not multi-copy-atomic: stores reach each core at its own time, cumulative "
           "sync/lwsync, eieio, isync, lwarx/stwcx.";
  }
  std::vector<std::string> headers() const override { return {"PPC"}; }
  const IInstructionParser* parser(const std::string& header) const override {
    return header == "PPC" ? &isa_ : nullptr;
  }
  const PrimitiveTable& primitives() const override { return powerpc::primitives(); }
  const IOrderingPolicy& ordering() const override { return ordering_; }
  std::unique_ptr<IStorage> make_storage(std::size_t cpus) const override {
    return std::make_unique<PropagatingStorage>(cpus, 1, 400);
  }

 private:
  PpcIsa isa_;
  PpcOrdering ordering_;
};

}  // namespace

std::unique_ptr<IArchModel> make_model() { return std::make_unique<PpcModel>(); }

}  // namespace mmsim::powerpc
