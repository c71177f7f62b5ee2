// Shared machinery of the binding: plain values that cross from worker threads to JS,
// libvirt object handles, per-connection job lanes, and posting work to the JS thread.
#pragma once

#include <napi.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <atomic>
#include <cstring>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace vd {

enum class Kind : uint8_t {
  Connect,
  Domain,
  Network,
  StoragePool,
  StorageVol,
  NodeDevice,
  Interface,
  Snapshot,
  Stream,
};

const char* KindName(Kind k);
void AddRef(Kind k, void* p);
void FreeRef(Kind k, void* p);

// A tree of plain data built on a worker thread and turned into JS on the JS thread.
// Worker threads must not touch napi, so every result travels in this form.
struct Value {
  enum class T : uint8_t { Undef, Null, Bool, Num, I64, U64, Str, Arr, Obj, Buf, Handle, Typed, DomainBatch };
  // Typed: `buf` holds the bytes of a typed array of this element kind (copied into JS).
  enum class Elem : uint8_t { U8, U32, F64, U64, I64 };
  Elem elem = Elem::U8;
  T t = T::Undef;
  bool b = false;
  double n = 0;
  int64_t i64 = 0;
  uint64_t u64 = 0;
  std::string s;
  std::vector<std::string> keys;  // Obj: keys[i] names items[i]
  std::vector<Value> items;       // Arr and Obj
  std::vector<uint8_t> buf;
  Kind hkind = Kind::Domain;      // Handle: a libvirt object whose reference this value owns
  void* hptr = nullptr;
  std::vector<virDomainPtr> doms;  // DomainBatch: one owned reference each

  Value() = default;
  // Moves must hand over the owned reference (a defaulted move would copy the pointer).
  Value(Value&& o) noexcept { *this = std::move(o); }
  Value& operator=(Value&& o) noexcept;
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;
  ~Value();

  static Value Null() { Value v; v.t = T::Null; return v; }
  static Value Bool(bool x) { Value v; v.t = T::Bool; v.b = x; return v; }
  static Value Num(double x) { Value v; v.t = T::Num; v.n = x; return v; }
  static Value I64(int64_t x) { Value v; v.t = T::I64; v.i64 = x; return v; }
  static Value U64(uint64_t x) { Value v; v.t = T::U64; v.u64 = x; return v; }
  static Value Str(std::string x) { Value v; v.t = T::Str; v.s = std::move(x); return v; }
  static Value StrOrNull(const char* x) { return x ? Str(x) : Null(); }
  static Value Arr() { Value v; v.t = T::Arr; return v; }
  static Value Obj() { Value v; v.t = T::Obj; return v; }
  static Value Handle(Kind k, void* p) { Value v; v.t = T::Handle; v.hkind = k; v.hptr = p; return v; }
  static Value Bytes(std::vector<uint8_t> b) { Value v; v.t = T::Buf; v.buf = std::move(b); return v; }
  template <typename N>
  static Value TypedArray(Elem e, const std::vector<N>& xs) {
    Value v;
    v.t = T::Typed;
    v.elem = e;
    v.buf.resize(xs.size() * sizeof(N));
    if (!xs.empty()) memcpy(v.buf.data(), xs.data(), v.buf.size());
    return v;
  }

  Value& Set(const char* key, Value v) {
    keys.emplace_back(key);
    items.push_back(std::move(v));
    return *this;
  }
  Value& Push(Value v) {
    items.push_back(std::move(v));
    return *this;
  }
};

// Everything libvirt said about a failure, copied on the thread that saw it
// (libvirt's last error is thread-local).
struct LvError {
  std::string call;
  int code = VIR_ERR_INTERNAL_ERROR;
  int domain = 0;
  int level = VIR_ERR_ERROR;
  std::string message;
  std::optional<std::string> str1, str2, str3;
  int int1 = -1, int2 = -1;
};

// Reads libvirt's last error of this thread; throws it as LvError.
[[noreturn]] void ThrowLastError(const char* call);
LvError LastError(const char* call);
// A failure of the binding itself (not libvirt's): closed connection, released object.
[[noreturn]] void ThrowBindingError(const char* call, const std::string& message);

class AddonData;
struct StreamState;
struct TsfnBox;

// A FIFO of jobs served by one detached thread. Ordered per lane, so calls made on one
// connection in order run in order; a second lane keeps long jobs (migration, transfers)
// from holding up short ones.
class Lane {
 public:
  explicit Lane(std::string name);
  void Push(std::function<void()> job);
  // Lets the thread exit once the queue is empty.
  void Stop();

 private:
  struct Shared {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::function<void()>> q;
    bool stop = false;
  };
  std::shared_ptr<Shared> sh_;
};

struct HandleData;
struct DomainBatch;

// One libvirt connection and everything that hangs off it. Shared by every handle of the
// connection, so a child object can outlive its Connection's JS object safely.
struct ConnState {
  explicit ConnState(AddonData* addon);
  ~ConnState();

  AddonData* const addon;
  const uint32_t key;  // names this connection to the JS dispatcher (close callback)
  Lane fast;
  std::unique_ptr<Lane> slow;  // created on first use
  std::mutex slowMu;

  std::mutex mu;  // guards everything below
  virConnectPtr conn = nullptr;
  bool closed = false;  // by close() or by dropping the last JS reference
  std::unordered_set<HandleData*> children;
  std::unordered_set<DomainBatch*> batches;
  std::vector<int> domainCallbacks, networkCallbacks, poolCallbacks;
  bool closeCallbackRegistered = false;

  Lane& SlowLane();
};

// What a JS External of a libvirt object holds.
struct HandleData {
  Kind kind;
  void* ptr;  // one libvirt reference, owned; null once released
  std::shared_ptr<ConnState> conn;
  std::shared_ptr<StreamState> stream;  // streams only
};

// The domains of one bulk stats call, held as references until JS asks for one of them or
// drops the batch: making a JS handle per domain up front would cost more than the call.
struct DomainBatch {
  std::vector<virDomainPtr> doms;  // emptied when the connection closes
  std::shared_ptr<ConnState> conn;
};

// A libvirt reference held for the duration of one job, so a handle garbage-collected
// or released mid-call never leaves the worker with a dangling pointer.
struct Ref {
  Kind kind;
  void* ptr;
  Ref(Kind k, void* p) : kind(k), ptr(p) { AddRef(k, p); }
  ~Ref() { FreeRef(kind, ptr); }
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
};
using RefP = std::shared_ptr<Ref>;

// Per-environment state: the dispatcher function, the error class and the thread-safe
// function through which every other thread reaches JS.
class AddonData {
 public:
  explicit AddonData(Napi::Env env);
  ~AddonData();

  // THREAD: any. Runs task on the JS thread. Returns false when the env is going away.
  bool Post(std::function<void(Napi::Env)> task);
  // THREAD: any. Like Post, but drops the task and counts it when too many events are queued.
  void PostEvent(std::function<void(Napi::Env)> task);
  // THREAD: JS. Keeps Node's loop alive while work whose result JS awaits is in flight.
  void Hold();
  void Release();
  // THREAD: JS, at env teardown. Later Posts are dropped; the object itself is never freed,
  // because detached worker threads may still hold a pointer to it.
  void Teardown();

  Napi::FunctionReference dispatcher;   // (kind, key, payload, extra) => void
  Napi::FunctionReference errorClass;   // LibvirtError constructor from native/lib
  std::atomic<uint64_t> droppedEvents{0};
  std::atomic<int64_t> queuedEvents{0};
  std::atomic<uint32_t> nextKey{1};
  Napi::Env env;

 private:
  struct TsfnBox* tsfnBox_;
  int holds_ = 0;
};

// THREAD: JS. Converting results.
Napi::Value ToJs(Napi::Env env, Value& v, const std::shared_ptr<ConnState>& conn);
Napi::Value MakeHandle(Napi::Env env, Kind kind, void* ptr, const std::shared_ptr<ConnState>& conn,
                       std::shared_ptr<StreamState> stream = nullptr);
Napi::Error MakeError(Napi::Env env, const LvError& e);

// THREAD: JS. Argument readers: each throws a TypeError naming the argument.
HandleData* ArgHandle(const Napi::CallbackInfo& info, size_t i, Kind kind, const char* name);
std::shared_ptr<ConnState> ArgConn(const Napi::CallbackInfo& info, size_t i, const char* name);
// Takes a job-long reference of a live handle; throws (JS) if its connection is closed.
// `call`: the libvirt function the operation would make, named in the error when it cannot.
RefP TakeRef(const Napi::CallbackInfo& info, size_t i, Kind kind, const char* name, const char* call);
// The same for a Connection: a virConnectRef held for the job.
RefP TakeConnRef(const Napi::CallbackInfo& info, size_t i, const char* call);
// THREAD: JS, with h->conn->mu held by the caller. A handle whose object is still referenced,
// for local facts (name, UUID): throws a LibvirtError naming `call` once the connection closed.
HandleData* LiveHandle(const Napi::CallbackInfo& info, size_t i, Kind kind, const char* name, const char* call);
// Owns a string libvirt allocated; throws libvirt's error when it is null.
Value OwnedStr(char* s, const char* call);
// Typed parameters as a plain object: 64-bit integers become BigInt.
Value ParamsToValue(virTypedParameterPtr params, int n);
// Registers fn as exports[name]; LvError thrown while reading arguments becomes a rejection.
void Export(Napi::Env env, Napi::Object exports, const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&));
std::string ArgString(const Napi::CallbackInfo& info, size_t i, const char* name);
std::optional<std::string> ArgOptString(const Napi::CallbackInfo& info, size_t i, const char* name);
unsigned int ArgFlags(const Napi::CallbackInfo& info, size_t i, const char* name = "flags");
int ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name);
unsigned int ArgUint(const Napi::CallbackInfo& info, size_t i, const char* name);
uint64_t ArgU64(const Napi::CallbackInfo& info, size_t i, const char* name);
bool ArgBool(const Napi::CallbackInfo& info, size_t i, const char* name);
std::vector<uint8_t> ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* name);

using Work = std::function<Value()>;
enum class LaneKind { Fast, Slow };

// THREAD: JS. Runs work on the connection's lane and returns a Promise of its Value.
Napi::Value Submit(Napi::Env env, const std::shared_ptr<ConnState>& cs, const char* call, Work work,
                   LaneKind lane = LaneKind::Fast);

AddonData* Addon(Napi::Env env);

// Registration of exported functions, one call per module file.
using Exporter = void (*)(Napi::Env, Napi::Object);
void InitConnect(Napi::Env env, Napi::Object exports);
void InitDomain(Napi::Env env, Napi::Object exports);
void InitNetwork(Napi::Env env, Napi::Object exports);
void InitStorage(Napi::Env env, Napi::Object exports);
void InitMisc(Napi::Env env, Napi::Object exports);
void InitEvents(Napi::Env env, Napi::Object exports);
void InitStreams(Napi::Env env, Napi::Object exports);
void InitProcessTty(Napi::Env env, Napi::Object exports);

// Releases a closed connection's event registrations, streams and child references.
// THREAD: worker (the connection's fast lane).
void ReleaseConnection(ConnState& cs);
void ReleaseStreamsOf(ConnState& cs);
void UnregisterCloseCallback(virConnectPtr c);
void ShutStream(const std::shared_ptr<StreamState>& ss);
// THREAD: JS. Clears the stream's keep-alive hold; true if it had one.
bool DropStreamHold(StreamState& ss);
std::shared_ptr<StreamState> NewStreamState(AddonData* addon, void* st, const std::shared_ptr<ConnState>& conn);

}  // namespace vd

namespace vd {

// Runs f(ptr) on the lane of the connection that owns the handle in argument 0, holding a
// reference to the object for the whole job.
template <typename P, typename F>
Napi::Value ObjCall(const Napi::CallbackInfo& info, Kind kind, const char* argName, const char* call, F f,
                    LaneKind lane = LaneKind::Fast) {
  RefP r = TakeRef(info, 0, kind, argName, call);
  auto cs = ArgHandle(info, 0, kind, argName)->conn;
  return Submit(info.Env(), cs, call, [r, f]() mutable { return f(static_cast<P>(r->ptr)); }, lane);
}

// A list libvirt allocated, each item holding one reference: the references move into the
// returned handles, the array itself is freed.
template <typename T>
Value HandleList(T* items, int n, Kind kind) {
  Value a = Value::Arr();
  for (int i = 0; i < n; i++) a.Push(Value::Handle(kind, items[i]));
  free(items);
  return a;
}

inline Value CheckNum(int rc, const char* call) {
  if (rc < 0) ThrowLastError(call);
  return Value::Num(rc);
}

inline Value CheckBool(int rc, const char* call) {
  if (rc < 0) ThrowLastError(call);
  return Value::Bool(rc != 0);
}

}  // namespace vd
