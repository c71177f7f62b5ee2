// JS objects to libvirt typed parameters. The JS side cannot say whether 5 is an int, a
// uint or an unsigned long long, so setters learn each field's type from libvirt first
// (as libvirt-python does) and migration uses libvirt's documented types.
#pragma once

#include "core.h"

namespace vd {

struct Scalar {
  enum class T { Num, Big, Str, Bool, StrList } t = T::Num;
  std::string field;
  double n = 0;
  int64_t i64 = 0;
  uint64_t u64 = 0;
  bool i64ok = false, u64ok = false;
  std::string s;
  std::vector<std::string> list;
  bool b = false;
};

// THREAD: JS. Reads { field: value } into scalars; throws TypeError on other value kinds.
std::vector<Scalar> ArgParams(const Napi::CallbackInfo& info, size_t i, const char* name);

// THREAD: worker. Owns a typed parameter list built from scalars.
class ParamList {
 public:
  ParamList() = default;
  ~ParamList() { virTypedParamsFree(params_, n_); }
  ParamList(const ParamList&) = delete;
  ParamList& operator=(const ParamList&) = delete;
  // Adds s as the given VIR_TYPED_PARAM_* type; throws LvError on a mismatch.
  void Add(const Scalar& s, int type, const char* call);
  virTypedParameterPtr params() { return params_; }
  int size() const { return n_; }

 private:
  virTypedParameterPtr params_ = nullptr;
  int n_ = 0;
  int max_ = 0;
};

// Builds a list from scalars, taking each field's type from `known` (libvirt's current
// values); an unknown field is an error naming it.
void BuildLike(ParamList& out, const std::vector<Scalar>& in, virTypedParameterPtr known, int nknown,
               const char* call);

}  // namespace vd
