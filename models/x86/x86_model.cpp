#include "models/x86/x86_model.h"

#include "models/x86/x86_isa.h"
#include "models/x86/x86_ordering.h"
#include "models/x86/x86_primitives.h"
#include "sim/mem/flat_storage.h"

namespace mmsim::x86 {
namespace {

class X86Model final : public IArchModel {
 public:
  std::string name() const override { return "x86"; }
  std::string description() const override {
    return "x86-64, TSO: FIFO store buffer with forwarding, in-order loads, MFENCE and LOCK'd "
           "RMWs drain the store buffer";
  }
  std::vector<std::string> headers() const override { return {"X86", "X86_64"}; }
  const IInstructionParser* parser(const std::string& header) const override {
    if (header == "X86") return &intel_;
    if (header == "X86_64") return &att_;
    return nullptr;
  }
  const PrimitiveTable& primitives() const override { return x86::primitives(); }
  const IOrderingPolicy& ordering() const override { return ordering_; }
  std::unique_ptr<IStorage> make_storage(std::size_t, const Params&) const override {
    return std::make_unique<FlatStorage>();
  }

 private:
  X86Isa intel_{X86Isa::Dialect::Intel};
  X86Isa att_{X86Isa::Dialect::Att};
  X86Ordering ordering_;
};

}  // namespace

std::unique_ptr<IArchModel> make_model() { return std::make_unique<X86Model>(); }

}  // namespace mmsim::x86
