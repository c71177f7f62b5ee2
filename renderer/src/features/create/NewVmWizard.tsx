// The New VM wizard (virt-manager's five steps): Source → Operating system → Memory and CPUs →
// Storage → Name and network, then optionally the XML before anything is created. Enter goes
// Forward, Escape cancels; Finish shows the backend's progress and, on failure, what failed.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import type { JobInfo } from '../../../../electron/common/api/jobs.js';
import type { HostCapabilities } from '../../../../electron/common/api/hosts.js';
import type { NetworkSummary } from '../../../../electron/common/api/networks.js';
import type { OsChoice } from '../../../../electron/common/api/osinfo.js';
import type { PoolSummary } from '../../../../electron/common/api/storage-pools.js';
import type { CreatePreview } from '../../../../electron/common/api/vm-create.js';
import { Field } from '../../components/Field.js';
import { formatKiB, wordKey } from '../../i18n/index.js';
import { IsoUpload } from './IsoUpload.js';
import { VolumePicker } from './VolumePicker.js';
import { api, onBackendEvent, openConsole, setSelection } from '../../store/store.js';
import { initialForm, networkValue, SOURCE_KINDS, stepProblems, suggestName, toSpec, visibleSteps, type StepId, type WizardForm } from './wizard-form.js';
import { errorLine, wordMessage } from '../../i18n/messages.js';

interface HostOffer {
  caps: HostCapabilities;
  pools: PoolSummary[];
  networks: NetworkSummary[];
}

const errorText = errorLine;

export function NewVmWizard(props: { connection: ConnectionId; hostLabel: string; takenNames: Set<string>; onClose(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const jobId = useRef<string | null>(null);
  const [form, setForm] = useState<WizardForm>(initialForm);
  const [offer, setOffer] = useState<HostOffer | null>(null);
  const [osList, setOsList] = useState<OsChoice[]>([]);
  const [osQuery, setOsQuery] = useState('');
  const [detected, setDetected] = useState<{ done: boolean; os: OsChoice | null }>({ done: false, os: null });
  const [stepIndex, setStepIndex] = useState(0);
  const [problems, setProblems] = useState<string[]>([]);
  const [preview, setPreview] = useState<CreatePreview | null>(null);
  const [xml, setXml] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  // The running create job: its progress, and whether Cancel can still stop it.
  const [running, setRunning] = useState<JobInfo | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const set = <K extends keyof WizardForm>(k: K, v: WizardForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    const c = props.connection;
    Promise.all([api().hosts.capabilities({ connection: c }), api().storagePools.list({ connection: c }), api().networks.list({ connection: c })])
      .then(([caps, pools, networks]) => {
        if (!live) return;
        setOffer({ caps, pools, networks });
        const net = networks.find((n) => n.kind === 'network' && n.active && n.name === 'default') ?? networks.find((n) => n.active && n.kind !== 'direct');
        setForm((f) => ({ ...f, network: net ? networkValue(net) : 'user', pool: pools.find((p) => p.name === 'default')?.name ?? pools[0]?.name ?? 'default' }));
      })
      .catch((err: unknown) => live && setFailure(errorText(err)));
    return () => {
      live = false;
    };
  }, [props.connection]);

  useEffect(() => {
    let live = true;
    api()
      .osinfo.search({ text: osQuery })
      .then((list) => live && setOsList(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [osQuery]);

  const steps = visibleSteps(form);
  const step: StepId = steps[Math.min(stepIndex, steps.length - 1)]!;
  const last = step === 'customize' || (step === 'finish' && !form.customize);
  const chosenOs = osList.find((o) => o.shortId === form.os || o.id === form.os) ?? detected.os;

  // The summary and warnings come from the backend's own preview: what Finish will create.
  useEffect(() => {
    if (step !== 'finish' && step !== 'customize') return;
    if (stepProblems('finish', form, props.takenNames, wordKey).length) return setPreview(null);
    let live = true;
    api()
      .vmCreate.preview({ spec: toSpec(props.connection, form) })
      .then((p) => {
        if (!live) return;
        setPreview(p);
        if (step === 'finish') setXml(p.xml);
      })
      .catch((err: unknown) => live && setProblems([errorText(err)]));
    return () => {
      live = false;
    };
    // t: the problems are worded again when the language changes
  }, [step, form, props.connection, props.takenNames, t]);

  const applyOs = (os: OsChoice) => {
    const mem = Math.min(os.recommended.memoryMiB ?? 2048, offer ? Math.max(256, Math.floor(offer.caps.hostMemoryMiB / 2)) : Infinity);
    const cpus = Math.min(os.recommended.vcpus ?? 1, offer?.caps.hostCpus ?? 1);
    setForm((f) => ({ ...f, os: os.shortId, memoryMiB: String(mem), vcpus: String(cpus), sizeGiB: String(os.recommended.storageGiB ?? f.sizeGiB) }));
  };

  const forward = async () => {
    const p = stepProblems(step, form, props.takenNames, wordKey);
    setProblems(p);
    if (p.length) return;
    if (step === 'source' && form.source === 'iso') {
      const os = await api()
        .osinfo.detect({ connection: props.connection, path: form.isoPath.trim() })
        .catch(() => null);
      setDetected({ done: true, os });
      if (os) applyOs(os);
    }
    if (step === 'os' && chosenOs) applyOs(chosenOs);
    if (step === 'resources' && !form.name) setForm((f) => ({ ...f, name: suggestName(f.os, props.takenNames) }));
    if (last) return void finish();
    setStepIndex((i) => i + 1);
  };

  const finish = async () => {
    const job = crypto.randomUUID();
    setFailure(null);
    setBusy(t('create.step_check'));
    const off = onBackendEvent('job.progressed', (info) => {
      if (info.id !== job) return;
      setBusy(wordMessage(info.message));
      setRunning(info);
    });
    setRunning(null);
    jobId.current = job;
    try {
      const spec = toSpec(props.connection, form);
      const result = await api().vmCreate.run({ job, spec, ...(step === 'customize' ? { xml } : {}) });
      props.onClose();
      setSelection([result.ref.uuid]);
      openConsole(result.ref);
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      off();
      jobId.current = null;
      setRunning(null);
      setBusy(null);
    }
  };

  const body = (): ReactNode => {
    if (!offer) return <p role="status">{t('create.loading')}</p>;
    switch (step) {
      case 'source':
        return <SourceStep form={form} set={set} offer={offer} host={props.hostLabel} connection={props.connection} />;
      case 'os':
        return (
          <>
            {form.source === 'iso' && detected.done && <p role="status">{detected.os ? t('create.detected', { name: detected.os.name }) : t('create.notDetected')}</p>}
            <Field label={t('create.osSearch')}>
              <input type="search" value={osQuery} onChange={(e) => setOsQuery(e.target.value)} autoComplete="off" />
            </Field>
            <Field label={t('create.os')}>
              <select size={6} value={form.os} onChange={(e) => set('os', e.target.value)}>
                {(detected.os && !osList.some((o) => o.id === detected.os?.id) ? [detected.os, ...osList] : osList).map((o) => (
                  <option key={o.id} value={o.shortId}>
                    {o.name}
                  </option>
                ))}
              </select>
            </Field>
          </>
        );
      case 'resources':
        return (
          <>
            <Field label={t('create.memory')}>
              <input inputMode="numeric" value={form.memoryMiB} onChange={(e) => set('memoryMiB', e.target.value)} />
            </Field>
            <Field label={t('create.vcpus')}>
              <input inputMode="numeric" value={form.vcpus} onChange={(e) => set('vcpus', e.target.value)} />
            </Field>
            <p className="note">{t('create.hostHas', { memory: offer.caps.hostMemoryMiB, count: offer.caps.hostCpus })}</p>
            {chosenOs && (
              <p className="note">{t('create.recommended', { os: chosenOs.name, memory: chosenOs.recommended.memoryMiB ?? '—', count: chosenOs.recommended.vcpus ?? 1 })}</p>
            )}
            <ResourceWarnings memoryMiB={Number(form.memoryMiB)} vcpus={Number(form.vcpus)} os={chosenOs} caps={offer.caps} />
          </>
        );
      case 'storage':
        return <StorageStep form={form} set={set} pools={offer.pools} />;
      case 'finish':
        return <FinishStep form={form} set={set} offer={offer} preview={preview} osName={chosenOs?.name ?? form.os} />;
      case 'customize':
        return (
          <>
            <Field label={t('create.xml')}>
              <textarea className="xml" value={xml} onChange={(e) => setXml(e.target.value)} spellCheck={false} rows={18} />
            </Field>
            <p className="note">{t('create.xmlNote')}</p>
          </>
        );
    }
  };

  return (
    <dialog ref={ref} className="form-dialog wizard" aria-labelledby="wizard-title" onCancel={(e) => (busy ? e.preventDefault() : props.onClose())}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void forward();
        }}
      >
        <h2 id="wizard-title">{t('create.title', { host: props.hostLabel })}</h2>
        <p className="wizard-step" aria-live="polite">
          {t('create.stepOf', { n: stepIndex + 1, total: steps.length, name: t(`create.steps.${step}`) })}
        </p>
        <fieldset disabled={busy !== null} className="wizard-body">
          <legend>{t(`create.steps.${step}`)}</legend>
          {body()}
        </fieldset>
        {problems.length > 0 && (
          <ul className="field-error" role="alert">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {busy && (
          <div role="status" className="wizard-progress">
            {running?.progress?.total ? (
              <progress aria-label={t('create.progress')} max={running.progress.total} value={running.progress.done} />
            ) : (
              <progress aria-label={t('create.progress')} />
            )}
            <span>{busy}</span>
          </div>
        )}
        {failure && (
          <div role="alert" className="wizard-failure">
            <strong>{t('create.failed')}</strong> {failure}
          </div>
        )}
        <div className="buttons">
          {busy !== null ? (
            <button type="button" onClick={() => jobId.current && void api().jobs.cancel({ id: jobId.current })} disabled={running?.cancellable === false}>
              {t('create.cancel')}
            </button>
          ) : (
            <button type="button" onClick={props.onClose}>
              {t('create.cancel')}
            </button>
          )}
          <button
            type="button"
            disabled={stepIndex === 0 || busy !== null}
            onClick={() => {
              setProblems([]);
              setStepIndex((i) => Math.max(0, i - 1));
            }}
          >
            {t('create.back')}
          </button>
          <button type="submit" disabled={!offer || busy !== null}>
            {last ? (step === 'customize' ? t('create.begin') : t('create.finish')) : t('create.forward')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

type Setter = <K extends keyof WizardForm>(k: K, v: WizardForm[K]) => void;

function SourceStep({ form, set, offer, host, connection }: { form: WizardForm; set: Setter; offer: HostOffer; host: string; connection: ConnectionId }) {
  const { t } = useTranslation();
  const arch = offer.caps.arches.find((a) => a.arch === (form.arch || offer.caps.hostArch));
  const virt = form.virtType || offer.caps.virtType;
  return (
    <>
      <Field label={t('create.sourceKind')}>
        <select value={form.source} onChange={(e) => set('source', e.target.value as WizardForm['source'])}>
          {SOURCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`create.source_${k}`)}
            </option>
          ))}
        </select>
      </Field>
      {form.source === 'iso' && (
        <Field label={t('create.isoPath')}>
          <input value={form.isoPath} onChange={(e) => set('isoPath', e.target.value)} placeholder="/var/lib/libvirt/images/install.iso" autoComplete="off" autoFocus />
        </Field>
      )}
      {form.source === 'iso' && <VolumePicker connection={connection} pools={offer.pools} value={form.isoPath} onPick={(path) => set('isoPath', path)} />}
      {form.source === 'iso' && offer.caps.remote && <IsoUpload connection={connection} pools={offer.pools} onUploaded={(path) => set('isoPath', path)} />}
      {form.source === 'url' && (
        <>
          <Field label={t('create.treeUrl')}>
            <input
              type="url"
              value={form.treeUrl}
              onChange={(e) => set('treeUrl', e.target.value)}
              placeholder="https://deb.debian.org/debian/dists/bookworm/"
              autoComplete="off"
              autoFocus
            />
          </Field>
          <p className="note">{t('create.treeNote')}</p>
          {/* virt-install's --extra-args: the installer's console, preseed or kickstart URL. */}
          <Field label={t('create.cmdline')}>
            <input value={form.cmdline} onChange={(e) => set('cmdline', e.target.value)} autoComplete="off" />
          </Field>
        </>
      )}
      {form.source === 'cdrom' && (
        <Field label={t('create.cdromDevice')}>
          <input value={form.cdromDevice} onChange={(e) => set('cdromDevice', e.target.value)} autoComplete="off" />
        </Field>
      )}
      {form.source === 'import' && (
        <Field label={t('create.importPath')}>
          <input value={form.importPath} onChange={(e) => set('importPath', e.target.value)} placeholder="/var/lib/libvirt/images/disk.qcow2" autoComplete="off" autoFocus />
        </Field>
      )}
      {form.source === 'import' && <VolumePicker connection={connection} pools={offer.pools} value={form.importPath} onPick={(path) => set('importPath', path)} />}
      {form.source === 'kernel' && (
        <>
          <Field label={t('create.kernelPath')}>
            <input value={form.kernelPath} onChange={(e) => set('kernelPath', e.target.value)} placeholder="/var/lib/libvirt/boot/vmlinuz" autoComplete="off" autoFocus />
          </Field>
          <Field label={t('create.initrdPath')}>
            <input value={form.initrdPath} onChange={(e) => set('initrdPath', e.target.value)} placeholder="/var/lib/libvirt/boot/initrd.img" autoComplete="off" />
          </Field>
          <Field label={t('create.cmdline')}>
            <input value={form.cmdline} onChange={(e) => set('cmdline', e.target.value)} autoComplete="off" />
          </Field>
        </>
      )}
      {form.source === 'cloud' && (
        <>
          <Field label={t('create.cloudImage')}>
            <input
              value={form.cloudImage}
              onChange={(e) => set('cloudImage', e.target.value)}
              placeholder="/var/lib/libvirt/images/debian-12-genericcloud-amd64.qcow2"
              autoComplete="off"
              autoFocus
            />
          </Field>
          <VolumePicker connection={connection} pools={offer.pools} value={form.cloudImage} onPick={(path) => set('cloudImage', path)} />
          <Field label={t('create.ciUser')}>
            <input value={form.ciUser} onChange={(e) => set('ciUser', e.target.value)} autoComplete="off" />
          </Field>
          <Field label={t('create.ciPassword')}>
            <input type="password" value={form.ciPassword} onChange={(e) => set('ciPassword', e.target.value)} autoComplete="new-password" />
          </Field>
          <Field label={t('create.ciKeys')}>
            <textarea value={form.ciKeys} onChange={(e) => set('ciKeys', e.target.value)} rows={2} spellCheck={false} placeholder="ssh-ed25519 AAAA… you@laptop" />
          </Field>
          <Field label={t('create.ciHostname')}>
            <input value={form.ciHostname} onChange={(e) => set('ciHostname', e.target.value)} autoComplete="off" />
          </Field>
          <Field label={t('create.ciYaml')}>
            <textarea value={form.ciYaml} onChange={(e) => set('ciYaml', e.target.value)} rows={3} spellCheck={false} placeholder="packages: [qemu-guest-agent]" />
          </Field>
          <Field label={t('create.ciRemoveSeed')} inline>
            <input type="checkbox" checked={form.ciRemoveSeed} onChange={(e) => set('ciRemoveSeed', e.target.checked)} />
          </Field>
          <p className="note">{t('create.ciNote')}</p>
        </>
      )}
      {form.source !== 'pxe' && <p className="note">{t('create.pathsOnHost', { host })}</p>}
      <details>
        <summary>{t('create.advanced')}</summary>
        <Field label={t('create.arch')}>
          <select value={form.arch} onChange={(e) => set('arch', e.target.value)}>
            <option value="">{t('create.defaultValue', { value: offer.caps.hostArch })}</option>
            {offer.caps.arches.map((a) => (
              <option key={a.arch} value={a.arch}>
                {a.arch}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('create.machine')}>
          <select value={form.machine} onChange={(e) => set('machine', e.target.value)}>
            <option value="">{t('create.defaultValue', { value: t('create.machineFromOs') })}</option>
            {(arch?.machines ?? []).map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('create.virtType')}>
          <select value={form.virtType} onChange={(e) => set('virtType', e.target.value as WizardForm['virtType'])}>
            <option value="">{t('create.defaultValue', { value: t(`create.virt_${offer.caps.virtType}`) })}</option>
            {(arch?.virtTypes ?? []).map((v) => (
              <option key={v} value={v}>
                {t(`create.virt_${v}`)}
              </option>
            ))}
          </select>
        </Field>
      </details>
      <p className="note">{virt === 'kvm' ? t('create.kvmNote') : offer.caps.virtType === 'kvm' ? t('create.tcgChosenNote') : t('create.tcgNote')}</p>
    </>
  );
}

function StorageStep({ form, set, pools }: { form: WizardForm; set: Setter; pools: PoolSummary[] }) {
  const { t } = useTranslation();
  if (form.source === 'import') return <p>{t('create.importedDisk', { path: form.importPath })}</p>;
  const pool = pools.find((p) => p.name === form.pool);
  const cloud = form.source === 'cloud';
  return (
    <>
      {cloud && <p className="note">{t('create.overlayDisk', { path: form.cloudImage })}</p>}
      {!cloud && (
        <Field label={t('create.storageKind')}>
          <select value={form.storage} onChange={(e) => set('storage', e.target.value as WizardForm['storage'])}>
            {(['new', 'existing', 'none'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`create.storage_${k}`)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {(form.storage === 'new' || cloud) && (
        <>
          {pools.length === 0 ? (
            <p className="note">{t('create.noPoolYet')}</p>
          ) : (
            <Field label={t('create.pool')}>
              <select value={form.pool} onChange={(e) => set('pool', e.target.value)}>
                {pools.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name} {p.active ? '' : t('create.inactive')}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {pool && <p className="note">{t('create.poolFree', { free: formatKiB(pool.available / 1024), capacity: formatKiB(pool.capacity / 1024) })}</p>}
          <Field label={t('create.size')}>
            <input inputMode="decimal" value={form.sizeGiB} onChange={(e) => set('sizeGiB', e.target.value)} />
          </Field>
          {!cloud && (
            <Field label={t('create.format')}>
              <select value={form.format} onChange={(e) => set('format', e.target.value as WizardForm['format'])}>
                <option value="qcow2">qcow2</option>
                <option value="raw">raw</option>
              </select>
            </Field>
          )}
        </>
      )}
      {!cloud && form.storage === 'existing' && (
        <Field label={t('create.existingPath')}>
          <input value={form.existingPath} onChange={(e) => set('existingPath', e.target.value)} autoComplete="off" />
        </Field>
      )}
    </>
  );
}

function FinishStep({ form, set, offer, preview, osName }: { form: WizardForm; set: Setter; offer: HostOffer; preview: CreatePreview | null; osName: string }) {
  const { t } = useTranslation();
  const spec = toSpec('x', form);
  return (
    <>
      <Field label={t('create.name')}>
        <input value={form.name} onChange={(e) => set('name', e.target.value)} autoComplete="off" autoFocus />
      </Field>
      <Field label={t('create.network')}>
        <select value={form.network} onChange={(e) => set('network', e.target.value)}>
          {offer.networks.map((n) => (
            <option key={networkValue(n)} value={networkValue(n)}>
              {t(`create.net_${n.kind}`, { name: n.name })} {n.link === 'down' ? t('create.linkDown') : n.active ? '' : t('create.inactive')}
            </option>
          ))}
          <option value="user">{t('create.net_user')}</option>
          <option value="none">{t('create.net_none')}</option>
        </select>
      </Field>
      {form.network.startsWith('direct:') && <p className="note">{t('create.macvtapNote')}</p>}
      <Field label={t('create.customize')} inline>
        <input type="checkbox" checked={form.customize} onChange={(e) => set('customize', e.target.checked)} />
      </Field>
      <h3 id="wizard-summary">{t('create.summary')}</h3>
      <dl className="summary" aria-labelledby="wizard-summary">
        <dt>{t('create.sum_source')}</dt>
        <dd>{t(`create.source_${form.source}`)}</dd>
        <dt>{t('create.sum_os')}</dt>
        <dd>{osName}</dd>
        <dt>{t('create.sum_resources')}</dt>
        <dd>{t('create.sum_resourcesValue', { memory: spec.memoryMiB, count: spec.vcpus })}</dd>
        <dt>{t('create.sum_storage')}</dt>
        <dd>
          {preview?.newVolume
            ? t('create.sum_newDisk', { format: form.source === 'cloud' ? 'qcow2' : form.format, path: preview.newVolume.path, size: formatKiB(preview.newVolume.capacity / 1024) })
            : form.source === 'import'
              ? form.importPath
              : form.storage === 'existing'
                ? form.existingPath
                : t('create.sum_noDisk')}
        </dd>
        {preview?.cloud && (
          <>
            <dt>{t('create.sum_seed')}</dt>
            <dd>{preview.cloud.seedPath}</dd>
          </>
        )}
        {preview && preview.finalXml !== preview.xml && (
          <>
            <dt>{t('create.sum_after')}</dt>
            <dd>{t(form.source === 'cloud' ? 'create.sum_afterCloud' : form.source === 'iso' || form.source === 'cdrom' ? 'create.sum_afterMedia' : 'create.sum_afterDisk')}</dd>
          </>
        )}
        {preview && (
          <>
            <dt>{t('create.sum_machine')}</dt>
            <dd>
              {t('create.sum_machineValue', {
                virt: t(`create.virt_${preview.virtType}`),
                machine: preview.machine,
                firmware: preview.firmware === 'efi' ? 'UEFI' : 'BIOS',
                tpm: preview.tpm ? t('create.sum_tpm') : '',
              })}
            </dd>
          </>
        )}
      </dl>
      {preview && preview.warnings.length > 0 && (
        <div className="wizard-warnings" role="note" aria-label={t('create.warnings')}>
          <strong>{t('create.warnings')}</strong>
          <ul>
            {preview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {preview?.virtType === 'qemu' && <p className="note">{offer.caps.virtType === 'kvm' ? t('create.tcgChosenNote') : t('create.tcgNote')}</p>}
    </>
  );
}

/** Said while typing: below the OS's minimum, above what the host has. */
function ResourceWarnings({ memoryMiB, vcpus, os, caps }: { memoryMiB: number; vcpus: number; os: OsChoice | null | undefined; caps: HostCapabilities }) {
  const { t } = useTranslation();
  const w: string[] = [];
  if (os?.minimum.memoryMiB && memoryMiB < os.minimum.memoryMiB) w.push(t('create.belowMinimum', { os: os.name, memory: os.minimum.memoryMiB }));
  if (memoryMiB > caps.hostMemoryMiB) w.push(t('create.aboveHostMemory', { memory: caps.hostMemoryMiB }));
  if (vcpus > caps.hostCpus) w.push(t('create.aboveHostCpus', { count: caps.hostCpus }));
  if (!w.length) return null;
  return (
    <ul className="wizard-warnings" role="note" aria-label={t('create.warnings')}>
      {w.map((x) => (
        <li key={x}>{x}</li>
      ))}
    </ul>
  );
}
