#include "models/powerpc/ppc_model.h"

#include "models/powerpc/ppc_isa.h"
#include "models/powerpc/ppc_ordering.h"
#include "models/powerpc/ppc_primitives.h"
#include "sim/base/error.h"
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
  void declare_params(Params& p) const override {
    p.declare({"powerpc.propagation_min", ParamType::Int, "1", "cycles",
               "shortest time a store takes to reach another core once it leaves the store "
               "buffer (each core's delay is drawn uniformly from min..max per store)",
               1, 1'000'000});
    p.declare({"powerpc.propagation_max", ParamType::Int, "400", "cycles",
               "longest such time: the wider the range, the more often two cores see two "
               "stores in opposite orders (IRIW, WRC)",
               1, 1'000'000});
  }
  std::unique_ptr<IStorage> make_storage(std::size_t cpus, const Params& p) const override {
    const auto lo = static_cast<std::uint64_t>(p.get_int("powerpc.propagation_min"));
    const auto hi = static_cast<std::uint64_t>(p.get_int("powerpc.propagation_max"));
    if (lo > hi)
      throw BadInput("param", p.where("powerpc.propagation_max"),
                     "parameter 'powerpc.propagation_max' = " + std::to_string(hi) +
                         ": below powerpc.propagation_min = " + std::to_string(lo));
    return std::make_unique<PropagatingStorage>(cpus, lo, hi,
                                                p.get_string("timing.mode") == "explore");
  }

 private:
  PpcIsa isa_;
  PpcOrdering ordering_;
};

}  // namespace

std::unique_ptr<IArchModel> make_model() { return std::make_unique<PpcModel>(); }

}  // namespace mmsim::powerpc
