// Virtual network calls.
#include "core.h"

namespace vd {
namespace {

template <typename F>
Napi::Value NetCall(const Napi::CallbackInfo& info, const char* call, F f) {
  return ObjCall<virNetworkPtr>(info, Kind::Network, "net", call, f);
}

Napi::Value Ident(const Napi::CallbackInfo& info) {
  HandleData* h = ArgHandle(info, 0, Kind::Network, "net");
  std::lock_guard<std::mutex> lk(h->conn->mu);
  LiveHandle(info, 0, Kind::Network, "net", "virNetworkGetName");
  auto n = static_cast<virNetworkPtr>(h->ptr);
  char uuid[VIR_UUID_STRING_BUFLEN] = {0};
  virNetworkGetUUIDString(n, uuid);
  Napi::Object o = Napi::Object::New(info.Env());
  const char* name = virNetworkGetName(n);
  o.Set("name", name ? name : "");
  o.Set("uuid", uuid);
  return o;
}

Napi::Value XMLDesc(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgFlags(info, 1);
  return NetCall(info, "virNetworkGetXMLDesc",
                 [flags](virNetworkPtr n) { return OwnedStr(virNetworkGetXMLDesc(n, flags), "virNetworkGetXMLDesc"); });
}
Napi::Value Create(const Napi::CallbackInfo& info) {
  return NetCall(info, "virNetworkCreate", [](virNetworkPtr n) { return CheckNum(virNetworkCreate(n), "virNetworkCreate"); });
}
Napi::Value Destroy(const Napi::CallbackInfo& info) {
  return NetCall(info, "virNetworkDestroy", [](virNetworkPtr n) { return CheckNum(virNetworkDestroy(n), "virNetworkDestroy"); });
}
Napi::Value Undefine(const Napi::CallbackInfo& info) {
  return NetCall(info, "virNetworkUndefine",
                 [](virNetworkPtr n) { return CheckNum(virNetworkUndefine(n), "virNetworkUndefine"); });
}
Napi::Value IsActive(const Napi::CallbackInfo& info) {
  return NetCall(info, "virNetworkIsActive",
                 [](virNetworkPtr n) { return CheckBool(virNetworkIsActive(n), "virNetworkIsActive"); });
}
Napi::Value IsPersistent(const Napi::CallbackInfo& info) {
  return NetCall(info, "virNetworkIsPersistent",
                 [](virNetworkPtr n) { return CheckBool(virNetworkIsPersistent(n), "virNetworkIsPersistent"); });
}
Napi::Value GetAutostart(const Napi::CallbackInfo& info) {
  return NetCall(info, "virNetworkGetAutostart", [](virNetworkPtr n) {
    int v = 0;
    if (virNetworkGetAutostart(n, &v) < 0) ThrowLastError("virNetworkGetAutostart");
    return Value::Bool(v != 0);
  });
}
Napi::Value SetAutostart(const Napi::CallbackInfo& info) {
  bool on = ArgBool(info, 1, "autostart");
  return NetCall(info, "virNetworkSetAutostart",
                 [on](virNetworkPtr n) { return CheckNum(virNetworkSetAutostart(n, on ? 1 : 0), "virNetworkSetAutostart"); });
}
Napi::Value GetBridgeName(const Napi::CallbackInfo& info) {
  return NetCall(info, "virNetworkGetBridgeName",
                 [](virNetworkPtr n) { return OwnedStr(virNetworkGetBridgeName(n), "virNetworkGetBridgeName"); });
}

Napi::Value DHCPLeases(const Napi::CallbackInfo& info) {
  auto mac = ArgOptString(info, 1, "mac");
  unsigned int flags = ArgFlags(info, 2);
  return NetCall(info, "virNetworkGetDHCPLeases", [mac, flags](virNetworkPtr n) {
    virNetworkDHCPLeasePtr* leases = nullptr;
    int count = virNetworkGetDHCPLeases(n, mac ? mac->c_str() : nullptr, &leases, flags);
    if (count < 0) ThrowLastError("virNetworkGetDHCPLeases");
    Value a = Value::Arr();
    for (int i = 0; i < count; i++) {
      virNetworkDHCPLeasePtr l = leases[i];
      Value o = Value::Obj();
      o.Set("iface", Value::StrOrNull(l->iface));
      o.Set("expirytime", Value::Num(static_cast<double>(l->expirytime)));
      o.Set("type", Value::Num(l->type));
      o.Set("mac", Value::StrOrNull(l->mac));
      o.Set("iaid", Value::StrOrNull(l->iaid));
      o.Set("ipaddr", Value::StrOrNull(l->ipaddr));
      o.Set("prefix", Value::Num(l->prefix));
      o.Set("hostname", Value::StrOrNull(l->hostname));
      o.Set("clientid", Value::StrOrNull(l->clientid));
      a.Push(std::move(o));
      virNetworkDHCPLeaseFree(l);
    }
    free(leases);
    return a;
  });
}

Napi::Value Update(const Napi::CallbackInfo& info) {
  unsigned int command = ArgUint(info, 1, "command");
  unsigned int section = ArgUint(info, 2, "section");
  int parentIndex = ArgInt(info, 3, "parentIndex");
  std::string xml = ArgString(info, 4, "xml");
  unsigned int flags = ArgFlags(info, 5);
  return NetCall(info, "virNetworkUpdate", [=](virNetworkPtr n) {
    return CheckNum(virNetworkUpdate(n, command, section, parentIndex, xml.c_str(), flags), "virNetworkUpdate");
  });
}

}  // namespace

void InitNetwork(Napi::Env env, Napi::Object exports) {
  Export(env, exports, "networkIdent", Ident);
  Export(env, exports, "networkXMLDesc", XMLDesc);
  Export(env, exports, "networkCreate", Create);
  Export(env, exports, "networkDestroy", Destroy);
  Export(env, exports, "networkUndefine", Undefine);
  Export(env, exports, "networkIsActive", IsActive);
  Export(env, exports, "networkIsPersistent", IsPersistent);
  Export(env, exports, "networkGetAutostart", GetAutostart);
  Export(env, exports, "networkSetAutostart", SetAutostart);
  Export(env, exports, "networkGetBridgeName", GetBridgeName);
  Export(env, exports, "networkDHCPLeases", DHCPLeases);
  Export(env, exports, "networkUpdate", Update);
}

}  // namespace vd
