// Node devices, host interfaces and domain snapshots.
#include "core.h"

namespace vd {
namespace {

Napi::Value NodeDeviceIdent(const Napi::CallbackInfo& info) {
  HandleData* h = ArgHandle(info, 0, Kind::NodeDevice, "dev");
  std::lock_guard<std::mutex> lk(h->conn->mu);
  LiveHandle(info, 0, Kind::NodeDevice, "dev", "virNodeDeviceGetName");
  const char* name = virNodeDeviceGetName(static_cast<virNodeDevicePtr>(h->ptr));
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("name", name ? name : "");
  return o;
}

Napi::Value NodeDeviceXMLDesc(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return ObjCall<virNodeDevicePtr>(info, Kind::NodeDevice, "dev", "virNodeDeviceGetXMLDesc", [flags](virNodeDevicePtr d) {
    return OwnedStr(virNodeDeviceGetXMLDesc(d, flags), "virNodeDeviceGetXMLDesc");
  });
}

Napi::Value NodeDeviceListCaps(const Napi::CallbackInfo& info) {
  return ObjCall<virNodeDevicePtr>(info, Kind::NodeDevice, "dev", "virNodeDeviceListCaps", [](virNodeDevicePtr d) {
    int n = virNodeDeviceNumOfCaps(d);
    if (n < 0) ThrowLastError("virNodeDeviceNumOfCaps");
    std::vector<char*> names(n > 0 ? n : 1, nullptr);
    int got = n > 0 ? virNodeDeviceListCaps(d, names.data(), n) : 0;
    if (got < 0) ThrowLastError("virNodeDeviceListCaps");
    Value a = Value::Arr();
    for (int i = 0; i < got; i++) {
      a.Push(Value::Str(names[i]));
      free(names[i]);
    }
    return a;
  });
}

Napi::Value InterfaceIdent(const Napi::CallbackInfo& info) {
  HandleData* h = ArgHandle(info, 0, Kind::Interface, "iface");
  std::lock_guard<std::mutex> lk(h->conn->mu);
  LiveHandle(info, 0, Kind::Interface, "iface", "virInterfaceGetName");
  auto i = static_cast<virInterfacePtr>(h->ptr);
  const char* name = virInterfaceGetName(i);
  const char* mac = virInterfaceGetMACString(i);
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("name", name ? name : "");
  o.Set("mac", mac ? mac : "");
  return o;
}

Napi::Value InterfaceXMLDesc(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return ObjCall<virInterfacePtr>(info, Kind::Interface, "iface", "virInterfaceGetXMLDesc", [flags](virInterfacePtr i) {
    return OwnedStr(virInterfaceGetXMLDesc(i, flags), "virInterfaceGetXMLDesc");
  });
}

Napi::Value InterfaceIsActive(const Napi::CallbackInfo& info) {
  return ObjCall<virInterfacePtr>(info, Kind::Interface, "iface", "virInterfaceIsActive", [](virInterfacePtr i) {
    return CheckBool(virInterfaceIsActive(i), "virInterfaceIsActive");
  });
}

Napi::Value SnapshotIdent(const Napi::CallbackInfo& info) {
  HandleData* h = ArgHandle(info, 0, Kind::Snapshot, "snapshot");
  std::lock_guard<std::mutex> lk(h->conn->mu);
  LiveHandle(info, 0, Kind::Snapshot, "snapshot", "virDomainSnapshotGetName");
  const char* name = virDomainSnapshotGetName(static_cast<virDomainSnapshotPtr>(h->ptr));
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("name", name ? name : "");
  return o;
}

template <typename F>
Napi::Value SnapCall(const Napi::CallbackInfo& info, const char* call, F f, LaneKind lane = LaneKind::Fast) {
  return ObjCall<virDomainSnapshotPtr>(info, Kind::Snapshot, "snapshot", call, f, lane);
}

Napi::Value SnapshotXMLDesc(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return SnapCall(info, "virDomainSnapshotGetXMLDesc", [flags](virDomainSnapshotPtr s) {
    return OwnedStr(virDomainSnapshotGetXMLDesc(s, flags), "virDomainSnapshotGetXMLDesc");
  });
}

Napi::Value SnapshotParent(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return SnapCall(info, "virDomainSnapshotGetParent", [flags](virDomainSnapshotPtr s) {
    virDomainSnapshotPtr p = virDomainSnapshotGetParent(s, flags);
    if (!p) ThrowLastError("virDomainSnapshotGetParent");
    return Value::Handle(Kind::Snapshot, p);
  });
}

Napi::Value SnapshotIsCurrent(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return SnapCall(info, "virDomainSnapshotIsCurrent", [flags](virDomainSnapshotPtr s) {
    return CheckBool(virDomainSnapshotIsCurrent(s, flags), "virDomainSnapshotIsCurrent");
  });
}

Napi::Value SnapshotDelete(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return SnapCall(
      info, "virDomainSnapshotDelete",
      [flags](virDomainSnapshotPtr s) { return CheckNum(virDomainSnapshotDelete(s, flags), "virDomainSnapshotDelete"); },
      LaneKind::Slow);
}

Napi::Value SnapshotListAllChildren(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return SnapCall(info, "virDomainSnapshotListAllChildren", [flags](virDomainSnapshotPtr s) {
    virDomainSnapshotPtr* kids = nullptr;
    int n = virDomainSnapshotListAllChildren(s, &kids, flags);
    if (n < 0) ThrowLastError("virDomainSnapshotListAllChildren");
    return HandleList(kids, n, Kind::Snapshot);
  });
}

}  // namespace

void InitMisc(Napi::Env env, Napi::Object exports) {
  Export(env, exports, "nodeDeviceIdent", NodeDeviceIdent);
  Export(env, exports, "nodeDeviceXMLDesc", NodeDeviceXMLDesc);
  Export(env, exports, "nodeDeviceListCaps", NodeDeviceListCaps);
  Export(env, exports, "interfaceIdent", InterfaceIdent);
  Export(env, exports, "interfaceXMLDesc", InterfaceXMLDesc);
  Export(env, exports, "interfaceIsActive", InterfaceIsActive);
  Export(env, exports, "snapshotIdent", SnapshotIdent);
  Export(env, exports, "snapshotXMLDesc", SnapshotXMLDesc);
  Export(env, exports, "snapshotParent", SnapshotParent);
  Export(env, exports, "snapshotIsCurrent", SnapshotIsCurrent);
  Export(env, exports, "snapshotDelete", SnapshotDelete);
  Export(env, exports, "snapshotListAllChildren", SnapshotListAllChildren);
}

}  // namespace vd
