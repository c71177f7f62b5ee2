// Domain, network and storage pool event registrations. Trampolines run on libvirt's
// event-loop thread: they copy what libvirt passed into a Value and post it, nothing else.
#include "core.h"

namespace vd {
namespace {

struct EventReg {
  AddonData* addon;
  std::weak_ptr<ConnState> conn;
  uint32_t key;
};

void FreeReg(void* p) { delete static_cast<EventReg*>(p); }

// THREAD: libvirt-events
void Emit(void* opaque, Kind kind, void* obj, Value payload) {
  auto* reg = static_cast<EventReg*>(opaque);
  auto cs = reg->conn.lock();
  if (!cs) return;
  AddRef(kind, obj);
  auto objv = std::make_shared<Value>(Value::Handle(kind, obj));
  auto pv = std::make_shared<Value>(std::move(payload));
  AddonData* a = reg->addon;
  uint32_t key = reg->key;
  a->PostEvent([a, cs, key, objv, pv](Napi::Env env) {
    // THREAD: JS
    if (a->dispatcher.IsEmpty()) return;
    Napi::HandleScope scope(env);
    a->dispatcher.Call({Napi::String::New(env, "event"), Napi::Number::New(env, key), ToJs(env, *objv, cs),
                        ToJs(env, *pv, cs)});
  });
}

Value Obj() { return Value::Obj(); }

// ---------------------------------------------------------------- domain trampolines

void OnLifecycle(virConnectPtr, virDomainPtr d, int event, int detail, void* op) {
  Value v = Obj();
  v.Set("event", Value::Num(event)).Set("detail", Value::Num(detail));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnGeneric(virConnectPtr, virDomainPtr d, void* op) { Emit(op, Kind::Domain, d, Obj()); }
void OnRTCChange(virConnectPtr, virDomainPtr d, long long utcoffset, void* op) {
  Value v = Obj();
  v.Set("utcoffset", Value::Num(static_cast<double>(utcoffset)));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnWatchdog(virConnectPtr, virDomainPtr d, int action, void* op) {
  Value v = Obj();
  v.Set("action", Value::Num(action));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnIOError(virConnectPtr, virDomainPtr d, const char* srcPath, const char* devAlias, int action, void* op) {
  Value v = Obj();
  v.Set("srcPath", Value::StrOrNull(srcPath)).Set("devAlias", Value::StrOrNull(devAlias)).Set("action", Value::Num(action));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnIOErrorReason(virConnectPtr, virDomainPtr d, const char* srcPath, const char* devAlias, int action,
                     const char* reason, void* op) {
  Value v = Obj();
  v.Set("srcPath", Value::StrOrNull(srcPath)).Set("devAlias", Value::StrOrNull(devAlias)).Set("action", Value::Num(action));
  v.Set("reason", Value::StrOrNull(reason));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnBlockJob(virConnectPtr, virDomainPtr d, const char* disk, int type, int status, void* op) {
  Value v = Obj();
  v.Set("disk", Value::StrOrNull(disk)).Set("type", Value::Num(type)).Set("status", Value::Num(status));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnDiskChange(virConnectPtr, virDomainPtr d, const char* oldSrc, const char* newSrc, const char* devAlias, int reason,
                  void* op) {
  Value v = Obj();
  v.Set("oldSrcPath", Value::StrOrNull(oldSrc)).Set("newSrcPath", Value::StrOrNull(newSrc));
  v.Set("devAlias", Value::StrOrNull(devAlias)).Set("reason", Value::Num(reason));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnTrayChange(virConnectPtr, virDomainPtr d, const char* devAlias, int reason, void* op) {
  Value v = Obj();
  v.Set("devAlias", Value::StrOrNull(devAlias)).Set("reason", Value::Num(reason));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnPM(virConnectPtr, virDomainPtr d, int reason, void* op) {
  Value v = Obj();
  v.Set("reason", Value::Num(reason));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnBalloonChange(virConnectPtr, virDomainPtr d, unsigned long long actual, void* op) {
  Value v = Obj();
  v.Set("actual", Value::U64(actual));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnDeviceAlias(virConnectPtr, virDomainPtr d, const char* devAlias, void* op) {
  Value v = Obj();
  v.Set("devAlias", Value::StrOrNull(devAlias));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnParams(virConnectPtr, virDomainPtr d, virTypedParameterPtr params, int n, void* op) {
  Value v = Obj();
  v.Set("params", ParamsToValue(params, n));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnAgentLifecycle(virConnectPtr, virDomainPtr d, int state, int reason, void* op) {
  Value v = Obj();
  v.Set("state", Value::Num(state)).Set("reason", Value::Num(reason));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnMigrationIteration(virConnectPtr, virDomainPtr d, int iteration, void* op) {
  Value v = Obj();
  v.Set("iteration", Value::Num(iteration));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnMetadataChange(virConnectPtr, virDomainPtr d, int type, const char* nsuri, void* op) {
  Value v = Obj();
  v.Set("type", Value::Num(type)).Set("nsuri", Value::StrOrNull(nsuri));
  Emit(op, Kind::Domain, d, std::move(v));
}
void OnBlockThreshold(virConnectPtr, virDomainPtr d, const char* dev, const char* path, unsigned long long threshold,
                      unsigned long long excess, void* op) {
  Value v = Obj();
  v.Set("dev", Value::StrOrNull(dev)).Set("path", Value::StrOrNull(path));
  v.Set("threshold", Value::U64(threshold)).Set("excess", Value::U64(excess));
  Emit(op, Kind::Domain, d, std::move(v));
}

virConnectDomainEventGenericCallback DomainTrampoline(int id) {
  switch (id) {
    case VIR_DOMAIN_EVENT_ID_LIFECYCLE: return VIR_DOMAIN_EVENT_CALLBACK(OnLifecycle);
    case VIR_DOMAIN_EVENT_ID_REBOOT: return VIR_DOMAIN_EVENT_CALLBACK(OnGeneric);
    case VIR_DOMAIN_EVENT_ID_RTC_CHANGE: return VIR_DOMAIN_EVENT_CALLBACK(OnRTCChange);
    case VIR_DOMAIN_EVENT_ID_WATCHDOG: return VIR_DOMAIN_EVENT_CALLBACK(OnWatchdog);
    case VIR_DOMAIN_EVENT_ID_IO_ERROR: return VIR_DOMAIN_EVENT_CALLBACK(OnIOError);
    case VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON: return VIR_DOMAIN_EVENT_CALLBACK(OnIOErrorReason);
    case VIR_DOMAIN_EVENT_ID_BLOCK_JOB: return VIR_DOMAIN_EVENT_CALLBACK(OnBlockJob);
    case VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2: return VIR_DOMAIN_EVENT_CALLBACK(OnBlockJob);
    case VIR_DOMAIN_EVENT_ID_DISK_CHANGE: return VIR_DOMAIN_EVENT_CALLBACK(OnDiskChange);
    case VIR_DOMAIN_EVENT_ID_TRAY_CHANGE: return VIR_DOMAIN_EVENT_CALLBACK(OnTrayChange);
    case VIR_DOMAIN_EVENT_ID_PMWAKEUP: return VIR_DOMAIN_EVENT_CALLBACK(OnPM);
    case VIR_DOMAIN_EVENT_ID_PMSUSPEND: return VIR_DOMAIN_EVENT_CALLBACK(OnPM);
    case VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK: return VIR_DOMAIN_EVENT_CALLBACK(OnPM);
    case VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE: return VIR_DOMAIN_EVENT_CALLBACK(OnBalloonChange);
    case VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED: return VIR_DOMAIN_EVENT_CALLBACK(OnDeviceAlias);
    case VIR_DOMAIN_EVENT_ID_DEVICE_ADDED: return VIR_DOMAIN_EVENT_CALLBACK(OnDeviceAlias);
    case VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED: return VIR_DOMAIN_EVENT_CALLBACK(OnDeviceAlias);
    case VIR_DOMAIN_EVENT_ID_TUNABLE: return VIR_DOMAIN_EVENT_CALLBACK(OnParams);
    case VIR_DOMAIN_EVENT_ID_JOB_COMPLETED: return VIR_DOMAIN_EVENT_CALLBACK(OnParams);
    case VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE: return VIR_DOMAIN_EVENT_CALLBACK(OnAgentLifecycle);
    case VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION: return VIR_DOMAIN_EVENT_CALLBACK(OnMigrationIteration);
    case VIR_DOMAIN_EVENT_ID_METADATA_CHANGE: return VIR_DOMAIN_EVENT_CALLBACK(OnMetadataChange);
    case VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD: return VIR_DOMAIN_EVENT_CALLBACK(OnBlockThreshold);
    default: return nullptr;
  }
}

// ---------------------------------------------------------------- network and pool trampolines

void OnNetworkLifecycle(virConnectPtr, virNetworkPtr n, int event, int detail, void* op) {
  Value v = Obj();
  v.Set("event", Value::Num(event)).Set("detail", Value::Num(detail));
  Emit(op, Kind::Network, n, std::move(v));
}
void OnPoolLifecycle(virConnectPtr, virStoragePoolPtr p, int event, int detail, void* op) {
  Value v = Obj();
  v.Set("event", Value::Num(event)).Set("detail", Value::Num(detail));
  Emit(op, Kind::StoragePool, p, std::move(v));
}
void OnPoolGeneric(virConnectPtr, virStoragePoolPtr p, void* op) { Emit(op, Kind::StoragePool, p, Obj()); }

// ---------------------------------------------------------------- registration

enum class Family { Domain, Network, Pool };

// register(conn, obj|null, eventID) -> { key, promise<callbackID> }: the key comes back at
// once so JS can route events that arrive before the promise settles.
Napi::Value Register(const Napi::CallbackInfo& info, Family fam) {
  Napi::Env env = info.Env();
  const char* call = fam == Family::Domain    ? "virConnectDomainEventRegisterAny"
                     : fam == Family::Network ? "virConnectNetworkEventRegisterAny"
                                              : "virConnectStoragePoolEventRegisterAny";
  Kind objKind = fam == Family::Domain ? Kind::Domain : fam == Family::Network ? Kind::Network : Kind::StoragePool;
  RefP conn;
  RefP obj;
  try {
    conn = TakeConnRef(info, 0, call);
    if (info.Length() > 1 && !info[1].IsNull() && !info[1].IsUndefined()) obj = TakeRef(info, 1, objKind, "object", call);
  } catch (const LvError& e) {
    // A closed connection or released object: the promise rejects, as for every other call.
    // (Returned bare, the rejection would replace { key, promise } and be lost.)
    auto d = Napi::Promise::Deferred::New(env);
    d.Reject(MakeError(env, e).Value());
    Napi::Object out = Napi::Object::New(env);
    out.Set("key", 0);
    out.Set("promise", d.Promise());
    return out;
  }
  auto cs = ArgConn(info, 0, "conn");
  int id = ArgInt(info, 2, "eventID");
  virConnectDomainEventGenericCallback dcb = nullptr;
  virConnectNetworkEventGenericCallback ncb = nullptr;
  virConnectStoragePoolEventGenericCallback pcb = nullptr;
  if (fam == Family::Domain) dcb = DomainTrampoline(id);
  if (fam == Family::Network && id == VIR_NETWORK_EVENT_ID_LIFECYCLE) ncb = VIR_NETWORK_EVENT_CALLBACK(OnNetworkLifecycle);
  if (fam == Family::Pool && id == VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE) pcb = VIR_STORAGE_POOL_EVENT_CALLBACK(OnPoolLifecycle);
  if (fam == Family::Pool && id == VIR_STORAGE_POOL_EVENT_ID_REFRESH) pcb = VIR_STORAGE_POOL_EVENT_CALLBACK(OnPoolGeneric);
  if (!dcb && !ncb && !pcb) {
    throw Napi::RangeError::New(env, "argument 'eventID' (" + std::to_string(id) + ") is not an event this binding supports");
  }
  AddonData* a = Addon(env);
  uint32_t key = a->nextKey.fetch_add(1);
  auto* reg = new EventReg{a, cs, key};
  Napi::Value promise = Submit(env, cs, call, [cs, conn, obj, id, dcb, ncb, pcb, reg, fam, call]() {
    auto c = static_cast<virConnectPtr>(conn->ptr);
    int cb = -1;
    if (fam == Family::Domain) {
      cb = virConnectDomainEventRegisterAny(c, obj ? static_cast<virDomainPtr>(obj->ptr) : nullptr, id, dcb, reg, FreeReg);
    } else if (fam == Family::Network) {
      cb = virConnectNetworkEventRegisterAny(c, obj ? static_cast<virNetworkPtr>(obj->ptr) : nullptr, id, ncb, reg, FreeReg);
    } else {
      cb = virConnectStoragePoolEventRegisterAny(c, obj ? static_cast<virStoragePoolPtr>(obj->ptr) : nullptr, id, pcb, reg,
                                                 FreeReg);
    }
    if (cb < 0) {
      delete reg;  // libvirt did not take it
      ThrowLastError(call);
    }
    std::lock_guard<std::mutex> lk(cs->mu);
    auto& list = fam == Family::Domain ? cs->domainCallbacks : fam == Family::Network ? cs->networkCallbacks : cs->poolCallbacks;
    list.push_back(cb);
    return Value::Num(cb);
  });
  Napi::Object out = Napi::Object::New(env);
  out.Set("key", key);
  out.Set("promise", promise);
  return out;
}

Napi::Value Deregister(const Napi::CallbackInfo& info, Family fam) {
  const char* call = fam == Family::Domain    ? "virConnectDomainEventDeregisterAny"
                     : fam == Family::Network ? "virConnectNetworkEventDeregisterAny"
                                              : "virConnectStoragePoolEventDeregisterAny";
  RefP conn = TakeConnRef(info, 0, call);
  auto cs = ArgConn(info, 0, "conn");
  int cb = ArgInt(info, 1, "callbackID");
  return Submit(info.Env(), cs, call, [cs, conn, cb, fam, call]() {
    {
      std::lock_guard<std::mutex> lk(cs->mu);
      auto& list = fam == Family::Domain ? cs->domainCallbacks : fam == Family::Network ? cs->networkCallbacks : cs->poolCallbacks;
      bool found = false;
      for (auto it = list.begin(); it != list.end(); ++it) {
        if (*it == cb) {
          list.erase(it);
          found = true;
          break;
        }
      }
      if (!found) {
        LvError e;
        e.call = call;
        e.code = VIR_ERR_INVALID_ARG;
        e.message = "no event registration with callback ID " + std::to_string(cb) + " on this connection";
        throw e;
      }
    }
    auto c = static_cast<virConnectPtr>(conn->ptr);
    int rc = fam == Family::Domain    ? virConnectDomainEventDeregisterAny(c, cb)
             : fam == Family::Network ? virConnectNetworkEventDeregisterAny(c, cb)
                                      : virConnectStoragePoolEventDeregisterAny(c, cb);
    return CheckNum(rc, call);
  });
}

Napi::Value DomainRegister(const Napi::CallbackInfo& info) { return Register(info, Family::Domain); }
Napi::Value NetworkRegister(const Napi::CallbackInfo& info) { return Register(info, Family::Network); }
Napi::Value PoolRegister(const Napi::CallbackInfo& info) { return Register(info, Family::Pool); }
Napi::Value DomainDeregister(const Napi::CallbackInfo& info) { return Deregister(info, Family::Domain); }
Napi::Value NetworkDeregister(const Napi::CallbackInfo& info) { return Deregister(info, Family::Network); }
Napi::Value PoolDeregister(const Napi::CallbackInfo& info) { return Deregister(info, Family::Pool); }

}  // namespace

// THREAD: worker (fast lane of cs), after cs.closed was set on the JS thread.
void ReleaseConnection(ConnState& cs) {
  virConnectPtr c;
  std::vector<int> dcb, ncb, pcb;
  std::vector<std::pair<Kind, void*>> refs;
  bool closeCb;
  {
    std::lock_guard<std::mutex> lk(cs.mu);
    c = cs.conn;
    cs.conn = nullptr;
    cs.closed = true;
    dcb.swap(cs.domainCallbacks);
    ncb.swap(cs.networkCallbacks);
    pcb.swap(cs.poolCallbacks);
    closeCb = cs.closeCallbackRegistered;
    cs.closeCallbackRegistered = false;
    for (HandleData* h : cs.children) {
      if (h->kind == Kind::Connect || !h->ptr || h->kind == Kind::Stream) continue;
      refs.emplace_back(h->kind, h->ptr);
      h->ptr = nullptr;
    }
    for (DomainBatch* b : cs.batches) {
      for (virDomainPtr d : b->doms) refs.emplace_back(Kind::Domain, d);
      b->doms.clear();
    }
  }
  if (!c) return;
  ReleaseStreamsOf(cs);
  for (int id : dcb) virConnectDomainEventDeregisterAny(c, id);
  for (int id : ncb) virConnectNetworkEventDeregisterAny(c, id);
  for (int id : pcb) virConnectStoragePoolEventDeregisterAny(c, id);
  for (auto& r : refs) FreeRef(r.first, r.second);
  if (closeCb) UnregisterCloseCallback(c);
  virConnectClose(c);
  virResetLastError();
}

void InitEvents(Napi::Env env, Napi::Object exports) {
  Export(env, exports, "domainEventRegisterAny", DomainRegister);
  Export(env, exports, "domainEventDeregisterAny", DomainDeregister);
  Export(env, exports, "networkEventRegisterAny", NetworkRegister);
  Export(env, exports, "networkEventDeregisterAny", NetworkDeregister);
  Export(env, exports, "storagePoolEventRegisterAny", PoolRegister);
  Export(env, exports, "storagePoolEventDeregisterAny", PoolDeregister);
}

}  // namespace vd
