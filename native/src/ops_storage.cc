// Storage pool and volume calls (volume transfers live in streams.cc).
#include "core.h"

namespace vd {
namespace {

template <typename F>
Napi::Value PoolCall(const Napi::CallbackInfo& info, const char* call, F f, LaneKind lane = LaneKind::Fast) {
  return ObjCall<virStoragePoolPtr>(info, Kind::StoragePool, "pool", call, f, lane);
}
template <typename F>
Napi::Value VolCall(const Napi::CallbackInfo& info, const char* call, F f, LaneKind lane = LaneKind::Fast) {
  return ObjCall<virStorageVolPtr>(info, Kind::StorageVol, "vol", call, f, lane);
}

Napi::Value PoolIdent(const Napi::CallbackInfo& info) {
  HandleData* h = ArgHandle(info, 0, Kind::StoragePool, "pool");
  std::lock_guard<std::mutex> lk(h->conn->mu);
  LiveHandle(info, 0, Kind::StoragePool, "pool", "virStoragePoolGetName");
  auto p = static_cast<virStoragePoolPtr>(h->ptr);
  char uuid[VIR_UUID_STRING_BUFLEN] = {0};
  virStoragePoolGetUUIDString(p, uuid);
  Napi::Object o = Napi::Object::New(info.Env());
  const char* name = virStoragePoolGetName(p);
  o.Set("name", name ? name : "");
  o.Set("uuid", uuid);
  return o;
}

Napi::Value PoolInfo(const Napi::CallbackInfo& info) {
  return PoolCall(info, "virStoragePoolGetInfo", [](virStoragePoolPtr p) {
    virStoragePoolInfo pi;
    if (virStoragePoolGetInfo(p, &pi) < 0) ThrowLastError("virStoragePoolGetInfo");
    Value o = Value::Obj();
    o.Set("state", Value::Num(pi.state));
    o.Set("capacity", Value::Num(static_cast<double>(pi.capacity)));
    o.Set("allocation", Value::Num(static_cast<double>(pi.allocation)));
    o.Set("available", Value::Num(static_cast<double>(pi.available)));
    return o;
  });
}

Napi::Value PoolXMLDesc(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return PoolCall(info, "virStoragePoolGetXMLDesc", [flags](virStoragePoolPtr p) {
    return OwnedStr(virStoragePoolGetXMLDesc(p, flags), "virStoragePoolGetXMLDesc");
  });
}

#define POOL_FLAGS_OP(NAME, CALL, LANE)                                                                  \
  Napi::Value NAME(const Napi::CallbackInfo& info) {                                                     \
    unsigned int flags = ArgFlags(info, 1);                                                              \
    return PoolCall(info, #CALL, [flags](virStoragePoolPtr p) { return CheckNum(CALL(p, flags), #CALL); }, LANE); \
  }
#define POOL_OP(NAME, CALL)                                                                              \
  Napi::Value NAME(const Napi::CallbackInfo& info) {                                                     \
    return PoolCall(info, #CALL, [](virStoragePoolPtr p) { return CheckNum(CALL(p), #CALL); });          \
  }

POOL_FLAGS_OP(PoolBuild, virStoragePoolBuild, LaneKind::Slow)
POOL_FLAGS_OP(PoolCreate, virStoragePoolCreate, LaneKind::Fast)
POOL_OP(PoolDestroy, virStoragePoolDestroy)
POOL_OP(PoolUndefine, virStoragePoolUndefine)
POOL_FLAGS_OP(PoolDelete, virStoragePoolDelete, LaneKind::Slow)
POOL_FLAGS_OP(PoolRefresh, virStoragePoolRefresh, LaneKind::Fast)

Napi::Value PoolIsActive(const Napi::CallbackInfo& info) {
  return PoolCall(info, "virStoragePoolIsActive",
                  [](virStoragePoolPtr p) { return CheckBool(virStoragePoolIsActive(p), "virStoragePoolIsActive"); });
}
Napi::Value PoolIsPersistent(const Napi::CallbackInfo& info) {
  return PoolCall(info, "virStoragePoolIsPersistent",
                  [](virStoragePoolPtr p) { return CheckBool(virStoragePoolIsPersistent(p), "virStoragePoolIsPersistent"); });
}
Napi::Value PoolGetAutostart(const Napi::CallbackInfo& info) {
  return PoolCall(info, "virStoragePoolGetAutostart", [](virStoragePoolPtr p) {
    int v = 0;
    if (virStoragePoolGetAutostart(p, &v) < 0) ThrowLastError("virStoragePoolGetAutostart");
    return Value::Bool(v != 0);
  });
}
Napi::Value PoolSetAutostart(const Napi::CallbackInfo& info) {
  bool on = ArgBool(info, 1, "autostart");
  return PoolCall(info, "virStoragePoolSetAutostart", [on](virStoragePoolPtr p) {
    return CheckNum(virStoragePoolSetAutostart(p, on ? 1 : 0), "virStoragePoolSetAutostart");
  });
}

Napi::Value PoolListAllVolumes(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return PoolCall(info, "virStoragePoolListAllVolumes", [flags](virStoragePoolPtr p) {
    virStorageVolPtr* vols = nullptr;
    int n = virStoragePoolListAllVolumes(p, &vols, flags);
    if (n < 0) ThrowLastError("virStoragePoolListAllVolumes");
    return HandleList(vols, n, Kind::StorageVol);
  });
}

Napi::Value PoolVolLookupByName(const Napi::CallbackInfo& info) {
  std::string name = ArgString(info, 1, "name");
  return PoolCall(info, "virStorageVolLookupByName", [name](virStoragePoolPtr p) {
    virStorageVolPtr v = virStorageVolLookupByName(p, name.c_str());
    if (!v) ThrowLastError("virStorageVolLookupByName");
    return Value::Handle(Kind::StorageVol, v);
  });
}

Napi::Value PoolCreateVolXML(const Napi::CallbackInfo& info) {
  std::string xml = ArgString(info, 1, "xml");
  unsigned int flags = ArgFlags(info, 2);
  return PoolCall(
      info, "virStorageVolCreateXML",
      [xml, flags](virStoragePoolPtr p) {
        virStorageVolPtr v = virStorageVolCreateXML(p, xml.c_str(), flags);
        if (!v) ThrowLastError("virStorageVolCreateXML");
        return Value::Handle(Kind::StorageVol, v);
      },
      LaneKind::Slow);
}

Napi::Value PoolCreateVolXMLFrom(const Napi::CallbackInfo& info) {
  std::string xml = ArgString(info, 1, "xml");
  RefP clone = TakeRef(info, 2, Kind::StorageVol, "clonevol", "virStorageVolCreateXMLFrom");
  unsigned int flags = ArgFlags(info, 3);
  return PoolCall(
      info, "virStorageVolCreateXMLFrom",
      [xml, clone, flags](virStoragePoolPtr p) {
        virStorageVolPtr v = virStorageVolCreateXMLFrom(p, xml.c_str(), static_cast<virStorageVolPtr>(clone->ptr), flags);
        if (!v) ThrowLastError("virStorageVolCreateXMLFrom");
        return Value::Handle(Kind::StorageVol, v);
      },
      LaneKind::Slow);
}

// ---------------------------------------------------------------- volumes

Napi::Value VolIdent(const Napi::CallbackInfo& info) {
  HandleData* h = ArgHandle(info, 0, Kind::StorageVol, "vol");
  std::lock_guard<std::mutex> lk(h->conn->mu);
  LiveHandle(info, 0, Kind::StorageVol, "vol", "virStorageVolGetName");
  auto v = static_cast<virStorageVolPtr>(h->ptr);
  Napi::Object o = Napi::Object::New(info.Env());
  const char* name = virStorageVolGetName(v);
  const char* key = virStorageVolGetKey(v);
  o.Set("name", name ? name : "");
  o.Set("key", key ? key : "");
  return o;
}

Napi::Value VolPath(const Napi::CallbackInfo& info) {
  return VolCall(info, "virStorageVolGetPath",
                 [](virStorageVolPtr v) { return OwnedStr(virStorageVolGetPath(v), "virStorageVolGetPath"); });
}

Napi::Value VolInfo(const Napi::CallbackInfo& info) {
  return VolCall(info, "virStorageVolGetInfo", [](virStorageVolPtr v) {
    virStorageVolInfo vi;
    if (virStorageVolGetInfo(v, &vi) < 0) ThrowLastError("virStorageVolGetInfo");
    Value o = Value::Obj();
    o.Set("type", Value::Num(vi.type));
    o.Set("capacity", Value::Num(static_cast<double>(vi.capacity)));
    o.Set("allocation", Value::Num(static_cast<double>(vi.allocation)));
    return o;
  });
}

Napi::Value VolXMLDesc(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return VolCall(info, "virStorageVolGetXMLDesc", [flags](virStorageVolPtr v) {
    return OwnedStr(virStorageVolGetXMLDesc(v, flags), "virStorageVolGetXMLDesc");
  });
}

Napi::Value VolDelete(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return VolCall(
      info, "virStorageVolDelete",
      [flags](virStorageVolPtr v) { return CheckNum(virStorageVolDelete(v, flags), "virStorageVolDelete"); }, LaneKind::Slow);
}

Napi::Value VolWipe(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return VolCall(
      info, "virStorageVolWipe", [flags](virStorageVolPtr v) { return CheckNum(virStorageVolWipe(v, flags), "virStorageVolWipe"); },
      LaneKind::Slow);
}

Napi::Value VolResize(const Napi::CallbackInfo& info) {
  uint64_t capacity = ArgU64(info, 1, "capacity");
  unsigned int flags = ArgFlags(info, 2);
  return VolCall(
      info, "virStorageVolResize",
      [capacity, flags](virStorageVolPtr v) {
        return CheckNum(virStorageVolResize(v, capacity, flags), "virStorageVolResize");
      },
      LaneKind::Slow);
}

}  // namespace

void InitStorage(Napi::Env env, Napi::Object exports) {
  Export(env, exports, "storagePoolIdent", PoolIdent);
  Export(env, exports, "storagePoolInfo", PoolInfo);
  Export(env, exports, "storagePoolXMLDesc", PoolXMLDesc);
  Export(env, exports, "storagePoolBuild", PoolBuild);
  Export(env, exports, "storagePoolCreate", PoolCreate);
  Export(env, exports, "storagePoolDestroy", PoolDestroy);
  Export(env, exports, "storagePoolUndefine", PoolUndefine);
  Export(env, exports, "storagePoolDelete", PoolDelete);
  Export(env, exports, "storagePoolRefresh", PoolRefresh);
  Export(env, exports, "storagePoolIsActive", PoolIsActive);
  Export(env, exports, "storagePoolIsPersistent", PoolIsPersistent);
  Export(env, exports, "storagePoolGetAutostart", PoolGetAutostart);
  Export(env, exports, "storagePoolSetAutostart", PoolSetAutostart);
  Export(env, exports, "storagePoolListAllVolumes", PoolListAllVolumes);
  Export(env, exports, "storagePoolVolLookupByName", PoolVolLookupByName);
  Export(env, exports, "storagePoolCreateVolXML", PoolCreateVolXML);
  Export(env, exports, "storagePoolCreateVolXMLFrom", PoolCreateVolXMLFrom);
  Export(env, exports, "storageVolIdent", VolIdent);
  Export(env, exports, "storageVolPath", VolPath);
  Export(env, exports, "storageVolInfo", VolInfo);
  Export(env, exports, "storageVolXMLDesc", VolXMLDesc);
  Export(env, exports, "storageVolDelete", VolDelete);
  Export(env, exports, "storageVolWipe", VolWipe);
  Export(env, exports, "storageVolResize", VolResize);
}

}  // namespace vd
