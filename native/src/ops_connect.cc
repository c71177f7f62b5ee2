// Connection-level calls: open/close with auth, host facts, lookups, lists, bulk stats.
#include <future>
#include <unordered_map>

#include "core.h"

namespace vd {
namespace {

// ---------------------------------------------------------------- auth

struct AuthCtx {
  AddonData* addon;
  uint32_t key;
};

using Answers = std::optional<std::vector<std::optional<std::string>>>;

// THREAD: worker (inside virConnectOpenAuth). Asks JS and waits for its answer; only this
// connection's opening thread waits, never the JS thread.
int AuthCallback(virConnectCredentialPtr cred, unsigned int ncred, void* cbdata) {
  auto* ctx = static_cast<AuthCtx*>(cbdata);
  struct Request {
    int type;
    std::string prompt, challenge, defresult;
  };
  std::vector<Request> reqs;
  for (unsigned int i = 0; i < ncred; i++) {
    reqs.push_back({cred[i].type, cred[i].prompt ? cred[i].prompt : "", cred[i].challenge ? cred[i].challenge : "",
                    cred[i].defresult ? cred[i].defresult : ""});
  }
  auto answer = std::make_shared<std::promise<Answers>>();
  auto done = std::make_shared<std::atomic<bool>>(false);
  auto settle = [answer, done](Answers a) {
    if (!done->exchange(true)) answer->set_value(std::move(a));
  };
  std::future<Answers> fut = answer->get_future();
  bool posted = ctx->addon->Post([ctx, reqs, settle](Napi::Env env) {
    // THREAD: JS
    Napi::HandleScope scope(env);
    AddonData* a = ctx->addon;
    if (a->dispatcher.IsEmpty()) return settle(std::nullopt);
    Napi::Array creds = Napi::Array::New(env, reqs.size());
    for (size_t i = 0; i < reqs.size(); i++) {
      Napi::Object o = Napi::Object::New(env);
      o.Set("type", reqs[i].type);
      o.Set("prompt", reqs[i].prompt);
      o.Set("challenge", reqs[i].challenge);
      o.Set("defresult", reqs[i].defresult);
      creds.Set(static_cast<uint32_t>(i), o);
    }
    auto reply = Napi::Function::New(env, [settle](const Napi::CallbackInfo& info) {
      if (info.Length() < 1 || !info[0].IsArray()) return settle(std::nullopt);
      Napi::Array arr = info[0].As<Napi::Array>();
      std::vector<std::optional<std::string>> out;
      for (uint32_t i = 0; i < arr.Length(); i++) {
        Napi::Value v = arr.Get(i);
        if (v.IsString()) {
          out.emplace_back(v.As<Napi::String>().Utf8Value());
        } else {
          out.emplace_back(std::nullopt);
        }
      }
      settle(std::move(out));
    });
    try {
      a->dispatcher.Call({Napi::String::New(env, "auth"), Napi::Number::New(env, ctx->key), creds, reply});
    } catch (const Napi::Error&) {
      settle(std::nullopt);
    }
  });
  if (!posted) return -1;
  Answers got = fut.get();
  if (!got || got->size() < ncred) return -1;
  for (unsigned int i = 0; i < ncred; i++) {
    const auto& a = (*got)[i];
    if (!a) return -1;
    cred[i].result = strdup(a->c_str());
    cred[i].resultlen = static_cast<unsigned int>(a->size());
  }
  return 0;
}

int gCredTypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_CRED_ECHOPROMPT, VIR_CRED_NOECHOPROMPT,
                    VIR_CRED_REALM,    VIR_CRED_USERNAME,   VIR_CRED_CNONCE};

// ---------------------------------------------------------------- close callback

struct CloseCtx {
  AddonData* addon;
  uint32_t key;
};

// THREAD: libvirt-events
void OnClose(virConnectPtr, int reason, void* opaque) {
  auto* ctx = static_cast<CloseCtx*>(opaque);
  uint32_t key = ctx->key;
  AddonData* a = ctx->addon;
  a->PostEvent([a, key, reason](Napi::Env env) {
    if (a->dispatcher.IsEmpty()) return;
    Napi::HandleScope scope(env);
    a->dispatcher.Call({Napi::String::New(env, "close"), Napi::Number::New(env, key), Napi::Number::New(env, reason)});
  });
}

void FreeCloseCtx(void* p) { delete static_cast<CloseCtx*>(p); }

// open(uri, flags, withAuth, keepAliveInterval, keepAliveCount) -> Promise<{ handle, key }>
Napi::Value Open(const Napi::CallbackInfo& info) {
  std::optional<std::string> uri = ArgOptString(info, 0, "uri");
  unsigned int flags = ArgFlags(info, 1);
  bool withAuth = ArgBool(info, 2, "withAuth");
  int kaInterval = ArgInt(info, 3, "keepAliveInterval");
  unsigned int kaCount = ArgUint(info, 4, "keepAliveCount");
  auto cs = std::make_shared<ConnState>(Addon(info.Env()));
  // The JS side is told the key first, so a credential request can find its callback.
  Napi::Object result = Napi::Object::New(info.Env());
  auto promise = Submit(info.Env(), cs, "virConnectOpenAuth", [cs, uri, flags, withAuth, kaInterval, kaCount]() {
    // THREAD: worker
    AuthCtx ctx{cs->addon, cs->key};
    virConnectAuth auth{gCredTypes, sizeof(gCredTypes) / sizeof(gCredTypes[0]), AuthCallback, &ctx};
    virConnectPtr c = virConnectOpenAuth(uri ? uri->c_str() : nullptr, withAuth ? &auth : nullptr, flags);
    if (!c) ThrowLastError("virConnectOpenAuth");
    if (kaInterval > 0 && virConnectSetKeepAlive(c, kaInterval, kaCount) < 0) {
      virResetLastError();  // drivers without keepalive (test://, local non-remote) say no; that is fine
    }
    bool closeCb = virConnectRegisterCloseCallback(c, OnClose, new CloseCtx{cs->addon, cs->key}, FreeCloseCtx) == 0;
    if (!closeCb) virResetLastError();
    {
      std::lock_guard<std::mutex> lk(cs->mu);
      cs->conn = c;
      cs->closeCallbackRegistered = closeCb;
    }
    return Value::Handle(Kind::Connect, nullptr);
  });
  result.Set("key", cs->key);
  result.Set("promise", promise);
  return result;
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  HandleData* h = ArgHandle(info, 0, Kind::Connect, "conn");
  auto cs = h->conn;
  {
    std::lock_guard<std::mutex> lk(cs->mu);
    if (cs->closed) {
      auto d = Napi::Promise::Deferred::New(info.Env());
      d.Resolve(Napi::Number::New(info.Env(), 0));
      return d.Promise();
    }
    cs->closed = true;  // new calls on this connection and its objects reject from now on
  }
  return Submit(info.Env(), cs, "virConnectClose", [cs]() {
    ReleaseConnection(*cs);
    return Value::Num(0);
  });
}

char* virConnectGetSysinfo0(virConnectPtr c) { return virConnectGetSysinfo(c, 0); }

#define CONN_STR_CALL(NAME, CALL)                                                         \
  Napi::Value NAME(const Napi::CallbackInfo& info) {                                      \
    auto r = TakeConnRef(info, 0, #CALL);                                                        \
    return Submit(info.Env(), ArgConn(info, 0, "conn"), #CALL, [r]() {                    \
      return OwnedStr(CALL(static_cast<virConnectPtr>(r->ptr)), #CALL);                  \
    });                                                                                   \
  }

CONN_STR_CALL(GetURI, virConnectGetURI)
CONN_STR_CALL(GetHostname, virConnectGetHostname)
CONN_STR_CALL(GetSysinfo, virConnectGetSysinfo0)

Napi::Value IsAlive(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virConnectIsAlive");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virConnectIsAlive", [r]() {
    int v = virConnectIsAlive(static_cast<virConnectPtr>(r->ptr));
    if (v < 0) ThrowLastError("virConnectIsAlive");
    return Value::Bool(v == 1);
  });
}

Napi::Value GetType(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virConnectGetType");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virConnectGetType", [r]() {
    const char* t = virConnectGetType(static_cast<virConnectPtr>(r->ptr));
    if (!t) ThrowLastError("virConnectGetType");
    return Value::Str(t);
  });
}

Napi::Value GetLibVersion(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virConnectGetLibVersion");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virConnectGetLibVersion", [r]() {
    unsigned long v = 0;
    if (virConnectGetLibVersion(static_cast<virConnectPtr>(r->ptr), &v) < 0) ThrowLastError("virConnectGetLibVersion");
    return Value::Num(static_cast<double>(v));
  });
}

Napi::Value GetVersion(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virConnectGetVersion");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virConnectGetVersion", [r]() {
    unsigned long v = 0;
    if (virConnectGetVersion(static_cast<virConnectPtr>(r->ptr), &v) < 0) ThrowLastError("virConnectGetVersion");
    return Value::Num(static_cast<double>(v));
  });
}

Napi::Value GetCapabilities(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virConnectGetCapabilities");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virConnectGetCapabilities", [r]() {
    return OwnedStr(virConnectGetCapabilities(static_cast<virConnectPtr>(r->ptr)), "virConnectGetCapabilities");
  });
}

Napi::Value GetDomainCapabilities(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virConnectGetDomainCapabilities");
  auto emulator = ArgOptString(info, 1, "emulatorbin");
  auto arch = ArgOptString(info, 2, "arch");
  auto machine = ArgOptString(info, 3, "machine");
  auto virttype = ArgOptString(info, 4, "virttype");
  unsigned int flags = ArgFlags(info, 5);
  auto c = [](const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; };
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virConnectGetDomainCapabilities",
                [r, emulator, arch, machine, virttype, flags, c]() {
                  return OwnedStr(virConnectGetDomainCapabilities(static_cast<virConnectPtr>(r->ptr), c(emulator),
                                                                  c(arch), c(machine), c(virttype), flags),
                                  "virConnectGetDomainCapabilities");
                });
}

Napi::Value GetInfo(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virNodeGetInfo");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virNodeGetInfo", [r]() {
    virNodeInfo ni;
    if (virNodeGetInfo(static_cast<virConnectPtr>(r->ptr), &ni) < 0) ThrowLastError("virNodeGetInfo");
    Value o = Value::Obj();
    o.Set("model", Value::Str(ni.model));
    o.Set("memory", Value::Num(static_cast<double>(ni.memory)));
    o.Set("cpus", Value::Num(ni.cpus));
    o.Set("mhz", Value::Num(ni.mhz));
    o.Set("nodes", Value::Num(ni.nodes));
    o.Set("sockets", Value::Num(ni.sockets));
    o.Set("cores", Value::Num(ni.cores));
    o.Set("threads", Value::Num(ni.threads));
    return o;
  });
}

Napi::Value GetCPUStats(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virNodeGetCPUStats");
  int cpuNum = ArgInt(info, 1, "cpuNum");
  unsigned int flags = ArgFlags(info, 2);
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virNodeGetCPUStats", [r, cpuNum, flags]() {
    auto c = static_cast<virConnectPtr>(r->ptr);
    int n = 0;
    if (virNodeGetCPUStats(c, cpuNum, nullptr, &n, flags) < 0) ThrowLastError("virNodeGetCPUStats");
    std::vector<virNodeCPUStats> stats(n > 0 ? n : 1);
    if (n > 0 && virNodeGetCPUStats(c, cpuNum, stats.data(), &n, flags) < 0) ThrowLastError("virNodeGetCPUStats");
    Value o = Value::Obj();
    for (int i = 0; i < n; i++) o.Set(stats[i].field, Value::U64(stats[i].value));
    return o;
  });
}

Napi::Value GetMemoryStats(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virNodeGetMemoryStats");
  int cellNum = ArgInt(info, 1, "cellNum");
  unsigned int flags = ArgFlags(info, 2);
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virNodeGetMemoryStats", [r, cellNum, flags]() {
    auto c = static_cast<virConnectPtr>(r->ptr);
    int n = 0;
    if (virNodeGetMemoryStats(c, cellNum, nullptr, &n, flags) < 0) ThrowLastError("virNodeGetMemoryStats");
    std::vector<virNodeMemoryStats> stats(n > 0 ? n : 1);
    if (n > 0 && virNodeGetMemoryStats(c, cellNum, stats.data(), &n, flags) < 0) {
      ThrowLastError("virNodeGetMemoryStats");
    }
    Value o = Value::Obj();
    for (int i = 0; i < n; i++) o.Set(stats[i].field, Value::U64(stats[i].value));
    return o;
  });
}

Napi::Value GetFreeMemory(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virNodeGetFreeMemory");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virNodeGetFreeMemory", [r]() {
    unsigned long long v = virNodeGetFreeMemory(static_cast<virConnectPtr>(r->ptr));
    if (v == 0 && virGetLastError()) ThrowLastError("virNodeGetFreeMemory");
    return Value::U64(v);
  });
}

Napi::Value GetCPUMap(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virNodeGetCPUMap");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virNodeGetCPUMap", [r]() {
    unsigned char* map = nullptr;
    unsigned int online = 0;
    int n = virNodeGetCPUMap(static_cast<virConnectPtr>(r->ptr), &map, &online, 0);
    if (n < 0) ThrowLastError("virNodeGetCPUMap");
    Value cpus = Value::Arr();
    for (int i = 0; i < n; i++) cpus.Push(Value::Bool(VIR_CPU_USED(map, i)));
    free(map);
    Value o = Value::Obj();
    o.Set("cpus", std::move(cpus));
    o.Set("online", Value::Num(online));
    return o;
  });
}

Napi::Value GetMaxVcpus(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virConnectGetMaxVcpus");
  auto type = ArgOptString(info, 1, "type");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virConnectGetMaxVcpus", [r, type]() {
    int n = virConnectGetMaxVcpus(static_cast<virConnectPtr>(r->ptr), type ? type->c_str() : nullptr);
    if (n < 0) ThrowLastError("virConnectGetMaxVcpus");
    return Value::Num(n);
  });
}

// The CPU model names libvirt knows for arch; none when the hypervisor accepts any model.
Napi::Value GetCPUModelNames(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virConnectGetCPUModelNames");
  std::string arch = ArgString(info, 1, "arch");
  unsigned int flags = ArgFlags(info, 2);
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virConnectGetCPUModelNames", [r, arch, flags]() {
    char** models = nullptr;
    int n = virConnectGetCPUModelNames(static_cast<virConnectPtr>(r->ptr), arch.c_str(), &models, flags);
    if (n < 0) ThrowLastError("virConnectGetCPUModelNames");
    Value a = Value::Arr();
    if (models) {
      for (int i = 0; i < n; i++) {
        a.Push(Value::Str(models[i]));
        free(models[i]);
      }
      free(models);
    }
    return a;
  });
}

Napi::Value SetKeepAlive(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virConnectSetKeepAlive");
  int interval = ArgInt(info, 1, "interval");
  unsigned int count = ArgUint(info, 2, "count");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virConnectSetKeepAlive", [r, interval, count]() {
    int v = virConnectSetKeepAlive(static_cast<virConnectPtr>(r->ptr), interval, count);
    if (v < 0) ThrowLastError("virConnectSetKeepAlive");
    return Value::Num(v);
  });
}

Napi::Value NullCall(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "nullCall");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "nullCall", [r]() { return Value(); });
}

// ---------------------------------------------------------------- lists and lookups

// virConnectListAll* for one object kind: one call, one list of handles.
template <typename T>
Napi::Value ListAll(const Napi::CallbackInfo& info, const char* call, Kind kind, int (*fn)(virConnectPtr, T**, unsigned int)) {
  auto r = TakeConnRef(info, 0, call);
  unsigned int flags = ArgFlags(info, 1);
  return Submit(info.Env(), ArgConn(info, 0, "conn"), call, [r, flags, call, kind, fn]() {
    T* items = nullptr;
    int n = fn(static_cast<virConnectPtr>(r->ptr), &items, flags);
    if (n < 0) ThrowLastError(call);
    return HandleList(items, n, kind);
  });
}

Napi::Value ListAllDomains(const Napi::CallbackInfo& info) {
  return ListAll(info, "virConnectListAllDomains", Kind::Domain, virConnectListAllDomains);
}
Napi::Value ListAllNetworks(const Napi::CallbackInfo& info) {
  return ListAll(info, "virConnectListAllNetworks", Kind::Network, virConnectListAllNetworks);
}
Napi::Value ListAllStoragePools(const Napi::CallbackInfo& info) {
  return ListAll(info, "virConnectListAllStoragePools", Kind::StoragePool, virConnectListAllStoragePools);
}
Napi::Value ListAllNodeDevices(const Napi::CallbackInfo& info) {
  return ListAll(info, "virConnectListAllNodeDevices", Kind::NodeDevice, virConnectListAllNodeDevices);
}
Napi::Value ListAllInterfaces(const Napi::CallbackInfo& info) {
  return ListAll(info, "virConnectListAllInterfaces", Kind::Interface, virConnectListAllInterfaces);
}

// A lookup or create that takes one string and returns one new object.
template <typename P>
Napi::Value StringToHandle(const Napi::CallbackInfo& info, const char* call, const char* argName, Kind kind,
                           P (*fn)(virConnectPtr, const char*)) {
  auto r = TakeConnRef(info, 0, call);
  std::string arg = ArgString(info, 1, argName);
  return Submit(info.Env(), ArgConn(info, 0, "conn"), call, [r, arg, call, kind, fn]() {
    P p = fn(static_cast<virConnectPtr>(r->ptr), arg.c_str());
    if (!p) ThrowLastError(call);
    return Value::Handle(kind, p);
  });
}

template <typename P>
Napi::Value StringFlagsToHandle(const Napi::CallbackInfo& info, const char* call, const char* argName, Kind kind,
                                P (*fn)(virConnectPtr, const char*, unsigned int)) {
  auto r = TakeConnRef(info, 0, call);
  std::string arg = ArgString(info, 1, argName);
  unsigned int flags = ArgFlags(info, 2);
  return Submit(info.Env(), ArgConn(info, 0, "conn"), call, [r, arg, flags, call, kind, fn]() {
    P p = fn(static_cast<virConnectPtr>(r->ptr), arg.c_str(), flags);
    if (!p) ThrowLastError(call);
    return Value::Handle(kind, p);
  });
}

Napi::Value LookupByName(const Napi::CallbackInfo& info) {
  return StringToHandle(info, "virDomainLookupByName", "name", Kind::Domain, virDomainLookupByName);
}
Napi::Value LookupByUUIDString(const Napi::CallbackInfo& info) {
  return StringToHandle(info, "virDomainLookupByUUIDString", "uuid", Kind::Domain, virDomainLookupByUUIDString);
}
Napi::Value LookupByID(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virDomainLookupByID");
  int id = ArgInt(info, 1, "id");
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virDomainLookupByID", [r, id]() {
    virDomainPtr d = virDomainLookupByID(static_cast<virConnectPtr>(r->ptr), id);
    if (!d) ThrowLastError("virDomainLookupByID");
    return Value::Handle(Kind::Domain, d);
  });
}
Napi::Value DefineXML(const Napi::CallbackInfo& info) {
  return StringFlagsToHandle(info, "virDomainDefineXMLFlags", "xml", Kind::Domain, virDomainDefineXMLFlags);
}
Napi::Value CreateXML(const Napi::CallbackInfo& info) {
  return StringFlagsToHandle(info, "virDomainCreateXML", "xml", Kind::Domain, virDomainCreateXML);
}
Napi::Value NetworkLookupByName(const Napi::CallbackInfo& info) {
  return StringToHandle(info, "virNetworkLookupByName", "name", Kind::Network, virNetworkLookupByName);
}
Napi::Value NetworkLookupByUUIDString(const Napi::CallbackInfo& info) {
  return StringToHandle(info, "virNetworkLookupByUUIDString", "uuid", Kind::Network, virNetworkLookupByUUIDString);
}
Napi::Value NetworkDefineXML(const Napi::CallbackInfo& info) {
  return StringFlagsToHandle(info, "virNetworkDefineXMLFlags", "xml", Kind::Network, virNetworkDefineXMLFlags);
}
Napi::Value NetworkCreateXML(const Napi::CallbackInfo& info) {
  return StringFlagsToHandle(info, "virNetworkCreateXMLFlags", "xml", Kind::Network, virNetworkCreateXMLFlags);
}
Napi::Value StoragePoolLookupByName(const Napi::CallbackInfo& info) {
  return StringToHandle(info, "virStoragePoolLookupByName", "name", Kind::StoragePool, virStoragePoolLookupByName);
}
Napi::Value StoragePoolLookupByUUIDString(const Napi::CallbackInfo& info) {
  return StringToHandle(info, "virStoragePoolLookupByUUIDString", "uuid", Kind::StoragePool,
                        virStoragePoolLookupByUUIDString);
}
Napi::Value StoragePoolDefineXML(const Napi::CallbackInfo& info) {
  return StringFlagsToHandle(info, "virStoragePoolDefineXML", "xml", Kind::StoragePool, virStoragePoolDefineXML);
}
Napi::Value NodeDeviceLookupByName(const Napi::CallbackInfo& info) {
  return StringToHandle(info, "virNodeDeviceLookupByName", "name", Kind::NodeDevice, virNodeDeviceLookupByName);
}
Napi::Value StorageVolLookupByPath(const Napi::CallbackInfo& info) {
  return StringToHandle(info, "virStorageVolLookupByPath", "path", Kind::StorageVol, virStorageVolLookupByPath);
}

// ---------------------------------------------------------------- bulk stats

// Bulk stats travel in columns: each distinct field name once, every value in a typed array
// of its kind, in record order. Building one JS object per record from these in JS costs a
// fraction of setting each field through Node-API, which matters at thousands of domains.
// Value kinds: 0 number (nums), 1 unsigned 64-bit (u64s), 2 signed 64-bit (i64s),
// 3 boolean (nums, 0/1), 4 string (strs).
Value StatsRecords(virDomainStatsRecordPtr* records, int n) {
  std::unordered_map<std::string, uint32_t> keyIndex;
  std::vector<const char*> keyNames;  // by index; point into keys' strings
  std::vector<uint32_t> lastByPos;    // the previous record's key index at each position
  Value keys = Value::Arr(), strs = Value::Arr();
  Value doms;
  doms.t = Value::T::DomainBatch;
  doms.doms.reserve(n);
  std::vector<uint8_t> uuids(static_cast<size_t>(n) * VIR_UUID_BUFLEN);
  std::vector<uint32_t> counts, keyIdx;
  std::vector<uint8_t> kinds;
  std::vector<double> nums;
  std::vector<uint64_t> u64s;
  std::vector<int64_t> i64s;
  counts.reserve(n);
  size_t guess = n > 0 ? static_cast<size_t>(n) * records[0]->nparams : 0;
  keyIdx.reserve(guess);
  kinds.reserve(guess);
  for (int r = 0; r < n; r++) {
    virDomainGetUUID(records[r]->dom, uuids.data() + static_cast<size_t>(r) * VIR_UUID_BUFLEN);
    // Take over the record's reference; virDomainStatsRecordListFree skips a NULL domain.
    doms.doms.push_back(records[r]->dom);
    records[r]->dom = nullptr;
    uint32_t count = 0;
    for (int i = 0; i < records[r]->nparams; i++) {
      const virTypedParameter& p = records[r]->params[i];
      uint8_t kind;
      switch (p.type) {
        case VIR_TYPED_PARAM_INT: kind = 0; nums.push_back(p.value.i); break;
        case VIR_TYPED_PARAM_UINT: kind = 0; nums.push_back(p.value.ui); break;
        case VIR_TYPED_PARAM_DOUBLE: kind = 0; nums.push_back(p.value.d); break;
        case VIR_TYPED_PARAM_ULLONG: kind = 1; u64s.push_back(p.value.ul); break;
        case VIR_TYPED_PARAM_LLONG: kind = 2; i64s.push_back(p.value.l); break;
        case VIR_TYPED_PARAM_BOOLEAN: kind = 3; nums.push_back(p.value.b ? 1 : 0); break;
        case VIR_TYPED_PARAM_STRING: kind = 4; strs.Push(Value::Str(p.value.s ? p.value.s : "")); break;
        default: continue;
      }
      // Records nearly always list the same fields in the same order: try the previous
      // record's field at this position before hashing.
      uint32_t idx;
      if (count < lastByPos.size() && strcmp(keyNames[lastByPos[count]], p.field) == 0) {
        idx = lastByPos[count];
      } else {
        auto [it, fresh] = keyIndex.try_emplace(p.field, static_cast<uint32_t>(keyIndex.size()));
        if (fresh) {
          keys.Push(Value::Str(p.field));
          keyNames.push_back(it->first.c_str());
        }
        idx = it->second;
        if (count < lastByPos.size()) {
          lastByPos[count] = idx;
        } else {
          lastByPos.push_back(idx);
        }
      }
      keyIdx.push_back(idx);
      kinds.push_back(kind);
      count++;
    }
    counts.push_back(count);
  }
  virDomainStatsRecordListFree(records);
  Value o = Value::Obj();
  o.Set("domains", std::move(doms));
  o.Set("uuids", Value::TypedArray(Value::Elem::U8, uuids));
  o.Set("keys", std::move(keys));
  o.Set("counts", Value::TypedArray(Value::Elem::U32, counts));
  o.Set("keyIdx", Value::TypedArray(Value::Elem::U32, keyIdx));
  o.Set("kinds", Value::TypedArray(Value::Elem::U8, kinds));
  o.Set("nums", Value::TypedArray(Value::Elem::F64, nums));
  o.Set("u64s", Value::TypedArray(Value::Elem::U64, u64s));
  o.Set("i64s", Value::TypedArray(Value::Elem::I64, i64s));
  o.Set("strs", std::move(strs));
  return o;
}

Napi::Value GetAllDomainStats(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virConnectGetAllDomainStats");
  unsigned int stats = ArgFlags(info, 1, "stats");
  unsigned int flags = ArgFlags(info, 2);
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virConnectGetAllDomainStats", [r, stats, flags]() {
    virDomainStatsRecordPtr* records = nullptr;
    int n = virConnectGetAllDomainStats(static_cast<virConnectPtr>(r->ptr), stats, &records, flags);
    if (n < 0) ThrowLastError("virConnectGetAllDomainStats");
    return StatsRecords(records, n);
  });
}

Napi::Value DomainListGetStats(const Napi::CallbackInfo& info) {
  auto r = TakeConnRef(info, 0, "virDomainListGetStats");
  if (info.Length() < 2 || !info[1].IsArray()) throw Napi::TypeError::New(info.Env(), "argument 'doms' must be an array");
  Napi::Array arr = info[1].As<Napi::Array>();
  auto refs = std::make_shared<std::vector<RefP>>();
  for (uint32_t i = 0; i < arr.Length(); i++) {
    Napi::Value v = arr.Get(i);
    if (!v.IsExternal() || v.As<Napi::External<HandleData>>().Data()->kind != Kind::Domain) {
      throw Napi::TypeError::New(info.Env(), "argument 'doms' must hold only Domain objects");
    }
    HandleData* h = v.As<Napi::External<HandleData>>().Data();
    std::lock_guard<std::mutex> lk(h->conn->mu);
    if (!h->ptr || h->conn->closed) ThrowBindingError("virDomainListGetStats", "a Domain in 'doms' belongs to a closed connection");
    refs->push_back(std::make_shared<Ref>(Kind::Domain, h->ptr));
  }
  unsigned int stats = ArgFlags(info, 2, "stats");
  unsigned int flags = ArgFlags(info, 3);
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virDomainListGetStats", [r, refs, stats, flags]() {
    std::vector<virDomainPtr> doms;
    for (auto& ref : *refs) doms.push_back(static_cast<virDomainPtr>(ref->ptr));
    doms.push_back(nullptr);
    virDomainStatsRecordPtr* records = nullptr;
    int n = virDomainListGetStats(doms.data(), stats, &records, flags);
    if (n < 0) ThrowLastError("virDomainListGetStats");
    return StatsRecords(records, n);
  });
}

// statsBatchDomain(batch, i): the handle of the i-th domain of a bulk stats batch.
Napi::Value StatsBatchDomain(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsExternal()) throw Napi::TypeError::New(info.Env(), "argument 'batch' must be a stats batch");
  auto* b = info[0].As<Napi::External<DomainBatch>>().Data();
  unsigned int i = ArgUint(info, 1, "index");
  virDomainPtr d = nullptr;
  {
    std::lock_guard<std::mutex> lk(b->conn->mu);
    if (i < b->doms.size()) {
      d = b->doms[i];
      virDomainRef(d);
    }
  }
  if (!d) throw MakeError(info.Env(), LvError{"statsBatchDomain", VIR_ERR_INVALID_CONN, 0, VIR_ERR_ERROR,
                                              "this Domain belongs to a closed connection"});
  return MakeHandle(info.Env(), Kind::Domain, d, b->conn);
}

}  // namespace

void UnregisterCloseCallback(virConnectPtr c) {
  if (virConnectUnregisterCloseCallback(c, OnClose) < 0) virResetLastError();
}

void InitConnect(Napi::Env env, Napi::Object exports) {
  Export(env, exports, "connectOpen", Open);
  Export(env, exports, "connectClose", Close);
  Export(env, exports, "connectGetURI", GetURI);
  Export(env, exports, "connectGetHostname", GetHostname);
  Export(env, exports, "connectGetSysinfo", GetSysinfo);
  Export(env, exports, "connectIsAlive", IsAlive);
  Export(env, exports, "connectGetType", GetType);
  Export(env, exports, "connectGetLibVersion", GetLibVersion);
  Export(env, exports, "connectGetVersion", GetVersion);
  Export(env, exports, "connectGetCapabilities", GetCapabilities);
  Export(env, exports, "connectGetDomainCapabilities", GetDomainCapabilities);
  Export(env, exports, "nodeGetInfo", GetInfo);
  Export(env, exports, "nodeGetCPUStats", GetCPUStats);
  Export(env, exports, "nodeGetMemoryStats", GetMemoryStats);
  Export(env, exports, "nodeGetFreeMemory", GetFreeMemory);
  Export(env, exports, "nodeGetCPUMap", GetCPUMap);
  Export(env, exports, "connectGetMaxVcpus", GetMaxVcpus);
  Export(env, exports, "connectGetCPUModelNames", GetCPUModelNames);
  Export(env, exports, "connectSetKeepAlive", SetKeepAlive);
  Export(env, exports, "nullCall", NullCall);
  Export(env, exports, "connectListAllDomains", ListAllDomains);
  Export(env, exports, "connectListAllNetworks", ListAllNetworks);
  Export(env, exports, "connectListAllStoragePools", ListAllStoragePools);
  Export(env, exports, "connectListAllNodeDevices", ListAllNodeDevices);
  Export(env, exports, "connectListAllInterfaces", ListAllInterfaces);
  Export(env, exports, "domainLookupByName", LookupByName);
  Export(env, exports, "domainLookupByUUIDString", LookupByUUIDString);
  Export(env, exports, "domainLookupByID", LookupByID);
  Export(env, exports, "domainDefineXML", DefineXML);
  Export(env, exports, "domainCreateXML", CreateXML);
  Export(env, exports, "networkLookupByName", NetworkLookupByName);
  Export(env, exports, "networkLookupByUUIDString", NetworkLookupByUUIDString);
  Export(env, exports, "networkDefineXML", NetworkDefineXML);
  Export(env, exports, "networkCreateXML", NetworkCreateXML);
  Export(env, exports, "storagePoolLookupByName", StoragePoolLookupByName);
  Export(env, exports, "storagePoolLookupByUUIDString", StoragePoolLookupByUUIDString);
  Export(env, exports, "storagePoolDefineXML", StoragePoolDefineXML);
  Export(env, exports, "storageVolLookupByPath", StorageVolLookupByPath);
  Export(env, exports, "nodeDeviceLookupByName", NodeDeviceLookupByName);
  Export(env, exports, "connectGetAllDomainStats", GetAllDomainStats);
  Export(env, exports, "domainListGetStats", DomainListGetStats);
  Export(env, exports, "statsBatchDomain", StatsBatchDomain);
}

}  // namespace vd
