#include "typed_params.h"

#include <cmath>

namespace vd {

std::vector<Scalar> ArgParams(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Env env = info.Env();
  if (i >= info.Length() || !info[i].IsObject() || info[i].IsArray()) {
    throw Napi::TypeError::New(env, std::string("argument '") + name + "' must be an object of parameters");
  }
  Napi::Object o = info[i].As<Napi::Object>();
  Napi::Array names = o.GetPropertyNames();
  std::vector<Scalar> out;
  for (uint32_t k = 0; k < names.Length(); k++) {
    Scalar s;
    s.field = names.Get(k).ToString().Utf8Value();
    if (s.field.size() >= VIR_TYPED_PARAM_FIELD_LENGTH) {
      throw Napi::TypeError::New(env, "parameter name '" + s.field + "' is too long");
    }
    Napi::Value v = o.Get(s.field);
    if (v.IsNumber()) {
      s.t = Scalar::T::Num;
      s.n = v.As<Napi::Number>().DoubleValue();
    } else if (v.IsBigInt()) {
      s.t = Scalar::T::Big;
      s.i64 = v.As<Napi::BigInt>().Int64Value(&s.i64ok);
      s.u64 = v.As<Napi::BigInt>().Uint64Value(&s.u64ok);
    } else if (v.IsString()) {
      s.t = Scalar::T::Str;
      s.s = v.As<Napi::String>().Utf8Value();
    } else if (v.IsBoolean()) {
      s.t = Scalar::T::Bool;
      s.b = v.As<Napi::Boolean>().Value();
    } else if (v.IsArray()) {
      s.t = Scalar::T::StrList;
      Napi::Array a = v.As<Napi::Array>();
      for (uint32_t j = 0; j < a.Length(); j++) {
        if (!a.Get(j).IsString()) {
          throw Napi::TypeError::New(env, "parameter '" + s.field + "' must be an array of strings");
        }
        s.list.push_back(a.Get(j).As<Napi::String>().Utf8Value());
      }
    } else {
      throw Napi::TypeError::New(env, "parameter '" + s.field + "' must be a number, bigint, string or boolean");
    }
    out.push_back(std::move(s));
  }
  return out;
}

[[noreturn]] static void Mismatch(const Scalar& s, const char* what, const char* call) {
  LvError e;
  e.call = call;
  e.code = VIR_ERR_INVALID_ARG;
  e.message = "parameter '" + s.field + "' must be " + what;
  throw e;
}

static bool IntegralIn(const Scalar& s, double lo, double hi) {
  return s.t == Scalar::T::Num && std::isfinite(s.n) && std::floor(s.n) == s.n && s.n >= lo && s.n <= hi;
}

void ParamList::Add(const Scalar& s, int type, const char* call) {
  const char* f = s.field.c_str();
  int rc = 0;
  switch (type) {
    case VIR_TYPED_PARAM_INT:
      if (!IntegralIn(s, -2147483648.0, 2147483647.0)) Mismatch(s, "a 32-bit integer", call);
      rc = virTypedParamsAddInt(&params_, &n_, &max_, f, static_cast<int>(s.n));
      break;
    case VIR_TYPED_PARAM_UINT:
      if (!IntegralIn(s, 0, 4294967295.0)) Mismatch(s, "an unsigned 32-bit integer", call);
      rc = virTypedParamsAddUInt(&params_, &n_, &max_, f, static_cast<unsigned int>(s.n));
      break;
    case VIR_TYPED_PARAM_LLONG:
      if (s.t == Scalar::T::Big && s.i64ok) {
        rc = virTypedParamsAddLLong(&params_, &n_, &max_, f, s.i64);
      } else if (IntegralIn(s, -9007199254740991.0, 9007199254740991.0)) {
        rc = virTypedParamsAddLLong(&params_, &n_, &max_, f, static_cast<long long>(s.n));
      } else {
        Mismatch(s, "a 64-bit integer", call);
      }
      break;
    case VIR_TYPED_PARAM_ULLONG:
      if (s.t == Scalar::T::Big && s.u64ok) {
        rc = virTypedParamsAddULLong(&params_, &n_, &max_, f, s.u64);
      } else if (IntegralIn(s, 0, 9007199254740991.0)) {
        rc = virTypedParamsAddULLong(&params_, &n_, &max_, f, static_cast<unsigned long long>(s.n));
      } else {
        Mismatch(s, "an unsigned 64-bit integer", call);
      }
      break;
    case VIR_TYPED_PARAM_DOUBLE:
      if (s.t != Scalar::T::Num) Mismatch(s, "a number", call);
      rc = virTypedParamsAddDouble(&params_, &n_, &max_, f, s.n);
      break;
    case VIR_TYPED_PARAM_BOOLEAN:
      if (s.t != Scalar::T::Bool) Mismatch(s, "a boolean", call);
      rc = virTypedParamsAddBoolean(&params_, &n_, &max_, f, s.b ? 1 : 0);
      break;
    case VIR_TYPED_PARAM_STRING:
      if (s.t == Scalar::T::Str) {
        rc = virTypedParamsAddString(&params_, &n_, &max_, f, s.s.c_str());
      } else if (s.t == Scalar::T::StrList) {
        for (const auto& item : s.list) {
          if (rc >= 0) rc = virTypedParamsAddString(&params_, &n_, &max_, f, item.c_str());
        }
      } else {
        Mismatch(s, "a string", call);
      }
      break;
    default:
      Mismatch(s, "of a type this binding knows", call);
  }
  if (rc < 0) ThrowLastError(call);
}

void BuildLike(ParamList& out, const std::vector<Scalar>& in, virTypedParameterPtr known, int nknown,
               const char* call) {
  for (const Scalar& s : in) {
    int type = -1;
    for (int i = 0; i < nknown; i++) {
      if (s.field == known[i].field) {
        type = known[i].type;
        break;
      }
    }
    if (type < 0) {
      LvError e;
      e.call = call;
      e.code = VIR_ERR_INVALID_ARG;
      e.message = "unknown parameter '" + s.field + "'";
      throw e;
    }
    out.Add(s, type, call);
  }
}

}  // namespace vd
