// Module entry: libvirt's event loop, error reporting and the per-environment state.
#include <pthread.h>

#include <chrono>

#include "core.h"

namespace vd {

AddonData* Addon(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

namespace {

// libvirt prints every error to stderr unless told otherwise; errors reach JS instead.
void SilentErrorFunc(void*, virErrorPtr) {}

// The default event loop must be registered before any connection is opened: keepalive,
// domain events and non-blocking streams all run on it. It lives for the whole process on
// a detached thread, so it never holds up process exit.
void StartEventLoopOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    virInitialize();
    virSetErrorFunc(nullptr, SilentErrorFunc);
    if (virEventRegisterDefaultImpl() < 0) {
      virResetLastError();
      return;
    }
    std::thread([] {
      // THREAD: libvirt-events
      pthread_setname_np(pthread_self(), "libvirt-events");
      for (;;) {
        if (virEventRunDefaultImpl() < 0) {
          virResetLastError();
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
    }).detach();
  });
}

Napi::Value GetVersion(const Napi::CallbackInfo& info) {
  unsigned long version = 0;
  if (virGetVersion(&version, nullptr, nullptr) < 0) {
    throw MakeError(info.Env(), LastError("virGetVersion"));
  }
  return Napi::Number::New(info.Env(), static_cast<double>(version));
}

// setRuntime({ dispatch, LibvirtError }): the lib hands over the JS side of events and errors.
Napi::Value SetRuntime(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsObject()) {
    throw Napi::TypeError::New(info.Env(), "argument 'runtime' must be an object");
  }
  Napi::Object rt = info[0].As<Napi::Object>();
  Napi::Value dispatch = rt.Get("dispatch");
  Napi::Value errorClass = rt.Get("LibvirtError");
  if (!dispatch.IsFunction() || !errorClass.IsFunction()) {
    throw Napi::TypeError::New(info.Env(), "runtime needs functions 'dispatch' and 'LibvirtError'");
  }
  AddonData* a = Addon(info.Env());
  a->dispatcher = Napi::Persistent(dispatch.As<Napi::Function>());
  a->errorClass = Napi::Persistent(errorClass.As<Napi::Function>());
  return info.Env().Undefined();
}

Napi::Value DroppedEvents(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Addon(info.Env())->droppedEvents.load()));
}

void FinalizeAddon(Napi::Env, AddonData* d) { d->Teardown(); }

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  StartEventLoopOnce();
  auto* data = new AddonData(env);
  env.SetInstanceData<AddonData, FinalizeAddon>(data);

  exports.Set("getVersion", Napi::Function::New(env, GetVersion, "getVersion"));
  exports.Set("setRuntime", Napi::Function::New(env, SetRuntime, "setRuntime"));
  exports.Set("droppedEvents", Napi::Function::New(env, DroppedEvents, "droppedEvents"));
  InitConnect(env, exports);
  InitDomain(env, exports);
  InitNetwork(env, exports);
  InitStorage(env, exports);
  InitMisc(env, exports);
  InitEvents(env, exports);
  InitStreams(env, exports);
  InitProcessTty(env, exports);
  return exports;
}

}  // namespace vd

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return vd::Init(env, exports); }

NODE_API_MODULE(virtdeck, InitModule)
