// Domain calls: lifecycle, definition, devices, tuning, jobs, migration, snapshots.
#include "core.h"
#include "typed_params.h"

namespace vd {
namespace {

template <typename F>
Napi::Value DomCall(const Napi::CallbackInfo& info, const char* call, F f, LaneKind lane = LaneKind::Fast) {
  return ObjCall<virDomainPtr>(info, Kind::Domain, "dom", call, f, lane);
}

Value Check(int rc, const char* call) { return CheckNum(rc, call); }

// Local facts of a domain object: no RPC, so read on the JS thread without a job.
Napi::Value Ident(const Napi::CallbackInfo& info) {
  HandleData* h = ArgHandle(info, 0, Kind::Domain, "dom");
  std::lock_guard<std::mutex> lk(h->conn->mu);
  LiveHandle(info, 0, Kind::Domain, "dom", "virDomainGetName");
  auto d = static_cast<virDomainPtr>(h->ptr);
  char uuid[VIR_UUID_STRING_BUFLEN] = {0};
  virDomainGetUUIDString(d, uuid);
  Napi::Object o = Napi::Object::New(info.Env());
  const char* name = virDomainGetName(d);
  o.Set("name", name ? name : "");
  o.Set("uuid", uuid);
  unsigned int id = virDomainGetID(d);
  o.Set("id", id == static_cast<unsigned int>(-1) ? -1.0 : static_cast<double>(id));
  return o;
}

#define DOM_FLAGS_OP(NAME, CALL, LANE)                                                     \
  Napi::Value NAME(const Napi::CallbackInfo& info) {                                       \
    unsigned int flags = ArgFlags(info, 1);                                                \
    return DomCall(                                                                        \
        info, #CALL, [flags](virDomainPtr d) { return Check(CALL(d, flags), #CALL); }, LANE); \
  }

#define DOM_OP(NAME, CALL, LANE)                                                                     \
  Napi::Value NAME(const Napi::CallbackInfo& info) {                                                 \
    return DomCall(info, #CALL, [](virDomainPtr d) { return Check(CALL(d), #CALL); }, LANE);        \
  }

DOM_FLAGS_OP(Create, virDomainCreateWithFlags, LaneKind::Fast)
DOM_OP(Shutdown, virDomainShutdown, LaneKind::Fast)
DOM_FLAGS_OP(ShutdownFlags, virDomainShutdownFlags, LaneKind::Fast)
DOM_FLAGS_OP(Reboot, virDomainReboot, LaneKind::Fast)
DOM_FLAGS_OP(Reset, virDomainReset, LaneKind::Fast)
DOM_FLAGS_OP(Destroy, virDomainDestroyFlags, LaneKind::Fast)
DOM_OP(Suspend, virDomainSuspend, LaneKind::Fast)
DOM_OP(Resume, virDomainResume, LaneKind::Fast)
DOM_FLAGS_OP(PMWakeup, virDomainPMWakeup, LaneKind::Fast)
DOM_FLAGS_OP(ManagedSave, virDomainManagedSave, LaneKind::Slow)
DOM_FLAGS_OP(ManagedSaveRemove, virDomainManagedSaveRemove, LaneKind::Fast)
DOM_FLAGS_OP(UndefineFlags, virDomainUndefineFlags, LaneKind::Fast)
DOM_OP(AbortJob, virDomainAbortJob, LaneKind::Fast)

Napi::Value HasManagedSaveImage(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, "virDomainHasManagedSaveImage",
                 [flags](virDomainPtr d) { return CheckBool(virDomainHasManagedSaveImage(d, flags), "virDomainHasManagedSaveImage"); });
}
Napi::Value IsActive(const Napi::CallbackInfo& info) {
  return DomCall(info, "virDomainIsActive", [](virDomainPtr d) { return CheckBool(virDomainIsActive(d), "virDomainIsActive"); });
}
Napi::Value IsPersistent(const Napi::CallbackInfo& info) {
  return DomCall(info, "virDomainIsPersistent",
                 [](virDomainPtr d) { return CheckBool(virDomainIsPersistent(d), "virDomainIsPersistent"); });
}
Napi::Value GetAutostart(const Napi::CallbackInfo& info) {
  return DomCall(info, "virDomainGetAutostart", [](virDomainPtr d) {
    int v = 0;
    if (virDomainGetAutostart(d, &v) < 0) ThrowLastError("virDomainGetAutostart");
    return Value::Bool(v != 0);
  });
}
Napi::Value SetAutostart(const Napi::CallbackInfo& info) {
  bool on = ArgBool(info, 1, "autostart");
  return DomCall(info, "virDomainSetAutostart",
                 [on](virDomainPtr d) { return Check(virDomainSetAutostart(d, on ? 1 : 0), "virDomainSetAutostart"); });
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  return DomCall(info, "virDomainGetInfo", [](virDomainPtr d) {
    virDomainInfo di;
    if (virDomainGetInfo(d, &di) < 0) ThrowLastError("virDomainGetInfo");
    Value o = Value::Obj();
    o.Set("state", Value::Num(di.state));
    o.Set("maxMem", Value::Num(static_cast<double>(di.maxMem)));
    o.Set("memory", Value::Num(static_cast<double>(di.memory)));
    o.Set("nrVirtCpu", Value::Num(di.nrVirtCpu));
    o.Set("cpuTime", Value::U64(di.cpuTime));
    return o;
  });
}

Napi::Value State(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, "virDomainGetState", [flags](virDomainPtr d) {
    int state = 0, reason = 0;
    if (virDomainGetState(d, &state, &reason, flags) < 0) ThrowLastError("virDomainGetState");
    Value o = Value::Obj();
    o.Set("state", Value::Num(state));
    o.Set("reason", Value::Num(reason));
    return o;
  });
}

Napi::Value XMLDesc(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, "virDomainGetXMLDesc",
                 [flags](virDomainPtr d) { return OwnedStr(virDomainGetXMLDesc(d, flags), "virDomainGetXMLDesc"); });
}

Napi::Value SetMemoryFlags(const Napi::CallbackInfo& info) {
  uint64_t kib = ArgU64(info, 1, "memory");
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(info, "virDomainSetMemoryFlags", [kib, flags](virDomainPtr d) {
    return Check(virDomainSetMemoryFlags(d, static_cast<unsigned long>(kib), flags), "virDomainSetMemoryFlags");
  });
}

Napi::Value SetVcpusFlags(const Napi::CallbackInfo& info) {
  unsigned int n = ArgUint(info, 1, "nvcpus");
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(info, "virDomainSetVcpusFlags",
                 [n, flags](virDomainPtr d) { return Check(virDomainSetVcpusFlags(d, n, flags), "virDomainSetVcpusFlags"); });
}

Napi::Value VcpusFlags(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, "virDomainGetVcpusFlags",
                 [flags](virDomainPtr d) { return Check(virDomainGetVcpusFlags(d, flags), "virDomainGetVcpusFlags"); });
}

Napi::Value Rename(const Napi::CallbackInfo& info) {
  std::string name = ArgString(info, 1, "newName");
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(info, "virDomainRename",
                 [name, flags](virDomainPtr d) { return Check(virDomainRename(d, name.c_str(), flags), "virDomainRename"); });
}

// Hostname and guest info may ask the guest agent, which can take up to its timeout to
// answer: they run on the slow lane so the connection's short calls do not wait behind them.
Napi::Value Hostname(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(
      info, "virDomainGetHostname",
      [flags](virDomainPtr d) { return OwnedStr(virDomainGetHostname(d, flags), "virDomainGetHostname"); },
      LaneKind::Slow);
}

Napi::Value GuestInfo(const Napi::CallbackInfo& info) {
  unsigned int types = ArgFlags(info, 1, "types");
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(
      info, "virDomainGetGuestInfo",
      [types, flags](virDomainPtr d) {
        virTypedParameterPtr params = nullptr;
        int n = 0;
        if (virDomainGetGuestInfo(d, types, &params, &n, flags) < 0) ThrowLastError("virDomainGetGuestInfo");
        Value o = ParamsToValue(params, n);
        virTypedParamsFree(params, n);
        return o;
      },
      LaneKind::Slow);
}

#define DOM_XML_FLAGS_OP(NAME, CALL)                                                             \
  Napi::Value NAME(const Napi::CallbackInfo& info) {                                             \
    std::string xml = ArgString(info, 1, "xml");                                                 \
    unsigned int flags = ArgFlags(info, 2);                                                      \
    return DomCall(info, #CALL, [xml, flags](virDomainPtr d) { return Check(CALL(d, xml.c_str(), flags), #CALL); }); \
  }

DOM_XML_FLAGS_OP(AttachDeviceFlags, virDomainAttachDeviceFlags)
DOM_XML_FLAGS_OP(DetachDeviceFlags, virDomainDetachDeviceFlags)
DOM_XML_FLAGS_OP(UpdateDeviceFlags, virDomainUpdateDeviceFlags)

Napi::Value InterfaceAddresses(const Napi::CallbackInfo& info) {
  unsigned int source = ArgUint(info, 1, "source");
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(info, "virDomainInterfaceAddresses", [source, flags](virDomainPtr d) {
    virDomainInterfacePtr* ifaces = nullptr;
    int n = virDomainInterfaceAddresses(d, &ifaces, source, flags);
    if (n < 0) ThrowLastError("virDomainInterfaceAddresses");
    Value a = Value::Arr();
    for (int i = 0; i < n; i++) {
      Value o = Value::Obj();
      o.Set("name", Value::StrOrNull(ifaces[i]->name));
      o.Set("hwaddr", Value::StrOrNull(ifaces[i]->hwaddr));
      Value addrs = Value::Arr();
      for (unsigned int j = 0; j < ifaces[i]->naddrs; j++) {
        Value ad = Value::Obj();
        ad.Set("type", Value::Num(ifaces[i]->addrs[j].type));
        ad.Set("addr", Value::StrOrNull(ifaces[i]->addrs[j].addr));
        ad.Set("prefix", Value::Num(ifaces[i]->addrs[j].prefix));
        addrs.Push(std::move(ad));
      }
      o.Set("addrs", std::move(addrs));
      a.Push(std::move(o));
      virDomainInterfaceFree(ifaces[i]);
    }
    free(ifaces);
    return a;
  });
}

Napi::Value SendKey(const Napi::CallbackInfo& info) {
  unsigned int codeset = ArgUint(info, 1, "codeset");
  unsigned int holdtime = ArgUint(info, 2, "holdtime");
  if (info.Length() < 4 || !info[3].IsArray()) throw Napi::TypeError::New(info.Env(), "argument 'keycodes' must be an array");
  Napi::Array arr = info[3].As<Napi::Array>();
  std::vector<unsigned int> keys;
  for (uint32_t i = 0; i < arr.Length(); i++) {
    Napi::Value v = arr.Get(i);
    if (!v.IsNumber()) throw Napi::TypeError::New(info.Env(), "argument 'keycodes' must hold numbers");
    double k = v.As<Napi::Number>().DoubleValue();
    if (k < 0 || k > 65535 || k != static_cast<double>(static_cast<unsigned int>(k))) {
      throw Napi::TypeError::New(info.Env(), "argument 'keycodes' must hold key codes (0..65535)");
    }
    keys.push_back(static_cast<unsigned int>(k));
  }
  unsigned int flags = ArgFlags(info, 4);
  return DomCall(info, "virDomainSendKey", [codeset, holdtime, keys, flags](virDomainPtr d) mutable {
    return Check(virDomainSendKey(d, codeset, holdtime, keys.data(), static_cast<int>(keys.size()), flags),
                 "virDomainSendKey");
  });
}

Napi::Value SetMetadata(const Napi::CallbackInfo& info) {
  int type = ArgInt(info, 1, "type");
  auto metadata = ArgOptString(info, 2, "metadata");
  auto key = ArgOptString(info, 3, "key");
  auto uri = ArgOptString(info, 4, "uri");
  unsigned int flags = ArgFlags(info, 5);
  return DomCall(info, "virDomainSetMetadata", [=](virDomainPtr d) {
    auto c = [](const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; };
    return Check(virDomainSetMetadata(d, type, c(metadata), c(key), c(uri), flags), "virDomainSetMetadata");
  });
}

Napi::Value Metadata(const Napi::CallbackInfo& info) {
  int type = ArgInt(info, 1, "type");
  auto uri = ArgOptString(info, 2, "uri");
  unsigned int flags = ArgFlags(info, 3);
  return DomCall(info, "virDomainGetMetadata", [=](virDomainPtr d) {
    return OwnedStr(virDomainGetMetadata(d, type, uri ? uri->c_str() : nullptr, flags), "virDomainGetMetadata");
  });
}

// ---------------------------------------------------------------- tuning (typed parameters)

// Fetches the current parameters: (dom, params, &n, flags) style getters that report the
// count when called with n == 0.
using ParamGetter = int (*)(virDomainPtr, virTypedParameterPtr, int*, unsigned int);
using ParamSetter = int (*)(virDomainPtr, virTypedParameterPtr, int, unsigned int);

struct OwnedParams {
  std::vector<virTypedParameter> p;
  int n = 0;
  ~OwnedParams() {
    if (n > 0) virTypedParamsClear(p.data(), n);
  }
};

// get(params, &n, flags): asked first with n == 0 for the count, then for the values.
template <typename G>
void FetchParamsWith(G get, unsigned int flags, const char* call, OwnedParams& out) {
  int n = 0;
  if (get(nullptr, &n, flags) < 0) ThrowLastError(call);
  out.p.resize(n > 0 ? n : 1);
  if (n > 0 && get(out.p.data(), &n, flags) < 0) ThrowLastError(call);
  out.n = n;
}

void FetchParams(virDomainPtr d, ParamGetter get, unsigned int flags, const char* call, OwnedParams& out) {
  FetchParamsWith([d, get](virTypedParameterPtr p, int* n, unsigned int f) { return get(d, p, n, f); }, flags, call, out);
}

// Without flags, the flag-less calls, as libvirt-python does: some drivers (the test driver
// among them) refuse the flags the *Flags variants add on their own.
int SchedGet(virDomainPtr d, virTypedParameterPtr p, int* n, unsigned int flags) {
  if (!p) {
    char* type = virDomainGetSchedulerType(d, n);
    if (!type) return -1;
    free(type);
    return 0;
  }
  return flags ? virDomainGetSchedulerParametersFlags(d, p, n, flags) : virDomainGetSchedulerParameters(d, p, n);
}

int SchedSet(virDomainPtr d, virTypedParameterPtr p, int n, unsigned int flags) {
  return flags ? virDomainSetSchedulerParametersFlags(d, p, n, flags) : virDomainSetSchedulerParameters(d, p, n);
}

Napi::Value GetParams(const Napi::CallbackInfo& info, const char* call, ParamGetter get) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, call, [flags, call, get](virDomainPtr d) {
    OwnedParams cur;
    FetchParams(d, get, flags, call, cur);
    return ParamsToValue(cur.p.data(), cur.n);
  });
}

Napi::Value SetParams(const Napi::CallbackInfo& info, const char* call, ParamGetter get, ParamSetter set) {
  auto scalars = ArgParams(info, 1, "params");
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(info, call, [scalars, flags, call, get, set](virDomainPtr d) {
    OwnedParams cur;
    // Types come from the live or config view the caller is about to change.
    FetchParams(d, get, flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), call, cur);
    ParamList list;
    BuildLike(list, scalars, cur.p.data(), cur.n, call);
    return Check(set(d, list.params(), list.size(), flags), call);
  });
}

Napi::Value SchedulerParameters(const Napi::CallbackInfo& info) {
  return GetParams(info, "virDomainGetSchedulerParametersFlags", SchedGet);
}
Napi::Value SetSchedulerParameters(const Napi::CallbackInfo& info) {
  return SetParams(info, "virDomainSetSchedulerParametersFlags", SchedGet, SchedSet);
}
Napi::Value MemoryParameters(const Napi::CallbackInfo& info) {
  return GetParams(info, "virDomainGetMemoryParameters", virDomainGetMemoryParameters);
}
Napi::Value SetMemoryParameters(const Napi::CallbackInfo& info) {
  return SetParams(info, "virDomainSetMemoryParameters", virDomainGetMemoryParameters, virDomainSetMemoryParameters);
}
Napi::Value BlkioParameters(const Napi::CallbackInfo& info) {
  return GetParams(info, "virDomainGetBlkioParameters", virDomainGetBlkioParameters);
}
Napi::Value SetBlkioParameters(const Napi::CallbackInfo& info) {
  return SetParams(info, "virDomainSetBlkioParameters", virDomainGetBlkioParameters, virDomainSetBlkioParameters);
}
Napi::Value NumaParameters(const Napi::CallbackInfo& info) {
  return GetParams(info, "virDomainGetNumaParameters", virDomainGetNumaParameters);
}
Napi::Value SetNumaParameters(const Napi::CallbackInfo& info) {
  return SetParams(info, "virDomainSetNumaParameters", virDomainGetNumaParameters, virDomainSetNumaParameters);
}

// The same for parameters of one device, named by argument 1 (a disk's target or source
// path; a NIC's target device or MAC address).
using KeyedParamGetter = int (*)(virDomainPtr, const char*, virTypedParameterPtr, int*, unsigned int);
using KeyedParamSetter = int (*)(virDomainPtr, const char*, virTypedParameterPtr, int, unsigned int);

void FetchKeyedParams(virDomainPtr d, const std::string& key, KeyedParamGetter get, unsigned int flags, const char* call,
                      OwnedParams& out) {
  FetchParamsWith([d, &key, get](virTypedParameterPtr p, int* n, unsigned int f) { return get(d, key.c_str(), p, n, f); },
                  flags, call, out);
}

Napi::Value GetKeyedParams(const Napi::CallbackInfo& info, const char* call, const char* keyName, KeyedParamGetter get) {
  std::string key = ArgString(info, 1, keyName);
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(info, call, [key, flags, call, get](virDomainPtr d) {
    OwnedParams cur;
    FetchKeyedParams(d, key, get, flags, call, cur);
    return ParamsToValue(cur.p.data(), cur.n);
  });
}

Napi::Value SetKeyedParams(const Napi::CallbackInfo& info, const char* call, const char* keyName, KeyedParamGetter get,
                           KeyedParamSetter set) {
  std::string key = ArgString(info, 1, keyName);
  auto scalars = ArgParams(info, 2, "params");
  unsigned int flags = ArgFlags(info, 3);
  return DomCall(info, call, [key, scalars, flags, call, get, set](virDomainPtr d) {
    OwnedParams cur;
    // Types come from the live or config view the caller is about to change.
    FetchKeyedParams(d, key, get, flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), call, cur);
    ParamList list;
    BuildLike(list, scalars, cur.p.data(), cur.n, call);
    return Check(set(d, key.c_str(), list.params(), list.size(), flags), call);
  });
}

Napi::Value BlockIoTune(const Napi::CallbackInfo& info) {
  return GetKeyedParams(info, "virDomainGetBlockIoTune", "disk", virDomainGetBlockIoTune);
}
Napi::Value SetBlockIoTune(const Napi::CallbackInfo& info) {
  return SetKeyedParams(info, "virDomainSetBlockIoTune", "disk", virDomainGetBlockIoTune, virDomainSetBlockIoTune);
}
Napi::Value InterfaceParameters(const Napi::CallbackInfo& info) {
  return GetKeyedParams(info, "virDomainGetInterfaceParameters", "device", virDomainGetInterfaceParameters);
}
Napi::Value SetInterfaceParameters(const Napi::CallbackInfo& info) {
  return SetKeyedParams(info, "virDomainSetInterfaceParameters", "device", virDomainGetInterfaceParameters,
                        virDomainSetInterfaceParameters);
}

// ---------------------------------------------------------------- vCPU pinning

// THREAD: JS. An array of booleans (true: host CPU i may be used) as libvirt's bitmap.
std::vector<unsigned char> ArgCpuMap(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || !info[i].IsArray()) throw Napi::TypeError::New(info.Env(), "argument 'cpumap' must be an array of booleans");
  Napi::Array arr = info[i].As<Napi::Array>();
  std::vector<unsigned char> map((arr.Length() + 7) / 8 + (arr.Length() == 0 ? 1 : 0), 0);
  for (uint32_t c = 0; c < arr.Length(); c++) {
    if (!arr.Get(c).IsBoolean()) throw Napi::TypeError::New(info.Env(), "argument 'cpumap' must be an array of booleans");
    if (arr.Get(c).As<Napi::Boolean>().Value()) VIR_USE_CPU(map.data(), c);
  }
  return map;
}

// THREAD: worker. The number of host CPUs, which sizes every pinning map.
int HostCpus(virDomainPtr d) {
  int n = virNodeGetCPUMap(virDomainGetConnect(d), nullptr, nullptr, 0);
  if (n < 0) ThrowLastError("virNodeGetCPUMap");
  return n;
}

Napi::Value PinVcpuFlags(const Napi::CallbackInfo& info) {
  unsigned int vcpu = ArgUint(info, 1, "vcpu");
  std::vector<unsigned char> map = ArgCpuMap(info, 2);
  unsigned int flags = ArgFlags(info, 3);
  return DomCall(info, "virDomainPinVcpuFlags", [vcpu, map, flags](virDomainPtr d) mutable {
    return Check(virDomainPinVcpuFlags(d, vcpu, map.data(), static_cast<int>(map.size()), flags), "virDomainPinVcpuFlags");
  });
}

Napi::Value VcpuPinInfo(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, "virDomainGetVcpuPinInfo", [flags](virDomainPtr d) {
    int hostCpus = HostCpus(d);
    int nvcpus = virDomainGetVcpusFlags(d, (flags & VIR_DOMAIN_AFFECT_CONFIG) ? VIR_DOMAIN_AFFECT_CONFIG | VIR_DOMAIN_VCPU_MAXIMUM
                                                                               : VIR_DOMAIN_VCPU_MAXIMUM);
    if (nvcpus < 0) ThrowLastError("virDomainGetVcpusFlags");
    int maplen = VIR_CPU_MAPLEN(hostCpus);
    std::vector<unsigned char> maps(static_cast<size_t>(nvcpus) * maplen + 1, 0);
    int n = virDomainGetVcpuPinInfo(d, nvcpus, maps.data(), maplen, flags);
    if (n < 0) ThrowLastError("virDomainGetVcpuPinInfo");
    Value a = Value::Arr();
    for (int v = 0; v < n; v++) {
      Value row = Value::Arr();
      for (int c = 0; c < hostCpus; c++) row.Push(Value::Bool(VIR_CPU_USABLE(maps.data(), maplen, v, c)));
      a.Push(std::move(row));
    }
    return a;
  });
}

Napi::Value PinEmulator(const Napi::CallbackInfo& info) {
  std::vector<unsigned char> map = ArgCpuMap(info, 1);
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(info, "virDomainPinEmulator", [map, flags](virDomainPtr d) mutable {
    return Check(virDomainPinEmulator(d, map.data(), static_cast<int>(map.size()), flags), "virDomainPinEmulator");
  });
}

Napi::Value EmulatorPinInfo(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, "virDomainGetEmulatorPinInfo", [flags](virDomainPtr d) {
    int hostCpus = HostCpus(d);
    int maplen = VIR_CPU_MAPLEN(hostCpus);
    std::vector<unsigned char> map(maplen > 0 ? maplen : 1, 0);
    int rc = virDomainGetEmulatorPinInfo(d, map.data(), maplen, flags);
    if (rc < 0) ThrowLastError("virDomainGetEmulatorPinInfo");
    Value a = Value::Arr();
    // 0: the domain has no emulator threads to pin; an empty map says so.
    if (rc > 0) {
      for (int c = 0; c < hostCpus; c++) a.Push(Value::Bool(VIR_CPU_USABLE(map.data(), maplen, 0, c)));
    }
    return a;
  });
}

// ---------------------------------------------------------------- block devices and jobs

Napi::Value BlockResize(const Napi::CallbackInfo& info) {
  std::string disk = ArgString(info, 1, "disk");
  uint64_t size = ArgU64(info, 2, "size");
  unsigned int flags = ArgFlags(info, 3);
  return DomCall(info, "virDomainBlockResize", [disk, size, flags](virDomainPtr d) {
    return Check(virDomainBlockResize(d, disk.c_str(), size, flags), "virDomainBlockResize");
  });
}

Napi::Value BlockInfo(const Napi::CallbackInfo& info) {
  std::string disk = ArgString(info, 1, "disk");
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(info, "virDomainGetBlockInfo", [disk, flags](virDomainPtr d) {
    virDomainBlockInfo bi;
    if (virDomainGetBlockInfo(d, disk.c_str(), &bi, flags) < 0) ThrowLastError("virDomainGetBlockInfo");
    Value o = Value::Obj();
    o.Set("capacity", Value::Num(static_cast<double>(bi.capacity)));
    o.Set("allocation", Value::Num(static_cast<double>(bi.allocation)));
    o.Set("physical", Value::Num(static_cast<double>(bi.physical)));
    return o;
  });
}

// The per-domain stats calls (the non-bulk pattern; the bulk call is connectGetAllDomainStats).
Napi::Value MemoryStats(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, "virDomainMemoryStats", [flags](virDomainPtr d) {
    static const char* names[] = {"swap_in", "swap_out", "major_fault", "minor_fault", "unused", "available", "actual",
                                  "rss", "usable", "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail"};
    virDomainMemoryStatStruct st[VIR_DOMAIN_MEMORY_STAT_NR];
    int n = virDomainMemoryStats(d, st, VIR_DOMAIN_MEMORY_STAT_NR, flags);
    if (n < 0) ThrowLastError("virDomainMemoryStats");
    Value o = Value::Obj();
    for (int i = 0; i < n; i++) {
      if (st[i].tag >= 0 && st[i].tag < static_cast<int>(sizeof(names) / sizeof(names[0]))) o.Set(names[st[i].tag], Value::U64(st[i].val));
    }
    return o;
  });
}

Napi::Value BlockStats(const Napi::CallbackInfo& info) {
  std::string disk = ArgString(info, 1, "disk");
  return DomCall(info, "virDomainBlockStats", [disk](virDomainPtr d) {
    virDomainBlockStatsStruct st;
    if (virDomainBlockStats(d, disk.c_str(), &st, sizeof(st)) < 0) ThrowLastError("virDomainBlockStats");
    Value o = Value::Obj();
    // -1 means "not supported by this driver" in libvirt's struct; it stays a number then.
    auto set = [&o](const char* k, long long v) { o.Set(k, v < 0 ? Value::Num(-1) : Value::U64(static_cast<uint64_t>(v))); };
    set("rdReq", st.rd_req);
    set("rdBytes", st.rd_bytes);
    set("wrReq", st.wr_req);
    set("wrBytes", st.wr_bytes);
    set("errs", st.errs);
    return o;
  });
}

Napi::Value InterfaceStats(const Napi::CallbackInfo& info) {
  std::string device = ArgString(info, 1, "device");
  return DomCall(info, "virDomainInterfaceStats", [device](virDomainPtr d) {
    virDomainInterfaceStatsStruct st;
    if (virDomainInterfaceStats(d, device.c_str(), &st, sizeof(st)) < 0) ThrowLastError("virDomainInterfaceStats");
    Value o = Value::Obj();
    // -1 means "not supported by this driver" in libvirt's struct; it stays a number then.
    auto set = [&o](const char* k, long long v) { o.Set(k, v < 0 ? Value::Num(-1) : Value::U64(static_cast<uint64_t>(v))); };
    set("rxBytes", st.rx_bytes);
    set("rxPackets", st.rx_packets);
    set("rxErrs", st.rx_errs);
    set("rxDrop", st.rx_drop);
    set("txBytes", st.tx_bytes);
    set("txPackets", st.tx_packets);
    set("txErrs", st.tx_errs);
    set("txDrop", st.tx_drop);
    return o;
  });
}

Napi::Value JobInfo(const Napi::CallbackInfo& info) {
  return DomCall(info, "virDomainGetJobInfo", [](virDomainPtr d) {
    virDomainJobInfo ji;
    if (virDomainGetJobInfo(d, &ji) < 0) ThrowLastError("virDomainGetJobInfo");
    Value o = Value::Obj();
    o.Set("type", Value::Num(ji.type));
    o.Set("timeElapsed", Value::U64(ji.timeElapsed));
    o.Set("timeRemaining", Value::U64(ji.timeRemaining));
    o.Set("dataTotal", Value::U64(ji.dataTotal));
    o.Set("dataProcessed", Value::U64(ji.dataProcessed));
    o.Set("dataRemaining", Value::U64(ji.dataRemaining));
    o.Set("memTotal", Value::U64(ji.memTotal));
    o.Set("memProcessed", Value::U64(ji.memProcessed));
    o.Set("memRemaining", Value::U64(ji.memRemaining));
    o.Set("fileTotal", Value::U64(ji.fileTotal));
    o.Set("fileProcessed", Value::U64(ji.fileProcessed));
    o.Set("fileRemaining", Value::U64(ji.fileRemaining));
    return o;
  });
}

Napi::Value JobStats(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, "virDomainGetJobStats", [flags](virDomainPtr d) {
    int type = 0, n = 0;
    virTypedParameterPtr params = nullptr;
    if (virDomainGetJobStats(d, &type, &params, &n, flags) < 0) ThrowLastError("virDomainGetJobStats");
    Value o = ParamsToValue(params, n);
    virTypedParamsFree(params, n);
    o.Set("type", Value::Num(type));
    return o;
  });
}

// ---------------------------------------------------------------- migration

// libvirt's documented types of VIR_MIGRATE_PARAM_* (libvirt-domain.h).
int MigrateParamType(const std::string& f) {
  static const char* strings[] = {VIR_MIGRATE_PARAM_URI,          VIR_MIGRATE_PARAM_DEST_NAME,
                                  VIR_MIGRATE_PARAM_DEST_XML,     VIR_MIGRATE_PARAM_PERSIST_XML,
                                  VIR_MIGRATE_PARAM_GRAPHICS_URI, VIR_MIGRATE_PARAM_LISTEN_ADDRESS,
                                  VIR_MIGRATE_PARAM_MIGRATE_DISKS, VIR_MIGRATE_PARAM_COMPRESSION,
                                  VIR_MIGRATE_PARAM_DISKS_URI,    VIR_MIGRATE_PARAM_TLS_DESTINATION};
  static const char* ullongs[] = {VIR_MIGRATE_PARAM_BANDWIDTH, VIR_MIGRATE_PARAM_COMPRESSION_XBZRLE_CACHE,
                                  VIR_MIGRATE_PARAM_BANDWIDTH_POSTCOPY};
  static const char* ints[] = {VIR_MIGRATE_PARAM_DISKS_PORT,
                               VIR_MIGRATE_PARAM_COMPRESSION_MT_LEVEL,
                               VIR_MIGRATE_PARAM_COMPRESSION_MT_THREADS,
                               VIR_MIGRATE_PARAM_COMPRESSION_MT_DTHREADS,
                               VIR_MIGRATE_PARAM_AUTO_CONVERGE_INITIAL,
                               VIR_MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT,
                               VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS,
#ifdef VIR_MIGRATE_PARAM_COMPRESSION_ZLIB_LEVEL
                               VIR_MIGRATE_PARAM_COMPRESSION_ZLIB_LEVEL,
                               VIR_MIGRATE_PARAM_COMPRESSION_ZSTD_LEVEL,
#endif
  };
  for (auto s : strings) if (f == s) return VIR_TYPED_PARAM_STRING;
  for (auto s : ullongs) if (f == s) return VIR_TYPED_PARAM_ULLONG;
  for (auto s : ints) if (f == s) return VIR_TYPED_PARAM_INT;
  return -1;
}

void BuildMigrateParams(ParamList& list, const std::vector<Scalar>& scalars, const char* call) {
  for (const Scalar& s : scalars) {
    int type = MigrateParamType(s.field);
    if (type < 0) {
      LvError e;
      e.call = call;
      e.code = VIR_ERR_INVALID_ARG;
      e.message = "unknown migration parameter '" + s.field + "'";
      throw e;
    }
    list.Add(s, type, call);
  }
}

Napi::Value MigrateToURI3(const Napi::CallbackInfo& info) {
  std::string dconnuri = ArgString(info, 1, "dconnuri");
  auto scalars = ArgParams(info, 2, "params");
  unsigned int flags = ArgFlags(info, 3);
  return DomCall(
      info, "virDomainMigrateToURI3",
      [dconnuri, scalars, flags](virDomainPtr d) {
        ParamList list;
        BuildMigrateParams(list, scalars, "virDomainMigrateToURI3");
        return Check(virDomainMigrateToURI3(d, dconnuri.c_str(), list.params(), list.size(), flags),
                     "virDomainMigrateToURI3");
      },
      LaneKind::Slow);
}

Napi::Value Migrate3(const Napi::CallbackInfo& info) {
  RefP dconn = TakeConnRef(info, 1, "virDomainMigrate3");
  auto scalars = ArgParams(info, 2, "params");
  unsigned int flags = ArgFlags(info, 3);
  RefP r = TakeRef(info, 0, Kind::Domain, "dom", "virDomainMigrate3");
  // The new domain belongs to the destination connection: its handle is made there.
  auto dcs = ArgConn(info, 1, "dconn");
  return Submit(
      info.Env(), dcs, "virDomainMigrate3",
      [r, dconn, scalars, flags]() {
        ParamList list;
        BuildMigrateParams(list, scalars, "virDomainMigrate3");
        virDomainPtr nd = virDomainMigrate3(static_cast<virDomainPtr>(r->ptr), static_cast<virConnectPtr>(dconn->ptr),
                                            list.params(), list.size(), flags);
        if (!nd) ThrowLastError("virDomainMigrate3");
        return Value::Handle(Kind::Domain, nd);
      },
      LaneKind::Slow);
}

// ---------------------------------------------------------------- snapshots

Napi::Value SnapshotCreateXML(const Napi::CallbackInfo& info) {
  std::string xml = ArgString(info, 1, "xml");
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(
      info, "virDomainSnapshotCreateXML",
      [xml, flags](virDomainPtr d) {
        virDomainSnapshotPtr s = virDomainSnapshotCreateXML(d, xml.c_str(), flags);
        if (!s) ThrowLastError("virDomainSnapshotCreateXML");
        return Value::Handle(Kind::Snapshot, s);
      },
      LaneKind::Slow);
}

Napi::Value ListAllSnapshots(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, "virDomainListAllSnapshots", [flags](virDomainPtr d) {
    virDomainSnapshotPtr* snaps = nullptr;
    int n = virDomainListAllSnapshots(d, &snaps, flags);
    if (n < 0) ThrowLastError("virDomainListAllSnapshots");
    return HandleList(snaps, n, Kind::Snapshot);
  });
}

Napi::Value SnapshotLookupByName(const Napi::CallbackInfo& info) {
  std::string name = ArgString(info, 1, "name");
  unsigned int flags = ArgFlags(info, 2);
  return DomCall(info, "virDomainSnapshotLookupByName", [name, flags](virDomainPtr d) {
    virDomainSnapshotPtr s = virDomainSnapshotLookupByName(d, name.c_str(), flags);
    if (!s) ThrowLastError("virDomainSnapshotLookupByName");
    return Value::Handle(Kind::Snapshot, s);
  });
}

Napi::Value SnapshotCurrent(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return DomCall(info, "virDomainSnapshotCurrent", [flags](virDomainPtr d) {
    virDomainSnapshotPtr s = virDomainSnapshotCurrent(d, flags);
    if (!s) ThrowLastError("virDomainSnapshotCurrent");
    return Value::Handle(Kind::Snapshot, s);
  });
}

Napi::Value RevertToSnapshot(const Napi::CallbackInfo& info) {
  RefP dom = TakeRef(info, 0, Kind::Domain, "dom", "virDomainRevertToSnapshot");
  RefP snap = TakeRef(info, 1, Kind::Snapshot, "snapshot", "virDomainRevertToSnapshot");
  unsigned int flags = ArgFlags(info, 2);
  return Submit(
      info.Env(), ArgHandle(info, 0, Kind::Domain, "dom")->conn, "virDomainRevertToSnapshot",
      [dom, snap, flags]() {
        return Check(virDomainRevertToSnapshot(static_cast<virDomainSnapshotPtr>(snap->ptr), flags),
                     "virDomainRevertToSnapshot");
      },
      LaneKind::Slow);
}

}  // namespace

void InitDomain(Napi::Env env, Napi::Object exports) {
  Export(env, exports, "domainIdent", Ident);
  Export(env, exports, "domainCreate", Create);
  Export(env, exports, "domainShutdown", Shutdown);
  Export(env, exports, "domainShutdownFlags", ShutdownFlags);
  Export(env, exports, "domainReboot", Reboot);
  Export(env, exports, "domainReset", Reset);
  Export(env, exports, "domainDestroy", Destroy);
  Export(env, exports, "domainSuspend", Suspend);
  Export(env, exports, "domainResume", Resume);
  Export(env, exports, "domainPMWakeup", PMWakeup);
  Export(env, exports, "domainManagedSave", ManagedSave);
  Export(env, exports, "domainManagedSaveRemove", ManagedSaveRemove);
  Export(env, exports, "domainHasManagedSaveImage", HasManagedSaveImage);
  Export(env, exports, "domainUndefineFlags", UndefineFlags);
  Export(env, exports, "domainAbortJob", AbortJob);
  Export(env, exports, "domainIsActive", IsActive);
  Export(env, exports, "domainIsPersistent", IsPersistent);
  Export(env, exports, "domainGetAutostart", GetAutostart);
  Export(env, exports, "domainSetAutostart", SetAutostart);
  Export(env, exports, "domainInfo", Info);
  Export(env, exports, "domainState", State);
  Export(env, exports, "domainXMLDesc", XMLDesc);
  Export(env, exports, "domainSetMemoryFlags", SetMemoryFlags);
  Export(env, exports, "domainSetVcpusFlags", SetVcpusFlags);
  Export(env, exports, "domainVcpusFlags", VcpusFlags);
  Export(env, exports, "domainRename", Rename);
  Export(env, exports, "domainHostname", Hostname);
  Export(env, exports, "domainGuestInfo", GuestInfo);
  Export(env, exports, "domainAttachDeviceFlags", AttachDeviceFlags);
  Export(env, exports, "domainDetachDeviceFlags", DetachDeviceFlags);
  Export(env, exports, "domainUpdateDeviceFlags", UpdateDeviceFlags);
  Export(env, exports, "domainInterfaceAddresses", InterfaceAddresses);
  Export(env, exports, "domainSendKey", SendKey);
  Export(env, exports, "domainSetMetadata", SetMetadata);
  Export(env, exports, "domainMetadata", Metadata);
  Export(env, exports, "domainSchedulerParameters", SchedulerParameters);
  Export(env, exports, "domainSetSchedulerParameters", SetSchedulerParameters);
  Export(env, exports, "domainMemoryParameters", MemoryParameters);
  Export(env, exports, "domainSetMemoryParameters", SetMemoryParameters);
  Export(env, exports, "domainBlkioParameters", BlkioParameters);
  Export(env, exports, "domainSetBlkioParameters", SetBlkioParameters);
  Export(env, exports, "domainNumaParameters", NumaParameters);
  Export(env, exports, "domainSetNumaParameters", SetNumaParameters);
  Export(env, exports, "domainBlockIoTune", BlockIoTune);
  Export(env, exports, "domainSetBlockIoTune", SetBlockIoTune);
  Export(env, exports, "domainInterfaceParameters", InterfaceParameters);
  Export(env, exports, "domainSetInterfaceParameters", SetInterfaceParameters);
  Export(env, exports, "domainPinVcpuFlags", PinVcpuFlags);
  Export(env, exports, "domainVcpuPinInfo", VcpuPinInfo);
  Export(env, exports, "domainPinEmulator", PinEmulator);
  Export(env, exports, "domainEmulatorPinInfo", EmulatorPinInfo);
  Export(env, exports, "domainBlockResize", BlockResize);
  Export(env, exports, "domainBlockInfo", BlockInfo);
  Export(env, exports, "domainMemoryStats", MemoryStats);
  Export(env, exports, "domainBlockStats", BlockStats);
  Export(env, exports, "domainInterfaceStats", InterfaceStats);
  Export(env, exports, "domainJobInfo", JobInfo);
  Export(env, exports, "domainJobStats", JobStats);
  Export(env, exports, "domainMigrateToURI3", MigrateToURI3);
  Export(env, exports, "domainMigrate3", Migrate3);
  Export(env, exports, "domainSnapshotCreateXML", SnapshotCreateXML);
  Export(env, exports, "domainListAllSnapshots", ListAllSnapshots);
  Export(env, exports, "domainSnapshotLookupByName", SnapshotLookupByName);
  Export(env, exports, "domainSnapshotCurrent", SnapshotCurrent);
  Export(env, exports, "domainRevertToSnapshot", RevertToSnapshot);
}

}  // namespace vd
