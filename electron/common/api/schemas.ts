// Validation at the server edge: a schema for every method of VirtApi (the mapped type makes
// a missing one a compile error). Strict objects: unknown keys are refused.
import { z } from 'zod';
import { KEY_COMBOS } from './keys.js';
import { jobsSchemas } from './jobs.js';
import type { Namespace, Params, VirtApi } from './contract.js';

const id = z.string().min(1).max(64);
const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
const ref = z.strictObject({ connection: id, uuid });
const spec = z.strictObject({
  uri: z.string().min(1).max(2048),
  label: z.string().max(200).optional(),
  autoconnect: z.boolean(),
});
const none = z.strictObject({});
const byRef = z.strictObject({ ref });

// Paths on the host: absolute, no NUL; they reach libvirt's XML escaped, never a shell.
const hostPath = z.string().min(2).max(4096).regex(/^\/[^\0]*$/);
const words = z.string().max(1024);
const vmName = z.string().min(1).max(64);
const source = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('iso'), path: hostPath }),
  z.strictObject({ kind: z.literal('cdrom'), device: hostPath }),
  z.strictObject({ kind: z.literal('url'), url: z.string().url().max(2048), kernel: z.string().max(1024), initrd: z.string().max(1024), cmdline: words.optional() }),
  z.strictObject({ kind: z.literal('import'), path: hostPath }),
  z.strictObject({ kind: z.literal('pxe') }),
  z.strictObject({ kind: z.literal('kernel'), kernel: hostPath, initrd: hostPath.optional(), cmdline: words.optional() }),
  z.strictObject({
    kind: z.literal('cloud'),
    baseImage: hostPath,
    cloudInit: z.strictObject({
      user: z.string().max(64),
      password: z.string().max(1024).optional(),
      sshKeys: z.array(z.string().max(16 * 1024)).max(64).optional(),
      hostname: z.string().max(253).optional(),
      extraYaml: z.string().max(256 * 1024).optional(),
    }),
    removeSeed: z.boolean().optional(),
  }),
]);
const storage = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('new'), pool: z.string().min(1).max(256), sizeGiB: z.number().positive().max(65536), format: z.enum(['qcow2', 'raw']) }),
  z.strictObject({ kind: z.literal('existing'), path: hostPath }),
]);
const network = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('network'), name: z.string().min(1).max(256) }),
  z.strictObject({ kind: z.literal('bridge'), name: z.string().min(1).max(256) }),
  // A Linux interface name: at most 15 bytes, no slash, colon or whitespace (IFNAMSIZ, dev_valid_name).
  z.strictObject({ kind: z.literal('direct'), name: z.string().regex(/^[^\s/:]{1,15}$/, 'an interface name of the host such as eth0') }),
  z.strictObject({ kind: z.literal('user') }),
]);
const virtType = z.enum(['kvm', 'qemu']);
const createSpec = z.strictObject({
  connection: id,
  name: vmName,
  source,
  os: z.string().min(1).max(256),
  memoryMiB: z.number().int().min(16).max(16 * 1024 * 1024),
  vcpus: z.number().int().min(1).max(4096),
  storage,
  network,
  arch: z.string().max(32).optional(),
  machine: z.string().max(64).optional(),
  virtType: virtType.optional(),
});

type Schemas = { [N in Namespace]: { [M in keyof VirtApi[N]]: z.ZodType<Params<VirtApi[N][M]>> } };

export const schemas: Schemas = {
  connections: {
    list: none,
    add: z.strictObject({ spec }),
    update: z.strictObject({ id, spec }),
    remove: z.strictObject({ id }),
    reorder: z.strictObject({ ids: z.array(id).max(1000) }),
    open: z.strictObject({ id }),
    close: z.strictObject({ id }),
    answerPrompt: z.strictObject({ id, promptId: z.string().min(1).max(64), answer: z.string().max(4096).nullable() }),
  },
  domains: {
    list: z.strictObject({ connection: id }),
    extras: z.strictObject({ connection: id, uuids: z.array(uuid).max(200), addresses: z.boolean().optional() }),
    details: byRef,
    start: byRef,
    shutdown: byRef,
    reboot: byRef,
    forceOff: byRef,
    forceReset: byRef,
    pause: byRef,
    resume: byRef,
    save: byRef,
    setAutostart: z.strictObject({ ref, autostart: z.boolean() }),
    undefine: byRef,
    sendCtrlAltDel: byRef,
    sendKeys: z.strictObject({ ref, combo: z.enum(KEY_COMBOS) }),
    screenshot: byRef,
  },
  consoles: {
    open: z.strictObject({ ref, type: z.enum(['vnc', 'spice']).optional() }),
    serialDevices: byRef,
    // libvirt's aliases: serial0, console1, or a user's ua-NAME.
    openSerial: z.strictObject({ ref, device: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), force: z.boolean().optional() }),
    viewerFile: z.strictObject({ ref, type: z.enum(['vnc', 'spice']).optional() }),
    launchViewer: z.strictObject({ ref, type: z.enum(['vnc', 'spice']).optional() }),
  },
  stats: {
    watch: z.strictObject({
      watcher: z.string().min(8).max(64),
      interests: z
        .array(
          z.strictObject({
            connection: id,
            rows: z.union([z.literal('all'), z.array(uuid).max(500)]),
            detail: z.array(uuid).max(16),
            host: z.boolean(),
          }),
        )
        .max(100),
    }),
    history: z.strictObject({ connection: id, uuid: uuid.nullable(), seconds: z.number().int().min(1).max(600) }),
  },
  create: {
    capabilities: z.strictObject({ connection: id, arch: z.string().max(32).optional(), machine: z.string().max(64).optional(), virtType: virtType.optional() }),
    pools: z.strictObject({ connection: id }),
    volumes: z.strictObject({ connection: id, pool: z.string().min(1).max(256) }),
    networks: z.strictObject({ connection: id }),
    searchOs: z.strictObject({ text: z.string().max(200) }),
    detectOs: z.strictObject({ connection: id, path: hostPath }),
    preview: z.strictObject({ spec: createSpec }),
    run: z.strictObject({ job: z.string().min(8).max(64), spec: createSpec, xml: z.string().min(1).max(1024 * 1024).optional() }),
    upload: z.strictObject({ job: z.string().min(8).max(64), connection: id, pool: z.string().min(1).max(256), localPath: hostPath }),
  },
  jobs: jobsSchemas,
  preferences: {
    get: none,
    update: z.strictObject({
      changes: z.strictObject({
        statsIntervalMs: z.number().int().min(500).max(10_000).optional(),
        listColumns: z.array(z.string().max(32)).max(16).optional(),
        graphs: z.array(z.string().max(32)).max(16).optional(),
      }),
    }),
  },
};
