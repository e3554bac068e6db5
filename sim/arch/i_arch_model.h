// Contract for an architecture bundle (models/<arch>/<arch>_model): everything the generic
// engine needs to know about one arch, as facts and objects, never as an arch-name branch.
// - name(): the --arch spelling ("x86"); headers(): the litmus header tokens it parses
//   ("X86", "X86_64").
// - parser(header): the asm parser for that dialect (nullptr if not one of headers()).
// - primitives(): the C primitive lowering table.
// - ordering(): the ordering policy shared by all cores (stateless).
// - make_storage(cpus, params): the value side of memory for `cpus` cores (multi-copy-atomic
//   or propagating, timed by the arch's own parameters and timing.mode).
// - declare_params(): the arch's own parameters, if any.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "sim/arch/i_instruction_parser.h"
#include "sim/arch/primitive_table.h"
#include "sim/base/params.h"
#include "sim/cpu/i_ordering_policy.h"
#include "sim/mem/i_storage.h"

namespace mmsim {

class IArchModel {
 public:
  virtual ~IArchModel() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  virtual std::vector<std::string> headers() const = 0;
  virtual const IInstructionParser* parser(const std::string& header) const = 0;
  virtual const PrimitiveTable& primitives() const = 0;
  virtual const IOrderingPolicy& ordering() const = 0;
  virtual std::unique_ptr<IStorage> make_storage(std::size_t cpus,
                                                         const Params& params) const = 0;
  virtual void declare_params(Params&) const {}
};

// The archs a program knows, added explicitly by the application (no static registration).
class ArchRegistry {
 public:
  void add(std::unique_ptr<IArchModel> m) { models_.push_back(std::move(m)); }
  const IArchModel* find(const std::string& name) const {
    for (const auto& m : models_)
      if (m->name() == name) return m.get();
    return nullptr;
  }
  const IArchModel* for_header(const std::string& header) const {
    for (const auto& m : models_)
      for (const auto& h : m->headers())
        if (h == header) return m.get();
    return nullptr;
  }
  const std::vector<std::unique_ptr<IArchModel>>& all() const { return models_; }

 private:
  std::vector<std::unique_ptr<IArchModel>> models_;
};

}  // namespace mmsim
