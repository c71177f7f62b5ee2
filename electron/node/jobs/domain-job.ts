// Cancel for work that libvirt runs as a domain job (save, dump, migration, block copy): the
// job's Cancel calls virDomainAbortJob. "No job is active" means it ended meanwhile: not an error.
import * as libvirt from 'virtdeck/native';
import type { JobContext } from './job-service.js';

/** Aborts the VM's libvirt job when the job is cancelled; returns the hook's removal. */
export function abortDomainJobOnCancel(ctx: Pick<JobContext, 'onCancel'>, dom: libvirt.Domain): () => void {
  return ctx.onCancel(() =>
    dom.abortJob().catch((err: unknown) => {
      if (err instanceof libvirt.LibvirtError && err.code === libvirt.ErrorNumber.OPERATION_INVALID) return 0;
      throw err;
    }),
  );
}
