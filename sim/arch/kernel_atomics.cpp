#include "sim/arch/kernel_atomics.h"

#include <stdexcept>

namespace mmsim {
namespace {

struct Suffix {
  const char* text;
  AtomicOrder order;
};
constexpr Suffix kSuffixes[] = {{"", AtomicOrder::Full},
                                {"_relaxed", AtomicOrder::Relaxed},
                                {"_acquire", AtomicOrder::Acquire},
                                {"_release", AtomicOrder::Release}};

struct Op {
  const char* name;
  RmwOp rmw;
};
constexpr Op kFetchOps[] = {{"add", RmwOp::FetchAdd}, {"sub", RmwOp::FetchSub},
                            {"and", RmwOp::FetchAnd}, {"or", RmwOp::FetchOr},
                            {"xor", RmwOp::FetchXor}, {"andnot", RmwOp::FetchAndNot}};

class Builder {
 public:
  Builder(PrimitiveTable& t, const AtomicLowering& lower) : t_(t), lower_(lower) {}

  // An RMW entry: `value_first` for atomic_op(i, v), `fixed` for inc/dec (operand 1).
  void rmw(const std::string& name, PrimShape shape, RmwOp op, AtomicOrder order,
           PrimResult result, bool value_first, bool fixed, const std::string& derivation) {
    if (find_primitive(t_, name)) return;
    Primitive p;
    p.name = name;
    p.shape = shape;
    p.order = value_first ? ArgOrder::ValueFirst : ArgOrder::PtrFirst;
    p.uops = lower_.uops(op, order);
    p.fixed_operand = fixed;
    p.operand = 1;
    p.result = result;
    p.doc = lower_.doc(op, order) + (derivation.empty() ? "" : "; " + derivation);
    t_.push_back(std::move(p));
  }

  // atomic_read(v) is READ_ONCE(v->counter): the same access without the `*`.
  void alias(const std::string& name, const std::string& of) {
    if (find_primitive(t_, name)) return;
    const Primitive* base = find_primitive(t_, of);
    if (!base) throw std::logic_error("primitive table: " + name + " needs " + of);
    Primitive p = *base;
    p.name = name;
    p.deref_arg = false;
    p.doc = of + "(&v->counter): " + base->doc;
    t_.push_back(std::move(p));
  }

 private:
  PrimitiveTable& t_;
  const AtomicLowering& lower_;
};

}  // namespace

void add_atomic_api(PrimitiveTable& table, const AtomicLowering& lower) {
  Builder b(table, lower);
  b.alias("atomic_read", "READ_ONCE");
  b.alias("atomic_set", "WRITE_ONCE");
  b.alias("atomic_read_acquire", "smp_load_acquire");
  b.alias("atomic_set_release", "smp_store_release");
  const PrimResult kOld = PrimResult::Old;
  for (const Op& op : kFetchOps)
    b.rmw(std::string("atomic_") + op.name, PrimShape::RmwNoRet, op.rmw, AtomicOrder::NoReturn,
          kOld, true, false, "");
  b.rmw("atomic_inc", PrimShape::RmwNoRet, RmwOp::FetchAdd, AtomicOrder::NoReturn, kOld, true,
        true, "atomic_add(1, v)");
  b.rmw("atomic_dec", PrimShape::RmwNoRet, RmwOp::FetchSub, AtomicOrder::NoReturn, kOld, true,
        true, "atomic_sub(1, v)");
  for (const Suffix& s : kSuffixes) {
    const std::string sfx = s.text;
    for (const Op& op : kFetchOps)
      b.rmw(std::string("atomic_fetch_") + op.name + sfx, PrimShape::Rmw, op.rmw, s.order, kOld,
            true, false, "");
    b.rmw("atomic_fetch_inc" + sfx, PrimShape::Rmw, RmwOp::FetchAdd, s.order, kOld, true, true,
          "atomic_fetch_add" + sfx + "(1, v)");
    b.rmw("atomic_fetch_dec" + sfx, PrimShape::Rmw, RmwOp::FetchSub, s.order, kOld, true, true,
          "atomic_fetch_sub" + sfx + "(1, v)");
    b.rmw("atomic_add_return" + sfx, PrimShape::Rmw, RmwOp::FetchAdd, s.order, PrimResult::New,
          true, false, "the value read plus i");
    b.rmw("atomic_sub_return" + sfx, PrimShape::Rmw, RmwOp::FetchSub, s.order, PrimResult::New,
          true, false, "the value read minus i");
    b.rmw("atomic_inc_return" + sfx, PrimShape::Rmw, RmwOp::FetchAdd, s.order, PrimResult::New,
          true, true, "atomic_add_return" + sfx + "(1, v)");
    b.rmw("atomic_dec_return" + sfx, PrimShape::Rmw, RmwOp::FetchSub, s.order, PrimResult::New,
          true, true, "atomic_sub_return" + sfx + "(1, v)");
    b.rmw("atomic_add_negative" + sfx, PrimShape::Rmw, RmwOp::FetchAdd, s.order,
          PrimResult::NewIsNegative, true, false, "atomic_add_return" + sfx + "(i, v) < 0");
    b.rmw("atomic_xchg" + sfx, PrimShape::Rmw, RmwOp::Xchg, s.order, kOld, false, false, "");
    b.rmw("atomic_cmpxchg" + sfx, PrimShape::CmpXchg, RmwOp::CmpXchg, s.order, kOld, false,
          false, "");
  }
  b.rmw("atomic_sub_and_test", PrimShape::Rmw, RmwOp::FetchSub, AtomicOrder::Full,
        PrimResult::NewIsZero, true, false, "atomic_sub_return(i, v) == 0");
  b.rmw("atomic_dec_and_test", PrimShape::Rmw, RmwOp::FetchSub, AtomicOrder::Full,
        PrimResult::NewIsZero, true, true, "atomic_dec_return(v) == 0");
  b.rmw("atomic_inc_and_test", PrimShape::Rmw, RmwOp::FetchAdd, AtomicOrder::Full,
        PrimResult::NewIsZero, true, true, "atomic_inc_return(v) == 0");
  // The kernel's fallback loops on atomic_try_cmpxchg() until it adds or reads `u`; a read of
  // `u` ends it with no write. Modelled as one fully ordered RMW that writes back what it read
  // when it does not add: the same values, and at least the kernel's ordering.
  b.rmw("atomic_add_unless", PrimShape::CmpXchg, RmwOp::AddUnless, AtomicOrder::Full,
        PrimResult::Changed, false, false,
        "atomic_fetch_add_unless(v, a, u) != u (include/linux/atomic/atomic-arch-fallback.h)");
  b.rmw("atomic_fetch_add_unless", PrimShape::CmpXchg, RmwOp::AddUnless, AtomicOrder::Full,
        kOld, false, false,
        "atomic_try_cmpxchg() loop (include/linux/atomic/atomic-arch-fallback.h)");
}

}  // namespace mmsim
