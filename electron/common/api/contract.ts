// The one API between the UI and the backend. Implemented once (electron/node), reached over
// Electron IPC or the browser-mode WebSocket. Every method takes one plain-data argument and
// resolves to plain data; failures reject with ApiError.
import type { ConnectionId, ConnectionInfo, ConnectionSpec } from './connections.js';
import type { ConsoleTicket, ConsoleType, SerialDevice, SerialTicket, ViewerFile } from './consoles.js';
import type { KeyCombo } from './keys.js';
import type { JobEvents, JobsApi } from './jobs.js';
import type { DomainDetails, DomainExtras, DomainRef, DomainSummary } from './domains.js';
import type { Preferences, StatsHistory, StatsInterest, StatsTick } from './stats.js';
import type {
  CreateCapabilities,
  CreatePreview,
  CreateResult,
  NetworkSummary,
  OsChoice,
  PoolSummary,
  VirtType,
  VmCreateSpec,
  VolumeSummary,
} from './vm-create.js';

export interface VirtApi {
  connections: {
    /** All configured connections, in the user's order, with their live state. */
    list(p: Record<string, never>): Promise<ConnectionInfo[]>;
    /** Adds a connection; opens it when autoconnect is on. Fails on an invalid or duplicate URI. */
    add(p: { spec: ConnectionSpec }): Promise<ConnectionInfo>;
    /** Changes a connection; reopens it when its URI changed and it was open. */
    update(p: { id: ConnectionId; spec: ConnectionSpec }): Promise<ConnectionInfo>;
    /** Closes and forgets a connection. */
    remove(p: { id: ConnectionId }): Promise<void>;
    /** Sets the order; ids must be exactly the configured connections. */
    reorder(p: { ids: ConnectionId[] }): Promise<void>;
    /** Opens now (the manual Reconnect too); resolves once connected, rejects if that fails. */
    open(p: { id: ConnectionId }): Promise<ConnectionInfo>;
    /** Closes and stops reconnecting until opened again. */
    close(p: { id: ConnectionId }): Promise<ConnectionInfo>;
    /** Answers the SSH question on a connection (see ConnectionInfo.prompt); null cancels signing in. */
    answerPrompt(p: { id: ConnectionId; promptId: string; answer: string | null }): Promise<void>;
  };
  domains: {
    /** The VMs of an open connection. */
    list(p: { connection: ConnectionId }): Promise<DomainSummary[]>;
    /**
     * Title and guest addresses of some VMs of an open connection (at most 200 per call).
     *
     * Costs libvirt calls per VM (unlike `list`), so the UI asks only for the rows on screen.
     * A UUID the host does not know is left out of the result; a VM whose addresses cannot be
     * read (no lease source, no guest agent) gets an empty list, not an error. `addresses: false`
     * reads titles only (e.g. to sort by title). Fails only when the connection is not open.
     */
    extras(p: { connection: ConnectionId; uuids: string[]; addresses?: boolean }): Promise<DomainExtras[]>;
    /** One VM with its XML and the essentials parsed from it. */
    details(p: { ref: DomainRef }): Promise<DomainDetails>;
    start(p: { ref: DomainRef }): Promise<void>;
    /** Asks the guest to shut down (ACPI). */
    shutdown(p: { ref: DomainRef }): Promise<void>;
    reboot(p: { ref: DomainRef }): Promise<void>;
    /** Pulls the plug (virDomainDestroy). */
    forceOff(p: { ref: DomainRef }): Promise<void>;
    /** Presses reset (virDomainReset). */
    forceReset(p: { ref: DomainRef }): Promise<void>;
    pause(p: { ref: DomainRef }): Promise<void>;
    resume(p: { ref: DomainRef }): Promise<void>;
    /** Saves memory to disk and stops (managed save); start restores it. */
    save(p: { ref: DomainRef }): Promise<void>;
    setAutostart(p: { ref: DomainRef; autostart: boolean }): Promise<void>;
    /** Removes the definition only (with its managed save image and snapshot metadata); disks stay. */
    undefine(p: { ref: DomainRef }): Promise<void>;
    sendCtrlAltDel(p: { ref: DomainRef }): Promise<void>;
    /** Presses a key combination in the VM (libvirt's send-key; works without a console open). */
    sendKeys(p: { ref: DomainRef; combo: KeyCombo }): Promise<void>;
    /** The VM's screen as libvirt captures it (QEMU: PNG), base64. */
    screenshot(p: { ref: DomainRef }): Promise<{ mime: string; data: string }>;
  };
  consoles: {
    /** A single-use ticket for the running VM's VNC or SPICE display (the first one when no type is given). */
    open(p: { ref: DomainRef; type?: ConsoleType }): Promise<ConsoleTicket>;
    /**
     * The VM's text consoles (serial ports and consoles), from its live XML when it runs and
     * its defined XML otherwise. Works for remote hosts as well: the text travels over libvirt.
     */
    serialDevices(p: { ref: DomainRef }): Promise<SerialDevice[]>;
    /**
     * Attaches to a running VM's text console and gives a single-use ticket for its bridge.
     *
     * Safe by default: fails with in-use, in words, while another client holds the
     * console (virsh console, another window). `force` takes it over from that client, which
     * is disconnected. Fails with invalid-input when the VM is not running or the device is not
     * a pty, not-found when the device is gone.
     */
    openSerial(p: { ref: DomainRef; device: string; force?: boolean }): Promise<SerialTicket>;
    /**
     * A virt-viewer file (.vv) for the running VM's display (SPICE by default when it has both
     * kinds), for what the page cannot do, such as USB redirection. Type, host, port and title
     * only: never a password (remote-viewer asks for it). Local connections only; fails for a
     * display on a unix socket.
     */
    viewerFile(p: { ref: DomainRef; type?: ConsoleType }): Promise<ViewerFile>;
    /**
     * Starts remote-viewer on this machine for the running VM's display. Resolves
     * `{ launched: false }` when remote-viewer is not installed (offer `viewerFile` instead).
     * The desktop app's way; in browser mode the page downloads the file.
     */
    launchViewer(p: { ref: DomainRef; type?: ConsoleType }): Promise<{ launched: boolean }>;
  };
  stats: {
    /**
     * Declares what a window shows (replacing its last declaration). It lapses after
     * `leaseMs` unless declared again; an empty list, or a hidden window, ends it. Hosts nobody
     * watches are not sampled.
     */
    watch(p: { watcher: string; interests: StatsInterest[] }): Promise<{ leaseMs: number; failing: { connection: ConnectionId; message: string }[] }>;
    /** The last minutes of a VM (uuid) or of the host (uuid null), at tick resolution; empty before sampling started. */
    history(p: { connection: ConnectionId; uuid: string | null; seconds: number }): Promise<StatsHistory>;
  };
  create: {
    /**
     * What the host offers a new VM: architectures, machine types, KVM or TCG, UEFI and TPM,
     * host memory and CPUs (for an arch/machine/virt type other than the default, when given).
     */
    capabilities(p: { connection: ConnectionId; arch?: string; machine?: string; virtType?: VirtType }): Promise<CreateCapabilities>;
    /** The host's storage pools with their free space. */
    pools(p: { connection: ConnectionId }): Promise<PoolSummary[]>;
    /** The volumes of one pool (refreshed first, so files copied in by hand show). */
    volumes(p: { connection: ConnectionId; pool: string }): Promise<VolumeSummary[]>;
    /** Virtual networks and host bridges a VM can join. */
    networks(p: { connection: ConnectionId }): Promise<NetworkSummary[]>;
    /** OSes whose name or id holds the text (osinfo-db), best first; empty text gives the generic entries. */
    searchOs(p: { text: string }): Promise<OsChoice[]>;
    /** The OS on install media (an ISO's volume descriptor matched against osinfo-db); null when none matches. */
    detectOs(p: { connection: ConnectionId; path: string }): Promise<OsChoice | null>;
    /** The domain XML and facts Finish would create, without creating anything. Fails with invalid-input on a bad spec. */
    preview(p: { spec: VmCreateSpec }): Promise<CreatePreview>;
    /**
     * Creates the VM: the new volume, the definition (validated by libvirt), then starts it
     * (an import is started too). It runs as the job `job` (see `jobs`): progress arrives as
     * `job.progressed`, `jobs.cancel` stops it.
     * `xml` replaces the generated XML ("Customize configuration before install"). Any
     * failure removes what this call created (volume, definition) and rejects saying which
     * step failed and why.
     */
    run(p: { job: string; spec: VmCreateSpec; xml?: string }): Promise<CreateResult>;
    /**
     * Uploads a file from the machine Virtdeck runs on into a new volume of a pool on the
     * connection's host (the way a local ISO reaches a remote host), through libvirt's stream.
     * It runs as the job `job`: progress (bytes, rate, time left) arrives as `job.progressed`,
     * `jobs.cancel` stops it. Fails on a missing file or too little free space; the bytes go
     * to a partial volume that gets the final name only when complete, and a failed or
     * cancelled upload deletes it.
     */
    upload(p: { job: string; connection: ConnectionId; pool: string; localPath: string }): Promise<VolumeSummary>;
  };
  jobs: JobsApi;
  preferences: {
    get(p: Record<string, never>): Promise<Preferences>;
    update(p: { changes: Partial<Preferences> }): Promise<Preferences>;
  };
}

interface BaseEvents {
  'connection.stateChanged': ConnectionInfo;
  'connection.removed': { id: ConnectionId };
  /** The user's order of the connections changed (in any window). */
  'connections.reordered': { ids: ConnectionId[] };
  'domain.changed': DomainSummary;
  'domain.removed': DomainRef;
  /** Per watched host and tick. */
  'stats.tick': StatsTick;
  /** Sampling a host started failing (message) or works again (null); said once, not per tick. */
  'stats.failing': { connection: ConnectionId; message: string | null };
  'preferences.changed': Preferences;
}

/** Events from the backend, named in the past tense. */
export interface VirtEvents extends BaseEvents, JobEvents {}

export type Namespace = keyof VirtApi;
export type MethodName<N extends Namespace> = keyof VirtApi[N] & string;
export type MethodId = { [N in Namespace]: `${N}.${MethodName<N>}` }[Namespace];
export type Params<F> = F extends (p: infer A) => unknown ? A : never;
export type Result<F> = F extends (p: never) => Promise<infer R> ? R : never;
