// Non-blocking libvirt streams driven by libvirt's event loop, and the calls that attach a
// stream to something (screenshot, console, volume upload/download).
//
// Reads: while JS wants data, the stream's READABLE callback pulls chunks on the event-loop
// thread and posts copies to JS (Electron forbids external buffers). JS pauses reading when
// its Readable buffer is full. Writes: JS queues copies; the WRITABLE callback sends them and
// resolves each write's promise once libvirt took all of it, which is the backpressure.
#include "core.h"

namespace vd {

struct StreamState {
  AddonData* addon;
  uint32_t key;
  virStreamPtr st;  // a reference of its own, so callbacks never see a freed stream
  std::weak_ptr<ConnState> conn;

  std::mutex umu;  // serialises computing and applying the event mask; never held in callbacks' data paths
  std::mutex mu;   // guards the fields below
  bool cbRegistered = false;
  bool wantRead = false;
  bool readDone = false;  // EOF or error delivered
  bool closed = false;    // finished, aborted or released: no more I/O
  struct PendingWrite {
    std::vector<uint8_t> data;
    size_t off = 0;
    std::shared_ptr<Napi::Promise::Deferred> deferred;
    // Guarded by mu. A write is settled once: Shut() may reject it while the event thread is
    // still inside virStreamSend with it, and must not be followed by a second settle.
    bool settled = false;
  };
  std::deque<std::shared_ptr<PendingWrite>> writes;  // shared: a sender keeps its chunk alive across Shut()
  bool held = false;  // JS thread only: keeps Node alive while data is expected

  ~StreamState() { virStreamFree(st); }
};

namespace {

bool DropHold(StreamState& ss) {
  bool was = ss.held;
  ss.held = false;
  return was;
}

void FreeHolder(void* p) { delete static_cast<std::shared_ptr<StreamState>*>(p); }

int MaskLocked(StreamState& ss) {
  if (ss.closed) return 0;
  int m = 0;
  if (ss.wantRead && !ss.readDone) m |= VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP;
  if (!ss.writes.empty()) m |= VIR_STREAM_EVENT_WRITABLE | VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP;
  return m;
}

void PostStream(const std::shared_ptr<StreamState>& ss, const char* type, std::shared_ptr<Value> payload) {
  AddonData* a = ss->addon;
  uint32_t key = ss->key;
  auto cs = ss->conn.lock();
  std::string t = type;
  a->Post([a, key, t, payload, cs, ss](Napi::Env env) {
    // No more data will come after the end: stop keeping Node alive for it.
    if (t == "end" && DropHold(*ss)) a->Release();
    if (a->dispatcher.IsEmpty()) return;
    Napi::HandleScope scope(env);
    Napi::Value p = payload && cs ? ToJs(env, *payload, cs) : env.Undefined();
    a->dispatcher.Call({Napi::String::New(env, "stream"), Napi::Number::New(env, key), Napi::String::New(env, t), p});
  });
}

void PostError(const std::shared_ptr<StreamState>& ss, const LvError& e) {
  AddonData* a = ss->addon;
  uint32_t key = ss->key;
  a->Post([a, key, e, ss](Napi::Env env) {
    if (DropHold(*ss)) a->Release();
    if (a->dispatcher.IsEmpty()) return;
    Napi::HandleScope scope(env);
    a->dispatcher.Call({Napi::String::New(env, "stream"), Napi::Number::New(env, key), Napi::String::New(env, "error"),
                        MakeError(env, e).Value()});
  });
}

void SettleWrite(StreamState& ss, std::shared_ptr<Napi::Promise::Deferred> d, std::optional<LvError> err) {
  AddonData* a = ss.addon;
  a->Post([a, d, err](Napi::Env env) {
    a->Release();
    Napi::HandleScope scope(env);
    if (err) {
      d->Reject(MakeError(env, *err).Value());
    } else {
      d->Resolve(env.Undefined());
    }
  });
}

void OnEvent(virStreamPtr st, int events, void* opaque);

// Applies the current interest to libvirt, registering the callback on first use.
// THREAD: any (JS or libvirt-events); never with ss->mu held.
void Update(const std::shared_ptr<StreamState>& ss) {
  std::lock_guard<std::mutex> ulk(ss->umu);
  int mask;
  bool registered;
  {
    std::lock_guard<std::mutex> lk(ss->mu);
    if (ss->closed) return;
    mask = MaskLocked(*ss);
    registered = ss->cbRegistered;
  }
  if (!registered) {
    if (mask == 0) return;
    // The holder keeps the state alive until libvirt frees the registration.
    auto* holder = new std::shared_ptr<StreamState>(ss);
    if (virStreamEventAddCallback(ss->st, mask, OnEvent, holder, FreeHolder) < 0) {
      LvError e = LastError("virStreamEventAddCallback");
      delete holder;
      PostError(ss, e);
      return;
    }
    std::lock_guard<std::mutex> lk(ss->mu);
    ss->cbRegistered = true;
    return;
  }
  if (virStreamEventUpdateCallback(ss->st, mask) < 0) virResetLastError();
}

// Stops all I/O: no more callbacks, pending writes rejected. Does not finish or abort.
void Shut(const std::shared_ptr<StreamState>& ss, const char* why) {
  std::lock_guard<std::mutex> ulk(ss->umu);
  std::deque<std::shared_ptr<StreamState::PendingWrite>> pending;
  bool registered;
  {
    std::lock_guard<std::mutex> lk(ss->mu);
    ss->closed = true;
    pending.swap(ss->writes);
    for (auto& w : pending) w->settled = true;
    registered = ss->cbRegistered;
    ss->cbRegistered = false;
  }
  if (registered && virStreamEventRemoveCallback(ss->st) < 0) virResetLastError();
  for (auto& w : pending) {
    LvError e;
    e.call = "virStreamSend";
    e.code = VIR_ERR_OPERATION_ABORTED;
    e.message = why;
    SettleWrite(*ss, w->deferred, e);
  }
}

// THREAD: libvirt-events
void PumpWrites(const std::shared_ptr<StreamState>& ss) {
  for (;;) {
    std::shared_ptr<StreamState::PendingWrite> w;
    {
      std::lock_guard<std::mutex> lk(ss->mu);
      if (ss->closed || ss->writes.empty()) break;
      w = ss->writes.front();
    }
    int n = virStreamSend(ss->st, reinterpret_cast<const char*>(w->data.data() + w->off), w->data.size() - w->off);
    if (n == -2) break;
    if (n < 0) {
      LvError e = LastError("virStreamSend");
      std::deque<std::shared_ptr<StreamState::PendingWrite>> failed;
      {
        std::lock_guard<std::mutex> lk(ss->mu);
        for (auto& f : ss->writes) {
          if (!f->settled) failed.push_back(f);
          f->settled = true;
        }
        ss->writes.clear();
      }
      for (auto& f : failed) SettleWrite(*ss, f->deferred, e);
      PostError(ss, e);
      break;
    }
    std::shared_ptr<Napi::Promise::Deferred> done;
    {
      std::lock_guard<std::mutex> lk(ss->mu);
      w->off += static_cast<size_t>(n);
      if (w->off >= w->data.size()) {
        // Already rejected when the stream was shut meanwhile.
        if (!w->settled) done = w->deferred;
        w->settled = true;
        if (!ss->writes.empty() && ss->writes.front() == w) ss->writes.pop_front();
      }
    }
    if (done) SettleWrite(*ss, done, std::nullopt);
  }
}

// THREAD: libvirt-events
void PumpReads(const std::shared_ptr<StreamState>& ss) {
  constexpr size_t kChunk = 256 * 1024;
  constexpr int kMaxChunksPerWake = 16;  // lets other streams and events run between bursts
  std::vector<uint8_t> buf(kChunk);
  for (int i = 0; i < kMaxChunksPerWake; i++) {
    {
      std::lock_guard<std::mutex> lk(ss->mu);
      if (ss->closed || !ss->wantRead || ss->readDone) return;
    }
    int n = virStreamRecv(ss->st, reinterpret_cast<char*>(buf.data()), buf.size());
    if (n == -2) return;
    if (n == 0) {
      {
        std::lock_guard<std::mutex> lk(ss->mu);
        ss->readDone = true;
      }
      PostStream(ss, "end", nullptr);
      return;
    }
    if (n < 0) {
      LvError e = LastError("virStreamRecv");
      {
        std::lock_guard<std::mutex> lk(ss->mu);
        ss->readDone = true;
      }
      PostError(ss, e);
      return;
    }
    auto v = std::make_shared<Value>(Value::Bytes(std::vector<uint8_t>(buf.begin(), buf.begin() + n)));
    PostStream(ss, "data", v);
  }
}

// THREAD: libvirt-events
void OnEvent(virStreamPtr, int events, void* opaque) {
  std::shared_ptr<StreamState> ss = *static_cast<std::shared_ptr<StreamState>*>(opaque);
  if (events & VIR_STREAM_EVENT_WRITABLE) PumpWrites(ss);
  bool reading;
  {
    std::lock_guard<std::mutex> lk(ss->mu);
    reading = ss->wantRead && !ss->readDone;
  }
  if (reading && (events & (VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_HANGUP | VIR_STREAM_EVENT_ERROR))) {
    // A hang-up or error surfaces as EOF or as libvirt's error from the next receive.
    PumpReads(ss);
  } else if (!reading && (events & (VIR_STREAM_EVENT_HANGUP | VIR_STREAM_EVENT_ERROR))) {
    bool writing;
    {
      std::lock_guard<std::mutex> lk(ss->mu);
      writing = !ss->writes.empty();
    }
    if (!writing) {
      LvError e;
      e.call = "virStreamEventAddCallback";
      e.code = VIR_ERR_RPC;
      e.message = (events & VIR_STREAM_EVENT_ERROR) ? "the stream failed" : "the other end closed the stream";
      PostError(ss, e);
      Shut(ss, e.message.c_str());
      return;
    }
  }
  Update(ss);
}

std::shared_ptr<StreamState> ArgStream(const Napi::CallbackInfo& info, size_t i) {
  HandleData* h = ArgHandle(info, i, Kind::Stream, "stream");
  return h->stream;
}

// ---------------------------------------------------------------- JS entry points

Napi::Value NewStream(const Napi::CallbackInfo& info) {
  RefP r = TakeConnRef(info, 0, "virStreamNew");
  unsigned int flags = ArgFlags(info, 1);
  return Submit(info.Env(), ArgConn(info, 0, "conn"), "virStreamNew", [r, flags]() {
    virStreamPtr st = virStreamNew(static_cast<virConnectPtr>(r->ptr), flags | VIR_STREAM_NONBLOCK);
    if (!st) ThrowLastError("virStreamNew");
    return Value::Handle(Kind::Stream, st);
  });
}

Napi::Value StreamKey(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), ArgStream(info, 0)->key);
}

// streamRead(stream, want): JS wants data (true) or its buffer is full (false).
Napi::Value StreamRead(const Napi::CallbackInfo& info) {
  auto ss = ArgStream(info, 0);
  bool want = ArgBool(info, 1, "want");
  AddonData* a = Addon(info.Env());
  {
    std::lock_guard<std::mutex> lk(ss->mu);
    if (ss->closed || ss->readDone) return info.Env().Undefined();
    ss->wantRead = want;
  }
  if (want && !ss->held) {
    ss->held = true;
    a->Hold();
  }
  Update(ss);
  return info.Env().Undefined();
}

// streamRelease(stream): JS no longer expects data (EOF seen, or the stream was destroyed).
Napi::Value StreamRelease(const Napi::CallbackInfo& info) {
  auto ss = ArgStream(info, 0);
  if (ss->held) {
    ss->held = false;
    Addon(info.Env())->Release();
  }
  return info.Env().Undefined();
}

Napi::Value StreamSend(const Napi::CallbackInfo& info) {
  auto ss = ArgStream(info, 0);
  std::vector<uint8_t> data = ArgBytes(info, 1, "data");
  Napi::Env env = info.Env();
  auto d = std::make_shared<Napi::Promise::Deferred>(Napi::Promise::Deferred::New(env));
  {
    std::lock_guard<std::mutex> lk(ss->mu);
    if (ss->closed) {
      d->Reject(MakeError(env, LvError{"virStreamSend", VIR_ERR_OPERATION_INVALID, 0, VIR_ERR_ERROR,
                                       "the stream is finished or aborted"})
                    .Value());
      return d->Promise();
    }
    if (data.empty()) {
      d->Resolve(env.Undefined());
      return d->Promise();
    }
    Addon(env)->Hold();
    ss->writes.push_back(std::make_shared<StreamState::PendingWrite>(StreamState::PendingWrite{std::move(data), 0, d}));
  }
  Update(ss);
  return d->Promise();
}

Napi::Value StreamFinishOrAbort(const Napi::CallbackInfo& info, bool finish) {
  auto ss = ArgStream(info, 0);
  HandleData* h = ArgHandle(info, 0, Kind::Stream, "stream");
  const char* call = finish ? "virStreamFinish" : "virStreamAbort";
  RefP r = TakeRef(info, 0, Kind::Stream, "stream", call);
  return Submit(
      info.Env(), h->conn, call,
      [ss, r, finish, call]() {
        Shut(ss, finish ? "the stream was finished" : "the stream was aborted");
        int rc = finish ? virStreamFinish(static_cast<virStreamPtr>(r->ptr)) : virStreamAbort(static_cast<virStreamPtr>(r->ptr));
        return CheckNum(rc, call);
      },
      LaneKind::Slow);
}
Napi::Value StreamFinish(const Napi::CallbackInfo& info) { return StreamFinishOrAbort(info, true); }
Napi::Value StreamAbort(const Napi::CallbackInfo& info) { return StreamFinishOrAbort(info, false); }

// ---------------------------------------------------------------- calls that attach a stream

Napi::Value Screenshot(const Napi::CallbackInfo& info) {
  RefP dom = TakeRef(info, 0, Kind::Domain, "dom", "virDomainScreenshot");
  RefP st = TakeRef(info, 1, Kind::Stream, "stream", "virDomainScreenshot");
  unsigned int screen = ArgUint(info, 2, "screen");
  unsigned int flags = ArgFlags(info, 3);
  return Submit(info.Env(), ArgHandle(info, 0, Kind::Domain, "dom")->conn, "virDomainScreenshot", [dom, st, screen, flags]() {
    return OwnedStr(virDomainScreenshot(static_cast<virDomainPtr>(dom->ptr), static_cast<virStreamPtr>(st->ptr), screen, flags),
                    "virDomainScreenshot");
  });
}

Napi::Value OpenConsole(const Napi::CallbackInfo& info) {
  RefP dom = TakeRef(info, 0, Kind::Domain, "dom", "virDomainOpenConsole");
  auto dev = ArgOptString(info, 1, "devName");
  RefP st = TakeRef(info, 2, Kind::Stream, "stream", "virDomainOpenConsole");
  unsigned int flags = ArgFlags(info, 3);
  return Submit(info.Env(), ArgHandle(info, 0, Kind::Domain, "dom")->conn, "virDomainOpenConsole", [dom, dev, st, flags]() {
    return CheckNum(virDomainOpenConsole(static_cast<virDomainPtr>(dom->ptr), dev ? dev->c_str() : nullptr,
                                         static_cast<virStreamPtr>(st->ptr), flags),
                    "virDomainOpenConsole");
  });
}

Napi::Value VolTransfer(const Napi::CallbackInfo& info, bool upload) {
  const char* call = upload ? "virStorageVolUpload" : "virStorageVolDownload";
  RefP vol = TakeRef(info, 0, Kind::StorageVol, "vol", call);
  RefP st = TakeRef(info, 1, Kind::Stream, "stream", call);
  uint64_t offset = ArgU64(info, 2, "offset");
  uint64_t length = ArgU64(info, 3, "length");
  unsigned int flags = ArgFlags(info, 4);
  return Submit(info.Env(), ArgHandle(info, 0, Kind::StorageVol, "vol")->conn, call, [vol, st, offset, length, flags, upload, call]() {
    auto v = static_cast<virStorageVolPtr>(vol->ptr);
    auto s = static_cast<virStreamPtr>(st->ptr);
    int rc = upload ? virStorageVolUpload(v, s, offset, length, flags) : virStorageVolDownload(v, s, offset, length, flags);
    return CheckNum(rc, call);
  });
}
Napi::Value VolUpload(const Napi::CallbackInfo& info) { return VolTransfer(info, true); }
Napi::Value VolDownload(const Napi::CallbackInfo& info) { return VolTransfer(info, false); }

}  // namespace

std::shared_ptr<StreamState> NewStreamState(AddonData* addon, void* st, const std::shared_ptr<ConnState>& conn) {
  auto ss = std::make_shared<StreamState>();
  ss->addon = addon;
  ss->key = addon->nextKey.fetch_add(1);
  virStreamRef(static_cast<virStreamPtr>(st));
  ss->st = static_cast<virStreamPtr>(st);
  ss->conn = conn;
  return ss;
}

void ShutStream(const std::shared_ptr<StreamState>& ss) { Shut(ss, "the stream was released"); }

bool DropStreamHold(StreamState& ss) { return DropHold(ss); }

// THREAD: worker, while the connection closes.
void ReleaseStreamsOf(ConnState& cs) {
  std::vector<std::pair<std::shared_ptr<StreamState>, void*>> streams;
  {
    std::lock_guard<std::mutex> lk(cs.mu);
    for (HandleData* h : cs.children) {
      if (h->kind != Kind::Stream || !h->ptr) continue;
      streams.emplace_back(h->stream, h->ptr);
      h->ptr = nullptr;
    }
  }
  for (auto& [ss, ptr] : streams) {
    Shut(ss, "the connection was closed");
    // A reader must hear about it, or it would wait forever.
    LvError e;
    e.call = "virConnectClose";
    e.code = VIR_ERR_OPERATION_ABORTED;
    e.message = "the stream's connection was closed";
    PostError(ss, e);
    if (virStreamAbort(static_cast<virStreamPtr>(ptr)) < 0) virResetLastError();
    virStreamFree(static_cast<virStreamPtr>(ptr));
  }
}

void InitStreams(Napi::Env env, Napi::Object exports) {
  Export(env, exports, "connectNewStream", NewStream);
  Export(env, exports, "streamKey", StreamKey);
  Export(env, exports, "streamRead", StreamRead);
  Export(env, exports, "streamRelease", StreamRelease);
  Export(env, exports, "streamSend", StreamSend);
  Export(env, exports, "streamFinish", StreamFinish);
  Export(env, exports, "streamAbort", StreamAbort);
  Export(env, exports, "domainScreenshot", Screenshot);
  Export(env, exports, "domainOpenConsole", OpenConsole);
  Export(env, exports, "storageVolUpload", VolUpload);
  Export(env, exports, "storageVolDownload", VolDownload);
}

}  // namespace vd
