// One panel for the long work of every host: running and recent jobs with their progress
// (bytes, rate, time left), Cancel, and the error with its hint. Opened from the header's
// `Jobs` button, which shows how many run; Escape or Close closes it.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { JobInfo } from '../../../../electron/common/api/jobs.js';
import { formatKiB } from '../../i18n/index.js';
import { describeErrorData, wordMessage } from '../../i18n/messages.js';
import { api, notifyError, setJobsPanel, useStore } from '../../store/store.js';
import { jobList, runningCount } from '../../store/jobs.js';

export function JobsButton() {
  const { t } = useTranslation();
  const count = useStore(runningCount);
  const open = useStore((s) => s.jobsPanelOpen);
  return (
    <button type="button" className="jobs-button" aria-expanded={open} aria-controls="jobs-panel" onClick={() => setJobsPanel(!open)}>
      {count ? t('jobs.buttonRunning', { count }) : t('jobs.button')}
    </button>
  );
}

export function JobsPanel() {
  const { t } = useTranslation();
  const open = useStore((s) => s.jobsPanelOpen);
  const jobs = useStore(useShallow(jobList));
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!open) return;
    ref.current?.focus();
    // Escape closes it while focus is in the panel, or nowhere in particular (after its Cancel
    // button went away); never from a console or a dialog, which have their own use for it.
    const onKey = (e: KeyboardEvent) => {
      const at = document.activeElement;
      if (e.key !== 'Escape' || e.defaultPrevented || !(at === document.body || ref.current?.contains(at))) return;
      setJobsPanel(false);
      document.querySelector<HTMLElement>('.jobs-button')?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  if (!open) return null;
  return (
    <section id="jobs-panel" ref={ref} tabIndex={-1} className="jobs-panel" aria-labelledby="jobs-title">
      <div className="jobs-head">
        <h2 id="jobs-title">{t('jobs.title')}</h2>
        <button type="button" onClick={() => setJobsPanel(false)}>
          {t('jobs.close')}
        </button>
      </div>
      {jobs.length === 0 ? (
        <p className="muted jobs-empty">{t('jobs.none')}</p>
      ) : (
        <ul className="jobs-list">
          {jobs.map((j) => (
            <li key={j.id}>
              <JobRow job={j} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function seconds(s: number): string {
  return s < 60 ? `${Math.ceil(s)} s` : `${Math.ceil(s / 60)} min`;
}

function JobRow({ job: j }: { job: JobInfo }) {
  const { t } = useTranslation();
  const host = useStore((s) => {
    const c = s.connections.find((x) => x.id === j.connection);
    return c ? (c.spec.label ?? c.spec.uri) : j.connection;
  });
  const running = j.state === 'running' || j.state === 'cancelling';
  const p = j.progress;
  const titleId = `job-${j.id}-title`;
  const title = wordMessage(j.title);
  const error = j.error ? describeErrorData(j.error) : null;
  return (
    <article className={`job job-${j.state}`} aria-labelledby={titleId}>
      <div className="job-head">
        <strong id={titleId}>{title}</strong>
        <span className="job-state">{t(`jobs.state_${j.state}`)}</span>
      </div>
      <div className="muted job-host">{host}</div>
      {running && (
        <>
          {p?.total ? <progress aria-label={t('jobs.progress', { title })} max={p.total} value={p.done} /> : <progress aria-label={t('jobs.progress', { title })} />}
          <div className="job-message" role="status">
            {wordMessage(j.message)}
            {p && p.unit === 'bytes' && p.total ? ` — ${t('jobs.bytes', { done: formatKiB(p.done / 1024), total: formatKiB(p.total / 1024) })}` : ''}
            {p?.rate ? `, ${t('jobs.rate', { rate: formatKiB(p.rate / 1024) })}` : ''}
            {p?.remainingSeconds !== undefined ? `, ${t('jobs.left', { time: seconds(p.remainingSeconds) })}` : ''}
          </div>
          <button
            type="button"
            disabled={!j.cancellable}
            onClick={() =>
              void api()
                .jobs.cancel({ id: j.id })
                .catch((err: unknown) => notifyError(t('jobs.cancelFailed', { title }), err))
            }
          >
            {t('jobs.cancel')}
          </button>
        </>
      )}
      {!running && j.result && !j.error && <p className="job-result">{wordMessage(j.result)}</p>}
      {j.cleaned && j.cleaned.length > 0 && (
        <ul className="job-cleaned" aria-label={t('jobs.cleaned')}>
          {j.cleaned.map((line, i) => (
            <li key={i}>{wordMessage(line)}</li>
          ))}
        </ul>
      )}
      {error && (
        <div className="job-error">
          <p>{error.text}</p>
          {error.hint && <p className="hint">{error.hint}</p>}
        </div>
      )}
    </article>
  );
}
