// `Open in Remote Viewer`: what spice-html5 cannot do in the page (USB redirection, audio,
// smartcards, several monitors) virt-viewer's remote-viewer does. The backend writes its .vv
// file for the running VM's display, and starts remote-viewer where it is installed and the
// display is on this machine; otherwise the UI offers the file as a download.
import { sshTarget } from '../../common/api/connection-uri.js';
import type { ConsoleType, ViewerFile } from '../../common/api/consoles.js';
import type { DomainRef } from '../../common/api/domains.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { ConnectionManager } from '../connections/manager.js';
import { ObjectRegistry } from '../objects/registry.js';
import { Domain } from '../xml/domain.js';
import { graphicsOf, graphicsTarget } from './graphics-target.js';
import { findOnPath, launchViewer } from './remote-viewer.js';
import { viewerFileName, viewerFileText } from './viewer-file.js';

export const REMOTE_VIEWER = 'remote-viewer';

export class ViewerService {
  readonly #objects: ObjectRegistry;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly log: (msg: string) => void,
    private readonly findProgram: () => Promise<string | null> = () => findOnPath(REMOTE_VIEWER),
  ) {
    this.#objects = new ObjectRegistry(connections);
  }

  async viewerFile({ ref, type }: { ref: DomainRef; type?: ConsoleType | undefined }): Promise<ViewerFile> {
    const uri = this.connections.get(ref.connection).spec.uri;
    if (sshTarget(uri) !== null || !/^[a-z0-9]+(\+unix)?:\/\/\//.test(uri)) {
      throw new ApiError('invalid-input', msg('viewer.localOnly', { uri }));
    }
    const dom = await this.#objects.domain(ref);
    if (!(await dom.isActive())) throw new ApiError('invalid-input', msg('viewer.notRunning'));
    const [xml, name] = await Promise.all([dom.XMLDesc(0), dom.name()]);
    // SPICE first: it is what the page does least of.
    const domain = Domain.parse(xml);
    const target = graphicsTarget(domain, type ?? (graphicsOf(domain).some((g) => g.type === 'spice') ? 'spice' : undefined));
    if ('socket' in target) {
      throw new ApiError('invalid-input', msg('viewer.unixSocket', { uri }));
    }
    // No password in the file, ever: remote-viewer asks for it when the display has one.
    return { name: viewerFileName(name), content: viewerFileText({ type: target.type, host: target.host, port: target.port, title: name }) };
  }

  async launchViewer({ ref, type }: { ref: DomainRef; type?: ConsoleType | undefined }): Promise<{ launched: boolean }> {
    const file = await this.viewerFile({ ref, type });
    const program = await this.findProgram();
    if (!program) return { launched: false };
    try {
      await launchViewer(program, file.name, file.content);
    } catch (err) {
      this.log(`could not start ${program}: ${err instanceof Error ? err.message : String(err)}`);
      throw new ApiError('operation-failed', msg('viewer.launchFailed', { program, detail: err instanceof Error ? err.message : String(err) }));
    }
    this.log(`started ${program} for a VM's display`);
    return { launched: true };
  }
}
