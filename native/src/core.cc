#include "core.h"

#include <pthread.h>

#include <cmath>
#include <cstring>

namespace vd {

const char* KindName(Kind k) {
  switch (k) {
    case Kind::Connect: return "Connection";
    case Kind::Domain: return "Domain";
    case Kind::Network: return "Network";
    case Kind::StoragePool: return "StoragePool";
    case Kind::StorageVol: return "StorageVolume";
    case Kind::NodeDevice: return "NodeDevice";
    case Kind::Interface: return "Interface";
    case Kind::Snapshot: return "DomainSnapshot";
    case Kind::Stream: return "Stream";
  }
  return "?";
}

void AddRef(Kind k, void* p) {
  switch (k) {
    case Kind::Connect: virConnectRef(static_cast<virConnectPtr>(p)); break;
    case Kind::Domain: virDomainRef(static_cast<virDomainPtr>(p)); break;
    case Kind::Network: virNetworkRef(static_cast<virNetworkPtr>(p)); break;
    case Kind::StoragePool: virStoragePoolRef(static_cast<virStoragePoolPtr>(p)); break;
    case Kind::StorageVol: virStorageVolRef(static_cast<virStorageVolPtr>(p)); break;
    case Kind::NodeDevice: virNodeDeviceRef(static_cast<virNodeDevicePtr>(p)); break;
    case Kind::Interface: virInterfaceRef(static_cast<virInterfacePtr>(p)); break;
    case Kind::Snapshot: virDomainSnapshotRef(static_cast<virDomainSnapshotPtr>(p)); break;
    case Kind::Stream: virStreamRef(static_cast<virStreamPtr>(p)); break;
  }
}

void FreeRef(Kind k, void* p) {
  if (!p) return;
  switch (k) {
    case Kind::Connect: virConnectClose(static_cast<virConnectPtr>(p)); break;
    case Kind::Domain: virDomainFree(static_cast<virDomainPtr>(p)); break;
    case Kind::Network: virNetworkFree(static_cast<virNetworkPtr>(p)); break;
    case Kind::StoragePool: virStoragePoolFree(static_cast<virStoragePoolPtr>(p)); break;
    case Kind::StorageVol: virStorageVolFree(static_cast<virStorageVolPtr>(p)); break;
    case Kind::NodeDevice: virNodeDeviceFree(static_cast<virNodeDevicePtr>(p)); break;
    case Kind::Interface: virInterfaceFree(static_cast<virInterfacePtr>(p)); break;
    case Kind::Snapshot: virDomainSnapshotFree(static_cast<virDomainSnapshotPtr>(p)); break;
    case Kind::Stream: virStreamFree(static_cast<virStreamPtr>(p)); break;
  }
}

Value::~Value() {
  if (t == T::Handle && hptr) FreeRef(hkind, hptr);
  for (virDomainPtr d : doms) virDomainFree(d);
}

Value& Value::operator=(Value&& o) noexcept {
  if (this == &o) return *this;
  if (t == T::Handle && hptr) FreeRef(hkind, hptr);
  for (virDomainPtr d : doms) virDomainFree(d);
  doms = std::move(o.doms);
  o.doms.clear();
  t = o.t;
  b = o.b;
  n = o.n;
  i64 = o.i64;
  u64 = o.u64;
  s = std::move(o.s);
  keys = std::move(o.keys);
  items = std::move(o.items);
  buf = std::move(o.buf);
  elem = o.elem;
  hkind = o.hkind;
  hptr = o.hptr;
  o.hptr = nullptr;
  o.t = T::Undef;
  return *this;
}

// ---------------------------------------------------------------- errors

LvError LastError(const char* call) {
  LvError e;
  e.call = call;
  virErrorPtr err = virGetLastError();
  if (!err) {
    e.message = std::string(call) + " failed without an error from libvirt";
    return e;
  }
  e.code = err->code;
  e.domain = err->domain;
  e.level = err->level;
  e.message = err->message ? err->message : "unknown libvirt error";
  if (err->str1) e.str1 = err->str1;
  if (err->str2) e.str2 = err->str2;
  if (err->str3) e.str3 = err->str3;
  e.int1 = err->int1;
  e.int2 = err->int2;
  virResetLastError();
  return e;
}

void ThrowLastError(const char* call) { throw LastError(call); }

void ThrowBindingError(const char* call, const std::string& message) {
  LvError e;
  e.call = call;
  e.code = VIR_ERR_INVALID_CONN;
  e.message = message;
  throw e;
}

Napi::Error MakeError(Napi::Env env, const LvError& e) {
  AddonData* a = Addon(env);
  Napi::Object info = Napi::Object::New(env);
  info.Set("message", e.message);
  info.Set("call", e.call);
  info.Set("code", e.code);
  info.Set("domain", e.domain);
  info.Set("level", e.level);
  if (e.str1) info.Set("str1", *e.str1);
  if (e.str2) info.Set("str2", *e.str2);
  if (e.str3) info.Set("str3", *e.str3);
  info.Set("int1", e.int1);
  info.Set("int2", e.int2);
  if (a && !a->errorClass.IsEmpty()) {
    Napi::Object err = a->errorClass.New({info});
    return Napi::Error(env, err);
  }
  Napi::Error err = Napi::Error::New(env, e.message);
  err.Value().Set("name", "LibvirtError");
  for (const char* k : {"call", "code", "domain", "level"}) err.Value().Set(k, info.Get(k));
  return err;
}

// ---------------------------------------------------------------- lanes

Lane::Lane(std::string name) : sh_(std::make_shared<Shared>()) {
  std::thread([sh = sh_, name = std::move(name)]() {
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lk(sh->mu);
        sh->cv.wait(lk, [&] { return sh->stop || !sh->q.empty(); });
        if (sh->q.empty()) return;  // stopped and drained
        job = std::move(sh->q.front());
        sh->q.pop_front();
      }
      job();
      // The job's captures (libvirt references) are released here, on this thread.
      job = nullptr;
    }
  }).detach();
}

void Lane::Push(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lk(sh_->mu);
    sh_->q.push_back(std::move(job));
  }
  sh_->cv.notify_one();
}

void Lane::Stop() {
  {
    std::lock_guard<std::mutex> lk(sh_->mu);
    sh_->stop = true;
  }
  sh_->cv.notify_one();
}

ConnState::ConnState(AddonData* a)
    : addon(a), key(a->nextKey.fetch_add(1)), fast("virt-conn-" + std::to_string(key)) {}

ConnState::~ConnState() {
  fast.Stop();
  if (slow) slow->Stop();
  if (conn) virConnectClose(conn);
}

Lane& ConnState::SlowLane() {
  std::lock_guard<std::mutex> lk(slowMu);
  if (!slow) slow = std::make_unique<Lane>("virt-slow-" + std::to_string(key));
  return *slow;
}

// ---------------------------------------------------------------- JS-thread posting

namespace {
using Task = std::function<void(Napi::Env)>;
void CallTask(Napi::Env env, Napi::Function, std::nullptr_t*, Task* task) {
  // Nothing may escape: this runs inside a C callback of Node, where an exception aborts.
  if (env != nullptr && task) {
    try {
      (*task)(env);
    } catch (const Napi::Error& e) {
      try {
        e.ThrowAsJavaScriptException();  // a throwing user callback: surfaces as uncaught
      } catch (...) {
        // the environment is shutting down: there is nobody left to tell
      }
    } catch (...) {
    }
  }
  delete task;
}
using Tsfn = Napi::TypedThreadSafeFunction<std::nullptr_t, Task, CallTask>;
std::mutex gPostMu;  // guards tsfn use against env teardown
}  // namespace

struct TsfnBox {
  Tsfn fn;
  bool alive = true;
};

AddonData::AddonData(Napi::Env e) : env(e) {
  auto noop = Napi::Function::New(e, [](const Napi::CallbackInfo&) {});
  auto* box = new TsfnBox{Tsfn::New(e, noop, "virtdeck-native", 0, 1), true};
  box->fn.Unref(e);
  tsfnBox_ = box;
}

AddonData::~AddonData() = default;

void AddonData::Teardown() {
  std::lock_guard<std::mutex> lk(gPostMu);
  if (!tsfnBox_->alive) return;
  tsfnBox_->alive = false;
  tsfnBox_->fn.Abort();
}

bool AddonData::Post(std::function<void(Napi::Env)> task) {
  std::lock_guard<std::mutex> lk(gPostMu);
  if (!tsfnBox_->alive) return false;
  auto* t = new Task(std::move(task));
  if (tsfnBox_->fn.NonBlockingCall(t) != napi_ok) {
    delete t;
    return false;
  }
  return true;
}

void AddonData::PostEvent(std::function<void(Napi::Env)> task) {
  // Beyond this many undelivered events JS is not keeping up; dropping is safe because
  // events only mean "re-read", and the count tells JS to resynchronise.
  constexpr int64_t kMaxQueued = 100000;
  if (queuedEvents.load() >= kMaxQueued) {
    droppedEvents.fetch_add(1);
    return;
  }
  queuedEvents.fetch_add(1);
  Post([this, task = std::move(task)](Napi::Env env) {
    queuedEvents.fetch_sub(1);
    task(env);
  });
}

void AddonData::Hold() {
  if (holds_++ == 0) tsfnBox_->fn.Ref(env);
}

void AddonData::Release() {
  if (--holds_ == 0) tsfnBox_->fn.Unref(env);
}

// ---------------------------------------------------------------- handles and values

static void FinalizeHandle(Napi::Env, HandleData* h) {
  void* ptr = nullptr;
  std::shared_ptr<ConnState> cs = h->conn;
  bool closeConn = false;
  {
    std::lock_guard<std::mutex> lk(cs->mu);
    cs->children.erase(h);
    if (h->kind == Kind::Connect) {
      closeConn = !cs->closed;
      cs->closed = true;
    } else {
      ptr = h->ptr;
      h->ptr = nullptr;
    }
  }
  if (closeConn) {
    // A Connection dropped without close(): close it on its own thread, never here.
    cs->fast.Push([cs]() { ReleaseConnection(*cs); });
  }
  if (h->kind == Kind::Stream && h->stream && ptr) {
    // Streams need an abort before the last reference goes; that may talk to the server.
    if (DropStreamHold(*h->stream)) cs->addon->Release();
    cs->fast.Push([ptr, ss = h->stream]() {
      ShutStream(ss);
      virStreamAbort(static_cast<virStreamPtr>(ptr));
      virResetLastError();
      virStreamFree(static_cast<virStreamPtr>(ptr));
    });
    ptr = nullptr;
  }
  FreeRef(h->kind, ptr);
  delete h;
}

Napi::Value MakeHandle(Napi::Env env, Kind kind, void* ptr, const std::shared_ptr<ConnState>& conn,
                       std::shared_ptr<StreamState> stream) {
  if (kind == Kind::Stream && !stream && ptr) stream = NewStreamState(conn->addon, ptr, conn);
  auto* h = new HandleData{kind, ptr, conn, std::move(stream)};
  {
    std::lock_guard<std::mutex> lk(conn->mu);
    if (conn->closed && kind != Kind::Connect) {
      // The connection closed while this result was on its way: hand out a released handle.
      FreeRef(kind, h->ptr);
      h->ptr = nullptr;
    } else {
      conn->children.insert(h);
    }
  }
  return Napi::External<HandleData>::New(env, h, FinalizeHandle);
}

Napi::Value ToJs(Napi::Env env, Value& v, const std::shared_ptr<ConnState>& conn) {
  switch (v.t) {
    case Value::T::Undef: return env.Undefined();
    case Value::T::Null: return env.Null();
    case Value::T::Bool: return Napi::Boolean::New(env, v.b);
    case Value::T::Num: return Napi::Number::New(env, v.n);
    case Value::T::I64: return Napi::BigInt::New(env, v.i64);
    case Value::T::U64: return Napi::BigInt::New(env, v.u64);
    case Value::T::Str: return Napi::String::New(env, v.s);
    case Value::T::Buf: return Napi::Buffer<uint8_t>::Copy(env, v.buf.data(), v.buf.size());
    case Value::T::Arr: {
      Napi::Array a = Napi::Array::New(env, v.items.size());
      for (size_t i = 0; i < v.items.size(); i++) a.Set(static_cast<uint32_t>(i), ToJs(env, v.items[i], conn));
      return a;
    }
    case Value::T::Obj: {
      Napi::Object o = Napi::Object::New(env);
      for (size_t i = 0; i < v.items.size(); i++) o.Set(v.keys[i], ToJs(env, v.items[i], conn));
      return o;
    }
    case Value::T::Typed: {
      auto ab = Napi::ArrayBuffer::New(env, v.buf.size());
      if (!v.buf.empty()) memcpy(ab.Data(), v.buf.data(), v.buf.size());
      switch (v.elem) {
        case Value::Elem::U8: return Napi::Uint8Array::New(env, v.buf.size(), ab, 0);
        case Value::Elem::U32: return Napi::Uint32Array::New(env, v.buf.size() / 4, ab, 0);
        case Value::Elem::F64: return Napi::Float64Array::New(env, v.buf.size() / 8, ab, 0);
        case Value::Elem::U64: return Napi::TypedArrayOf<uint64_t>::New(env, v.buf.size() / 8, ab, 0, napi_biguint64_array);
        case Value::Elem::I64: return Napi::TypedArrayOf<int64_t>::New(env, v.buf.size() / 8, ab, 0, napi_bigint64_array);
      }
      return env.Undefined();
    }
    case Value::T::DomainBatch: {
      auto* b = new DomainBatch{std::move(v.doms), conn};
      v.doms.clear();
      {
        std::lock_guard<std::mutex> lk(conn->mu);
        if (conn->closed) {
          for (virDomainPtr d : b->doms) virDomainFree(d);
          b->doms.clear();
        } else {
          conn->batches.insert(b);
        }
      }
      return Napi::External<DomainBatch>::New(env, b, [](Napi::Env, DomainBatch* b) {
        std::vector<virDomainPtr> doms;
        {
          std::lock_guard<std::mutex> lk(b->conn->mu);
          b->conn->batches.erase(b);
          doms.swap(b->doms);
        }
        for (virDomainPtr d : doms) virDomainFree(d);
        delete b;
      });
    }
    case Value::T::Handle: {
      void* p = v.hptr;
      v.hptr = nullptr;  // ownership moves to the JS handle
      return MakeHandle(env, v.hkind, p, conn);
    }
  }
  return env.Undefined();
}

// ---------------------------------------------------------------- arguments

static HandleData* ExternalOf(const Napi::CallbackInfo& info, size_t i) {
  if (i >= info.Length() || !info[i].IsExternal()) return nullptr;
  return info[i].As<Napi::External<HandleData>>().Data();
}

HandleData* ArgHandle(const Napi::CallbackInfo& info, size_t i, Kind kind, const char* name) {
  HandleData* h = ExternalOf(info, i);
  if (!h || h->kind != kind) {
    throw Napi::TypeError::New(info.Env(), std::string("argument '") + name + "' must be a " + KindName(kind));
  }
  return h;
}

std::shared_ptr<ConnState> ArgConn(const Napi::CallbackInfo& info, size_t i, const char* name) {
  return ArgHandle(info, i, Kind::Connect, name)->conn;
}

static std::string ClosedMessage(Kind kind) {
  return std::string("this ") + KindName(kind) + " belongs to a closed connection";
}

RefP TakeRef(const Napi::CallbackInfo& info, size_t i, Kind kind, const char* name, const char* call) {
  HandleData* h = ArgHandle(info, i, kind, name);
  std::lock_guard<std::mutex> lk(h->conn->mu);
  if (h->conn->closed || !h->ptr) {
    LvError e;
    e.call = call;
    e.code = VIR_ERR_INVALID_CONN;
    e.message = ClosedMessage(kind);
    throw e;
  }
  return std::make_shared<Ref>(kind, h->ptr);
}

static Napi::TypeError ArgError(const Napi::CallbackInfo& info, const char* name, const char* what) {
  return Napi::TypeError::New(info.Env(), std::string("argument '") + name + "' must be " + what);
}

std::string ArgString(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (i >= info.Length() || !info[i].IsString()) throw ArgError(info, name, "a string");
  std::string s = info[i].As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos) throw ArgError(info, name, "a string without NUL characters");
  return s;
}

std::optional<std::string> ArgOptString(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (i >= info.Length() || info[i].IsUndefined() || info[i].IsNull()) return std::nullopt;
  return ArgString(info, i, name);
}

static double ArgNumber(const Napi::CallbackInfo& info, size_t i, const char* name, double lo, double hi,
                        const char* what) {
  if (i >= info.Length()) throw ArgError(info, name, what);
  double d;
  if (info[i].IsNumber()) {
    d = info[i].As<Napi::Number>().DoubleValue();
  } else if (info[i].IsBigInt()) {
    bool lossless = false;
    d = static_cast<double>(info[i].As<Napi::BigInt>().Int64Value(&lossless));
    if (!lossless) throw ArgError(info, name, what);
  } else {
    throw ArgError(info, name, what);
  }
  if (!std::isfinite(d) || std::floor(d) != d || d < lo || d > hi) throw ArgError(info, name, what);
  return d;
}

unsigned int ArgFlags(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (i >= info.Length() || info[i].IsUndefined()) return 0;
  return static_cast<unsigned int>(ArgNumber(info, i, name, 0, 4294967295.0, "an unsigned 32-bit integer"));
}

int ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name) {
  return static_cast<int>(ArgNumber(info, i, name, -2147483648.0, 2147483647.0, "a 32-bit integer"));
}

unsigned int ArgUint(const Napi::CallbackInfo& info, size_t i, const char* name) {
  return static_cast<unsigned int>(ArgNumber(info, i, name, 0, 4294967295.0, "an unsigned 32-bit integer"));
}

uint64_t ArgU64(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (i < info.Length() && info[i].IsBigInt()) {
    bool lossless = false;
    uint64_t v = info[i].As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) throw ArgError(info, name, "an unsigned 64-bit integer");
    return v;
  }
  return static_cast<uint64_t>(ArgNumber(info, i, name, 0, 9007199254740991.0, "an unsigned 64-bit integer"));
}

bool ArgBool(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (i >= info.Length() || !info[i].IsBoolean()) throw ArgError(info, name, "a boolean");
  return info[i].As<Napi::Boolean>().Value();
}

std::vector<uint8_t> ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (i >= info.Length() || !info[i].IsTypedArray()) throw ArgError(info, name, "a Buffer or Uint8Array");
  auto ta = info[i].As<Napi::TypedArray>();
  auto* base = static_cast<uint8_t*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
  return std::vector<uint8_t>(base, base + ta.ByteLength());
}

// ---------------------------------------------------------------- jobs

Napi::Value Submit(Napi::Env env, const std::shared_ptr<ConnState>& cs, const char* call, Work work, LaneKind lane) {
  auto deferred = Napi::Promise::Deferred::New(env);
  AddonData* addon = cs->addon;
  addon->Hold();
  auto job = [cs, call, addon, deferred, work = std::move(work)]() mutable {
    // THREAD: worker
    auto out = std::make_shared<Value>();
    auto err = std::make_shared<std::optional<LvError>>();
    try {
      *out = work();
    } catch (const LvError& e) {
      *err = e;
    } catch (const std::exception& e) {
      LvError le;
      le.call = call;
      le.message = e.what();
      *err = le;
    }
    work = nullptr;  // release job-long references on this thread
    addon->Post([cs, addon, deferred, out, err](Napi::Env env) {
      // THREAD: JS
      addon->Release();
      Napi::HandleScope scope(env);
      if (*err) {
        deferred.Reject(MakeError(env, **err).Value());
      } else {
        deferred.Resolve(ToJs(env, *out, cs));
      }
    });
  };
  if (lane == LaneKind::Slow) {
    cs->SlowLane().Push(std::move(job));
  } else {
    cs->fast.Push(std::move(job));
  }
  return deferred.Promise();
}

}  // namespace vd

namespace vd {

RefP TakeConnRef(const Napi::CallbackInfo& info, size_t i, const char* call) {
  HandleData* h = ArgHandle(info, i, Kind::Connect, i == 0 ? "conn" : "dconn");
  std::lock_guard<std::mutex> lk(h->conn->mu);
  if (h->conn->closed || !h->conn->conn) {
    LvError e;
    e.call = call;
    e.code = VIR_ERR_INVALID_CONN;
    e.message = "the connection is closed";
    throw e;
  }
  return std::make_shared<Ref>(Kind::Connect, h->conn->conn);
}

HandleData* LiveHandle(const Napi::CallbackInfo& info, size_t i, Kind kind, const char* name, const char* call) {
  HandleData* h = ArgHandle(info, i, kind, name);
  if (!h->ptr) {
    LvError e;
    e.call = call;
    e.code = VIR_ERR_INVALID_CONN;
    e.message = ClosedMessage(kind);
    throw MakeError(info.Env(), e);
  }
  return h;
}

Value OwnedStr(char* s, const char* call) {
  if (!s) ThrowLastError(call);
  Value v = Value::Str(s);
  free(s);
  return v;
}

Value ParamsToValue(virTypedParameterPtr params, int n) {
  Value o = Value::Obj();
  for (int i = 0; i < n; i++) {
    const virTypedParameter& p = params[i];
    switch (p.type) {
      case VIR_TYPED_PARAM_INT: o.Set(p.field, Value::Num(p.value.i)); break;
      case VIR_TYPED_PARAM_UINT: o.Set(p.field, Value::Num(p.value.ui)); break;
      case VIR_TYPED_PARAM_LLONG: o.Set(p.field, Value::I64(p.value.l)); break;
      case VIR_TYPED_PARAM_ULLONG: o.Set(p.field, Value::U64(p.value.ul)); break;
      case VIR_TYPED_PARAM_DOUBLE: o.Set(p.field, Value::Num(p.value.d)); break;
      case VIR_TYPED_PARAM_BOOLEAN: o.Set(p.field, Value::Bool(p.value.b != 0)); break;
      case VIR_TYPED_PARAM_STRING: o.Set(p.field, Value::StrOrNull(p.value.s)); break;
      default: break;
    }
  }
  return o;
}

void Export(Napi::Env env, Napi::Object exports, const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&)) {
  exports.Set(name, Napi::Function::New(
                        env,
                        [fn](const Napi::CallbackInfo& info) -> Napi::Value {
                          try {
                            return fn(info);
                          } catch (const LvError& e) {
                            // A closed connection or released object: reject, as any libvirt failure would.
                            auto d = Napi::Promise::Deferred::New(info.Env());
                            d.Reject(MakeError(info.Env(), e).Value());
                            return d.Promise();
                          }
                        },
                        name));
}

}  // namespace vd
