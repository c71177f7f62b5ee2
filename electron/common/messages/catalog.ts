// Every error and progress message that crosses the wire, by id: the English template and,
// where the user can act, a hint (same parameters). The backend sends `{ messageId, params }`
// with the English text beside it for logs; the renderer words the id through i18next
// (renderer/src/i18n/messages.ts), so no UI code reads an error's prose. Parameters are
// `{{name}}` in the text and typed from it (see template.ts). Plurals: `message_one` beside
// `message` (the `other` form) when a `count` parameter is given.
import type { MessageEntry } from './template.js';

export const catalog = {
  // The RPC layer and the transport.
  'rpc.unknownMethod': { message: 'unknown method {{method}}' },
  'rpc.invalidParams': { message: '{{method}}: {{where}}: {{problem}}' },
  'rpc.backendClosed': { message: 'the connection to the Virtdeck backend was closed' },
  // Browser mode's page while its WebSocket to the server is down (renderer/src/platform/transport.ts).
  'rpc.serverUnreachable': {
    message: 'The Virtdeck server cannot be reached right now, so this was not done.',
    hint: 'The page reconnects by itself; try again once it is back.',
  },
  'rpc.lostDuringCall': {
    message: 'The connection to the Virtdeck server was lost before this answered; it may or may not have been done.',
    hint: 'The page reconnects by itself and shows the current state; check it, then try again if needed.',
  },
  'rpc.sessionEnded': { message: 'Your Virtdeck session has ended, so this was not done.', hint: 'Sign in again with the newest link Virtdeck printed.' },
  'rpc.internal': { message: 'Virtdeck hit an internal error; details are in its log.' },
  /** A failure inside the page itself (not from the backend): the script's own words. */
  'ui.unexpected': { message: '{{detail}}' },

  // Added with the object registry, config writes, flow control, test-driver gates and console owners.
  'connection.savedInvalid': { message: 'This saved connection is not valid: {{reason}}', hint: 'Edit or remove it; Virtdeck will not connect to it as it is.' },
  'testDriver.noDirs': {
    message: 'The test driver may read only test:///default here: no directory is allowed for test-driver files ({{file}} in the config directory).',
    hint: 'Use test:///default, or put the file in a directory allowed for test-driver files.',
  },
  'testDriver.missing': { message: 'The test-driver file {{file}} does not exist.', hint: 'Use test:///default, or put the file in a directory allowed for test-driver files.' },
  'testDriver.outside': {
    message: 'The test-driver file {{file}} is not under a directory allowed for test-driver files.',
    hint: 'Use test:///default, or put the file in a directory allowed for test-driver files.',
  },
  'testDriver.notXml': { message: 'The test-driver file {{file}} is not a .xml file.', hint: 'Use test:///default, or put the file in a directory allowed for test-driver files.' },
  'testDriver.notFile': {
    message: 'The test-driver path {{file}} is not a regular file.',
    hint: 'Use test:///default, or put the file in a directory allowed for test-driver files.',
  },
  'testDriver.loadFailed': { message: 'libvirt could not load {{file}} as a test-driver definition.', hint: 'Check that the file is a libvirt test-driver XML document.' },
  'console.notServedByQemu': { message: '{{detail}}', hint: 'Virtdeck connects only to the display QEMU serves for this VM. Check the VM’s display settings.' },
  'console.notVnc': { message: '{{where}} did not answer as a VNC display; Virtdeck will not connect the console to it.', hint: 'Check the VM’s display settings on the host.' },
  'config.notXml': { message: 'The configuration is not well-formed XML: {{detail}}', hint: 'Nothing was changed. Correct the XML and apply again.' },
  'config.notXmlAt': {
    message: 'The configuration is not well-formed XML at line {{line}}, column {{column}}: {{detail}}',
    hint: 'Nothing was changed. Correct the XML and apply again.',
  },
  'config.noSecrets': {
    message: 'This connection may not read the VM’s secrets (display passwords), so writing its configuration would drop them.',
    hint: 'Nothing was changed. Use a connection with full access to change this VM.',
  },
  'connection.readOnly': {
    message: 'The connection {{name}} is read-only: Virtdeck can show this VM but not change it.',
    hint: 'Edit the connection and clear “Read-only” to change VMs on this host.',
  },
  'config.otherUuid': { message: 'The configuration names another VM (UUID {{named}}, not {{uuid}}).', hint: 'Nothing was changed. Keep the VM’s own <uuid> in its XML.' },
  'config.noUuid': { message: 'The configuration has no <uuid>, so it may not be this VM’s.', hint: 'Nothing was changed. Keep the VM’s own <uuid> in its XML.' },
  'config.conflict': { message: 'The VM’s configuration was changed elsewhere since it was read.', hint: 'Nothing was changed. Reload it and apply your change again.' },
  'config.refused': { message: 'libvirt refused the configuration: {{detail}}', hint: 'Nothing was changed. Correct it and apply again.' },
  'objects.domainGone': { message: 'This VM no longer exists on the host.', hint: 'It may have been removed elsewhere; the lists update by themselves.' },
  'objects.networkGone': { message: 'This virtual network no longer exists on the host.', hint: 'It may have been removed elsewhere; the lists update by themselves.' },
  'objects.poolGone': { message: 'This storage pool no longer exists on the host.', hint: 'It may have been removed elsewhere; the lists update by themselves.' },
  'objects.noPoolNamed': { message: 'The host has no storage pool named “{{name}}”.', hint: 'It may have been removed elsewhere; the lists update by themselves.' },
  'objects.noVolumeNamed': { message: 'The pool “{{pool}}” has no volume named “{{name}}”.', hint: 'It may have been removed elsewhere; the lists update by themselves.' },
  'objects.noDomainNamed': { message: 'The host has no VM named “{{name}}”.', hint: 'It may have been removed elsewhere; the lists update by themselves.' },
  'objects.noVolumeAtPath': { message: 'No storage pool of the host holds “{{path}}”.', hint: 'It may have been removed elsewhere, or lie outside every pool.' },
  'rpc.busy': {
    message: 'Too many calls are waiting ({{running}} running, {{queued}} queued); {{method}} was not run.',
    hint: 'Wait for earlier calls to answer, then try again.',
  },

  // libvirt's own errors: its words (detail), with what to try by error number.
  'libvirt.error': { message: '{{detail}}' },
  'libvirt.operationInvalid': { message: '{{detail}}', hint: 'The VM is not in a state that allows this; refresh and try again.' },
  'libvirt.noDomain': { message: '{{detail}}', hint: 'The VM no longer exists on this host; it may have been removed elsewhere.' },
  'libvirt.authFailed': { message: '{{detail}}', hint: 'Check the user name, password or SSH key for this host.' },
  'libvirt.unreachable': { message: '{{detail}}', hint: 'Check that the host is reachable and libvirtd runs there, then reconnect.' },
  'libvirt.noConnect': { message: '{{detail}}', hint: 'Check the connection URI and that libvirtd runs on the host.' },
  'libvirt.timeout': { message: '{{detail}}', hint: 'The host did not answer in time; it may be busy. Try again.' },
  'libvirt.noSupport': { message: '{{detail}}', hint: 'This hypervisor does not support that operation.' },
  'libvirt.internalError': { message: '{{detail}}', hint: 'libvirt gave no more detail; the host’s libvirtd log may say more. Refresh and try again.' },

  // Connections.
  'connection.notConnected': { message: '{{name}} is not connected.', hint: 'Connect to it first.' },
  'connection.exists': { message: 'A connection to {{uri}} exists already.' },
  'connection.badOrder': { message: 'The new order must name every connection exactly once.' },
  'connection.closedWhileOpening': { message: 'The connection was closed while it opened.' },
  'connection.signInCancelled': { message: 'Signing in to {{host}} was cancelled.', hint: 'Reconnect to sign in again.' },
  'connection.notFound': { message: 'There is no such connection; it may have been removed.' },
  'connection.lostKeepalive': { message: 'The host stopped answering (keepalive timeout).', hint: 'Virtdeck reconnects by itself; Reconnect tries at once.' },
  'connection.lostEof': { message: 'The host closed the connection.', hint: 'Virtdeck reconnects by itself; Reconnect tries at once.' },
  'connection.lostOther': { message: 'The connection failed.', hint: 'Virtdeck reconnects by itself; Reconnect tries at once.' },

  // Connection URIs (checked in the dialog and again in the backend).
  'uri.nameDash': { message: 'The {{what}} must not start with "-" (ssh would read it as an option).', hint: 'Check the connection settings and try again.' },
  'uri.nameChars': {
    message: 'The {{what}} {{value}} may only hold letters, digits, ".", "_" and "-" (no spaces or shell characters).',
    hint: 'Check the connection settings and try again.',
  },
  'uri.port': { message: 'The port must be a number from 1 to 65535.', hint: 'Check the connection settings and try again.' },
  'uri.length': { message: 'The URI is empty or too long.', hint: 'Check the connection settings and try again.' },
  'uri.shellChars': { message: 'The URI holds spaces or shell characters; remove them.', hint: 'Check the connection settings and try again.' },
  'uri.notUri': { message: '{{uri}} is not a libvirt URI such as qemu:///system or qemu+ssh://user@host/system.', hint: 'Check the connection settings and try again.' },
  'uri.driver': { message: 'Unknown hypervisor driver "{{driver}}".', hint: 'Check the connection settings and try again.' },
  'uri.transport': { message: 'Unknown transport "{{transport}}".', hint: 'Check the connection settings and try again.' },
  'uri.needsHost': { message: 'A remote connection needs a host.', hint: 'Check the connection settings and try again.' },
  'uri.path': { message: 'The path {{path}} is not valid.', hint: 'Check the connection settings and try again.' },
  'uri.param': { message: 'The URI parameter "{{key}}" is not allowed (allowed: {{allowed}}).', hint: 'Check the connection settings and try again.' },
  'uri.badEscape': { message: 'The {{what}} holds a "%" that is not followed by two hex digits.', hint: 'Check the connection settings and try again.' },
  'uri.testRemote': { message: 'A remote test driver may only use /default.', hint: 'Check the connection settings and try again.' },
  'uri.testFile': { message: 'The test driver takes /default or the absolute path of a .xml file; {{file}} is neither.', hint: 'Check the connection settings and try again.' },
  'uri.emptyParam': { message: 'The URI has an empty parameter ("&&" or a trailing "&").', hint: 'Check the connection settings and try again.' },
  'uri.paramTwice': { message: 'The URI parameter "{{key}}" is given twice.', hint: 'Check the connection settings and try again.' },
  'uri.paramValue': { message: 'The value of the URI parameter "{{key}}" is not valid.', hint: 'Check the connection settings and try again.' },

  // SSH sign-in.
  'ssh.hostKeyChanged': {
    message: 'The SSH host key of {{target}} has changed. Virtdeck did not connect: someone could be intercepting the connection.',
    hint: 'If the host was reinstalled or its keys were replaced, check the new fingerprint with its administrator, then remove the old key with: ssh-keygen -R "{{host}}"',
  },
  'ssh.hostKeyChangedTo': {
    message: 'The SSH host key of {{target}} has changed (it now presents {{fingerprint}}). Virtdeck did not connect: someone could be intercepting the connection.',
    hint: 'If the host was reinstalled or its keys were replaced, check the new fingerprint with its administrator, then remove the old key with: ssh-keygen -R "{{host}}"',
  },
  'ssh.promptGone': { message: 'ssh is no longer waiting for this answer.', hint: 'The connection may have been closed or timed out; Reconnect to try again.' },

  // Domains.
  'vmName.invalid': { message: 'The name “{{name}}” cannot be used.', hint: '{{problem}}' },
  'vmName.empty': { message: 'Enter a name for the VM.' },
  'vmName.tooLong': { message: 'The name is longer than 64 characters; shorten it.' },
  'vmName.chars': { message: 'Use letters, digits and . _ + : - only, starting with a letter or digit.' },

  // Consoles.
  'console.vmGone': { message: 'The VM is gone.' },
  'console.noDisplay': { message: 'This VM has no graphical display.', hint: 'Use its serial console, or add a display in its settings.' },
  'console.noDisplayOfType': { message: 'This VM has no {{type}} display.', hint: 'Use its serial console, or add a display in its settings.' },
  'console.badSocket': { message: "The display's socket path {{path}} is not one libvirt makes; Virtdeck will not connect to it." },
  'console.noPort': { message: 'The VM’s display has no port yet.', hint: 'Start the VM, then open its console.' },
  'console.listenNotIp': { message: 'The display listens on {{address}}, which is not an IP address; Virtdeck will not connect to it.' },
  'console.driverHasNoDisplays': {
    message: 'This host’s driver (libvirt’s test driver) has no displays: its VMs have no screen to show.',
    hint: 'Use a QEMU host (qemu:///system or qemu+ssh://) to see a VM’s console.',
  },
  'console.unsupportedHost': {
    message: 'Consoles are available for local hosts and hosts connected over SSH only.',
    hint: 'Connect to this host with qemu+ssh:// to see its consoles, or use virt-viewer.',
  },
  'console.notRunning': { message: 'The VM is not running, so it has no display yet.', hint: 'Start it, then open its console.' },
  'console.tunnelSilent': { message: 'The VM’s display did not answer through the SSH tunnel.', hint: 'Reconnect; if it keeps failing, check the VM on the host.' },
  'consoleSsh.hostKey': {
    message: 'The console was not opened: ssh does not know or trust the host key of {{host}} ({{detail}}).',
    hint: 'Reconnect the connection to check the host key, then open the console again.',
  },
  'consoleSsh.signIn': {
    message: 'SSH refused to sign in to {{host}} for the console ({{detail}}).',
    hint: 'The console tunnel signs in without asking questions: load the connection’s key into ssh-agent (ssh-add) or use a key without a passphrase, then open the console again.',
  },
  'consoleSsh.unreachable': {
    message: 'Virtdeck could not reach {{host}} over SSH for the console ({{detail}}).',
    hint: 'Check that the host is up and its SSH server answers, then open the console again.',
  },
  'consoleSsh.failed': {
    message: 'ssh to {{host}} for the console failed ({{detail}}).',
    hint: 'Check that `ssh` to this host works from a terminal, then open the console again.',
  },
  'consoleSsh.noForwarding': {
    message: 'The SSH server of {{host}} does not allow forwarding, so the display at {{where}} cannot be reached ({{detail}}).',
    hint: 'Allow it in the host’s sshd_config (AllowTcpForwarding, or AllowStreamLocalForwarding for sockets), or use virt-viewer on the host.',
  },
  'consoleSsh.refused': {
    message: '{{host}} refused the connection to the VM’s display at {{where}}.',
    hint: 'The VM may have stopped or its display moved: check that it runs, then Reconnect.',
  },
  'consoleSsh.refusedDetail': {
    message: '{{host}} refused the connection to the VM’s display at {{where}} ({{detail}}).',
    hint: 'The VM may have stopped or its display moved: check that it runs, then Reconnect.',
  },
  'consoleSsh.tunnelFailed': {
    message: 'The console tunnel to {{host}} failed ({{detail}}).',
    hint: 'Reconnect; if it keeps failing, check that `ssh` to this host works from a terminal.',
  },
  'sshArgs.host': {
    message: 'The host {{host}} is not a name or address ssh may be given.',
    hint: 'Virtdeck did not start ssh. Check the connection settings and the VM’s display settings.',
  },
  'sshArgs.user': {
    message: 'The user {{user}} is not a name ssh may be given.',
    hint: 'Virtdeck did not start ssh. Check the connection settings and the VM’s display settings.',
  },
  'sshArgs.port': { message: 'The SSH port must be a number from 1 to 65535.', hint: 'Virtdeck did not start ssh. Check the connection settings and the VM’s display settings.' },
  'sshArgs.keyFile': { message: 'The key file path is not valid.', hint: 'Virtdeck did not start ssh. Check the connection settings and the VM’s display settings.' },
  'sshArgs.controlPath': { message: 'The ssh control socket path is not valid.', hint: 'Virtdeck did not start ssh. Check the connection settings and the VM’s display settings.' },
  'sshArgs.forwardHost': {
    message: 'The display listens on {{host}}, which is not an IP address; Virtdeck will not forward to it.',
    hint: 'Virtdeck did not start ssh. Check the connection settings and the VM’s display settings.',
  },
  'sshArgs.forwardPort': {
    message: 'The display’s port {{port}} is not a port number; Virtdeck will not forward to it.',
    hint: 'Virtdeck did not start ssh. Check the connection settings and the VM’s display settings.',
  },
  'sshArgs.socket': {
    message: 'The display’s socket path {{path}} cannot be forwarded; Virtdeck will not pass it to ssh.',
    hint: 'Virtdeck did not start ssh. Check the connection settings and the VM’s display settings.',
  },
  'viewer.localOnly': {
    message: 'Remote Viewer files are made only for VMs on this machine.',
    hint: "For a VM on a remote host, run: virt-viewer --connect '{{uri}}' followed by the VM's name.",
  },
  'viewer.notRunning': { message: 'The VM is not running, so it has no display yet.', hint: 'Start it, then open it in Remote Viewer.' },
  'viewer.unixSocket': {
    message: 'This display listens on a unix socket, which a Remote Viewer file cannot name.',
    hint: "Run: virt-viewer --connect '{{uri}}' followed by the VM's name.",
  },
  'viewer.launchFailed': {
    message: 'Remote Viewer ({{program}}) could not be started: {{detail}}.',
    hint: 'Check that virt-viewer is installed correctly, or download the .vv file instead.',
  },
  'serial.notRunning': { message: '{{name}} is not running, so its text console has nothing to show.', hint: 'Start the VM, then open its console.' },
  'serial.noDevice': { message: '{{name}} has no text console called {{device}} (any more).', hint: 'Pick another device, or add a serial port in the VM’s settings.' },
  'serial.noDeviceNow': { message: '{{name}} has no text console called {{device}} (any more).', hint: 'Pick another device.' },
  'serial.notPty': {
    message: '{{device}} of {{name}} writes to a {{sourceType}}, not a terminal, so it cannot be attached to.',
    hint: 'Change its type to pty in the VM’s settings.',
  },
  'serial.inUse': {
    message: '{{device}} of {{name}} is in use by another client (virsh console or another Virtdeck window).',
    hint: 'Force takes it over; the other client is disconnected.',
  },

  // New VM.
  'create.uploadRunning': { message: 'This upload is running already.', hint: 'Wait for it to finish or cancel it.' },
  'create.cloudImageNotInPool': {
    message: 'The cloud image {{path}} is not a volume in any of the host’s storage pools.',
    hint: 'Copy it into a pool’s directory (e.g. /var/lib/libvirt/images) or choose one from the list.',
  },
  'create.poolNotDir': { message: 'The pool “{{pool}}” is not a directory pool.', hint: 'Choose a directory pool for the new disk.' },
  'create.testDriverNoUpload': {
    message: 'libvirt’s test driver cannot store files in its pools, so it cannot make a VM from an install tree’s URL or a cloud image (both put files into a pool).',
    hint: 'Choose another source (an ISO image, an existing disk, a kernel or network boot), or a QEMU/KVM host.',
  },
  'create.cloudNeedsNewDisk': { message: 'A cloud image needs a new disk: the overlay on the image is that disk.', hint: 'Choose “Create a new disk” on the Storage step.' },
  'create.failed': { message: 'Creating the VM failed while {{step}}: {{reason}}. {{cleanup}}', hint: '{{hint}}' },
  'create.cmdlineControl': {
    message: 'The kernel command line contains a control character ({{code}}) at position {{position}}.',
    hint: 'Remove it: the command line is one line of printable text (no tabs, newlines or escapes).',
  },
  'create.step.check': { message: 'checking the settings' },
  'create.step.storage': { message: 'creating the disk' },
  'create.step.seed': { message: 'writing the cloud-init seed' },
  'create.step.fetch': { message: 'fetching the install kernel and initrd' },
  'create.step.define': { message: 'defining the VM' },
  'create.step.start': { message: 'starting the VM' },
  'create.step.rollback': { message: 'undoing' },
  'create.step.done': { message: 'finishing' },
  'create.cleanupLeft': { message: 'These could not be removed and are still on the host: {{left}}.' },
  'create.cleanupNone': { message: 'Nothing was left behind.' },
  'create.hintNameTaken': { message: 'Choose another name for the VM.' },
  'create.hintConfig': { message: 'Check the configuration (Customize configuration before install shows the XML).' },
  'create.hintLog': { message: 'Check the host’s libvirtd log for details, then try again.' },
  // Progress of a create (create.progressed).
  'progress.create.disk': { message: 'Creating the disk {{name}} ({{sizeGiB}} GiB)' },
  'progress.create.seed': { message: 'Writing the cloud-init seed {{name}}' },
  'progress.create.fetch': { message: 'Fetching the kernel and initrd from {{host}}' },
  'progress.create.fetchPercent': { message: 'Fetching the {{file}} from {{host}}: {{percent}} % of {{totalMiB}} MiB' },
  'progress.create.fetchMiB': { message: 'Fetching the {{file}} from {{host}}: {{mib}} MiB' },
  'progress.create.define': { message: 'Defining {{name}}' },
  'progress.create.start': { message: 'Starting {{name}}' },
  'progress.create.final': { message: 'Saving the configuration {{name}} boots with after the install' },
  'progress.create.running': { message: '{{name}} is running' },
  'progress.create.rollback': { message: 'Undoing what was created' },
  'create.noArch': { message: 'This host cannot run {{arch}} guests.', hint: 'Choose one of: {{arches}}.' },
  'create.noVirtType': { message: 'This host has no {{virt}} for {{arch}} guests.', hint: 'Choose the other virtualization type under Advanced.' },
  'create.noMachine': { message: 'The machine type {{machine}} is not available for {{arch}}.', hint: 'Choose a machine type from the list under Advanced.' },
  'create.notMacvtapDevice': {
    message: '“{{name}}” is not a physical network interface of this host that macvtap can use.',
    hint: 'Choose one of the host’s devices ({{names}}) or a virtual network.',
  },
  'create.noMacvtapDevices': {
    message: '“{{name}}” is not a physical network interface of this host that macvtap can use.',
    hint: 'This host lists no physical interface for macvtap; choose a virtual network or a bridge.',
  },
  'installTree.notUrl': { message: '“{{text}}” is not a URL.', hint: 'Give the install tree’s address, e.g. https://deb.debian.org/debian/dists/bookworm/main/installer-amd64/.' },
  'installTree.ftp': { message: 'FTP install trees cannot be fetched yet.', hint: 'Use the same tree over http:// or https:// (mirrors offer both).' },
  'installTree.scheme': { message: '{{scheme}} URLs cannot be install trees.', hint: 'Give an http:// or https:// address.' },
  'installTree.credentials': {
    message: 'The install tree URL holds a user name or password.',
    hint: 'Give a public tree’s address; credentials would end up in the VM’s configuration.',
  },
  'installTree.cancelled': { message: 'Fetching the install tree’s kernel and initrd was cancelled.', hint: 'Start again when you are ready.' },
  'installTree.unreachable': { message: '{{host}} could not be reached ({{detail}}).', hint: 'Check the URL and this machine’s network connection, then try again.' },
  'installTree.httpStatus': { message: '{{url}} answered {{status}} {{statusText}}.', hint: 'Check the URL, or try another mirror.' },
  'installTree.tooSmall': { message: '{{url}} is {{bytes}} bytes: not a kernel or initrd.', hint: 'Check the install tree URL.' },
  'installTree.tooLarge': { message: '{{url}} is larger than any kernel or initrd.', hint: 'Check the install tree URL.' },
  'installTree.noInitrd': { message: '{{base}} has a kernel at {{kernel}} but no initrd at {{initrd}} (404).', hint: 'Check that the tree is complete, or give another mirror.' },
  'installTree.noKernel': {
    message: 'No kernel was found in {{base}} (404 at {{paths}}).',
    hint: 'Give the URL of the install tree itself (the directory holding e.g. images/pxeboot or install.amd), and choose the OS so its layout is known.',
  },
  // cloud-init's form: each refusal names its field and says what would be accepted.
  'cloudInit.user.empty': { message: 'User name: enter the name of the account to create in the guest.' },
  'cloudInit.user.tooLong': { message: 'User name: at most 32 characters (this one has {{length}}).' },
  'cloudInit.user.chars': { message: 'User name: use lower-case letters, digits, "_" and "-", starting with a letter or "_".' },
  'cloudInit.user.reserved': { message: 'User name: "{{name}}" already exists in every image; choose another name (the new user gets sudo).' },
  'cloudInit.hostname.empty': { message: 'Host name: use letters, digits and hyphens (not at the start or end of a part), parts separated by dots.' },
  'cloudInit.hostname.tooLong': { message: 'Host name: at most 253 characters (this one has {{length}}).' },
  'cloudInit.hostname.partTooLong': { message: 'Host name: each part is at most 63 characters ("{{start}}…" is longer).' },
  'cloudInit.hostname.badPart': {
    message: 'Host name: use letters, digits and hyphens (not at the start or end of a part), parts separated by dots; "{{part}}" is not one.',
  },
  'cloudInit.hostname.allDigits': { message: 'Host name: the last part cannot be all digits (it would read as an IP address).' },
  'cloudInit.sshKey.lineBreak': { message: 'SSH key {{number}}: one key per line; a key cannot contain line breaks.' },
  'cloudInit.sshKey.shape': { message: 'SSH key {{number}}: paste a public key like "ssh-ed25519 AAAA… user@host" (the contents of ~/.ssh/id_ed25519.pub).' },
  'cloudInit.sshKey.type': {
    message: 'SSH key {{number}}: "{{type}}" is not a supported key type; use ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521 or a security-key (sk-) type.',
  },
  'cloudInit.sshKey.base64': { message: 'SSH key {{number}}: the key data after "{{type}}" is not valid base64; copy the whole line from the .pub file.' },
  'cloudInit.sshKey.notType': { message: 'SSH key {{number}}: the key data is not a {{type}} key; copy the whole line from the .pub file.' },
  'cloudInit.sshKey.holdsOther': { message: 'SSH key {{number}}: the key data is not a {{type}} key (it holds {{inner}}); copy the whole line from the .pub file.' },
  'cloudInit.sshKey.comment': { message: 'SSH key {{number}}: the comment holds control characters.' },
  'cloudInit.instanceId': { message: 'Instance id: 1 to 128 letters, digits, ".", "_", ":" or "-".' },
  'cloudInit.password.empty': { message: 'Password: leave it out, or enter at least one character.' },
  'cloudInit.password.lineBreak': { message: 'Password: line breaks cannot be typed at a login prompt; remove them.' },
  'cloudInit.password.noLogin': { message: 'Give a password or an SSH public key, or nobody can sign in to the new user.' },
  /** problem: the YAML parser's own words (as libvirt's are passed on), with where it found it. */
  'cloudInit.yaml.syntaxAt': { message: 'Extra user-data, line {{line}}, column {{column}}: {{problem}}', hint: 'Fix the YAML there, or clear the field.' },
  'cloudInit.yaml.syntax': { message: 'Extra user-data, {{problem}}', hint: 'Fix the YAML there, or clear the field.' },
  'cloudInit.yaml.notMapping': { message: 'Extra user-data must be a mapping of cloud-config keys (such as "packages:" or "runcmd:").' },
  'cloudInit.yaml.unreadable': { message: 'Extra user-data: {{problem}}' },
  'cloudInit.yaml.clash': { message: 'Extra user-data sets "{{key}}", which the form already sets; change it in the form or remove it from the YAML.' },
  'cloudInit.seed.directoryFull': { message: 'Too many or too long file names for one seed image directory.' },
  'cloudInit.seed.volumeId': { message: 'Volume id: 1 to 16 letters, digits, "_" or "-".' },
  'cloudInit.seed.fileName': { message: 'File name "{{name}}" cannot be stored in a seed image.' },
  'cloudInit.seed.fileTwice': { message: 'File name "{{name}}" is given twice.' },
  'upload.notAFile': { message: '{{path}} is not a file on this machine.', hint: 'Check the path of the ISO image to upload.' },
  'upload.cancelled': { message: 'The upload of {{file}} was cancelled; its partial volume was deleted.', hint: 'Upload again when you are ready.' },
  'storage.notADiskImage': {
    message: '{{path}} is stored as “{{format}}”, which QEMU cannot attach as a disk image.',
    hint: 'Choose a disk image (raw, qcow2, vmdk, vdi, vhd, …) or convert it with qemu-img first.',
  },
  'storage.noSpace': {
    message: 'The pool “{{pool}}” has {{freeGiB}} GiB free, less than the {{sizeGiB}} GiB disk.',
    hint: 'Choose a smaller disk or another pool, or free space on the host.',
  },
  'job.notFound': { message: 'There is no such job.', hint: 'It may have finished in a backend that was restarted since.' },
  'job.running': { message: 'This job is running already.', hint: 'Wait for it to finish or cancel it.' },
  'job.cancelled': { message: '{{title}} was cancelled. {{cleanup}}', hint: 'Start it again when you are ready.' },
  'job.title.create': { message: 'New VM {{name}}' },
  'job.title.upload': { message: 'Upload of {{file}} into {{pool}}' },
  'job.title.recovery': { message: 'Clean-up after the interrupted job “{{title}}”' },
  'job.result.saved': { message: 'Saved as {{path}}' },
  'job.rollback': { message: 'Undoing what was made' },
  'job.heldAt': { message: '{{what}} [held at {{point}}]' },
  'progress.create.check': { message: 'Checking the settings' },
  'progress.create.fetchFile': { message: 'Fetching the {{file}} from {{host}}' },
  'progress.upload.send': { message: 'Uploading {{file}}' },
  'progress.upload.finish': { message: 'Saving it as {{name}}' },
  'upload.cancelledLeft': {
    message: 'The upload of {{file}} was cancelled; these could not be deleted: {{left}}.',
    hint: 'Delete them from the pool yourself, then upload again.',
  },
  'recovery.step': { message: 'Rolled back at connect' },
  'recovery.removed': { message: 'Removed {{what}}.' },
  'recovery.notRemoved': { message: 'Could not remove {{what}}: {{reason}}' },
  'recovery.nothingLeft': { message: 'Nothing it made was left on the host.' },
  'recovery.nothingRemoved': { message: 'Nothing could be removed.' },
  'recovery.someRemoved': { message: 'Removed: {{list}}.' },
  'recovery.left': {
    message: 'Some of what “{{title}}” made could not be removed: {{left}}.',
    hint: 'Virtdeck tries again at the next connect; you can also remove them yourself.',
  },

  // Editing a VM (VM details): what a change cannot do, and where a part takes effect.
  'edit.unknownProperty': {
    message: 'A {{object}} has no property “{{name}}” that Virtdeck can change.',
    hint: 'Nothing was changed. Use the XML tab for what the editors do not offer.',
  },
  'edit.guardedProperty': { message: '“{{name}}” of a {{object}} is not changed this way.', hint: 'Nothing was changed. Use its own editor (name, memory, vCPUs, boot order).' },
  'edit.badValue': { message: 'The value for “{{name}}” of a {{object}} must be {{expected}}.', hint: 'Nothing was changed. Correct the value and apply again.' },
  'edit.noDevice': { message: 'The VM has no device {{id}}; it may have been removed meanwhile.', hint: 'Nothing was changed. Reload the VM’s hardware and apply again.' },
  'edit.unknownDeviceKind': { message: 'Virtdeck cannot add a device of kind “{{kind}}”.', hint: 'Nothing was changed. Use the XML tab to add it.' },
  'edit.noFreeTarget': { message: 'There is no free disk name left on the {{bus}} bus.', hint: 'Nothing was changed. Remove a disk or choose another bus.' },
  'edit.memoryOverMax': {
    message: 'The current memory ({{current}} KiB) is more than the maximum ({{max}} KiB).',
    hint: 'Nothing was changed. Raise the maximum or lower the current memory.',
  },
  'edit.memoryNuma': { message: 'This VM’s maximum memory is the sum of its NUMA cells.', hint: 'Nothing was changed. Change the cells’ memory in the XML tab.' },
  'edit.vcpusOverMax': { message: '{{current}} vCPUs online is more than the maximum of {{max}}.', hint: 'Nothing was changed. Raise the maximum or lower the vCPUs online.' },
  'edit.topology': {
    message: 'The CPU topology makes {{product}} vCPUs, but the VM has a maximum of {{vcpus}}.',
    hint: 'Nothing was changed. Make sockets × dies × cores × threads equal the maximum vCPUs.',
  },
  'edit.bootTwice': { message: 'A device appears twice in the boot order.', hint: 'Nothing was changed. List each device once.' },
  'edit.notBootable': { message: 'The device {{id}} cannot boot the VM.', hint: 'Nothing was changed. Boot from disks, NICs or host devices.' },
  'edit.liveRefused': { message: 'The running VM refused the change: {{detail}}', hint: 'Nothing was changed. Apply it at the next boot instead, or shut the VM down first.' },
  'edit.shrink': {
    message: 'A disk cannot shrink ({{bytes}} bytes asked, {{capacity}} now): the guest’s data at its end would be lost.',
    hint: 'Nothing was changed. Choose a size at least as large as now.',
  },
  'edit.resizeMedia': { message: 'Removable media cannot be resized.', hint: 'Nothing was changed.' },
  'edit.resizeNotInPool': {
    message: 'The disk {{path}} is in no storage pool, so it can be resized only while the VM runs.',
    hint: 'Nothing was changed. Start the VM and resize it, or add its directory as a storage pool.',
  },
  'rename.running': { message: 'A running VM cannot be renamed.', hint: 'Shut it down, then rename it.' },
  'rename.taken': { message: 'Another VM on this host is already named {{name}}.', hint: 'Choose another name.' },
  'rename.refused': { message: 'libvirt refused the new name: {{detail}}', hint: 'Nothing was changed.' },
  'tune.refused': { message: 'libvirt refused the resource controls: {{detail}}', hint: 'Nothing was changed. Correct the values and apply again.' },
  'tune.why.liveRefused': { message: 'The running VM cannot take this now ({{detail}}); it applies when the VM next starts.' },
  'edit.why.virtiofsMemory': {
    message: 'A virtiofs share needs the VM’s memory shared with virtiofsd: Virtdeck sets shared memory (memfd), which applies when the VM next starts.',
  },
  'edit.why.atBoot': { message: '“{{part}}” of a running VM changes when it next starts.' },
  'edit.why.asked': { message: 'Applied to the definition only, as asked: the running VM changes when it next starts.' },
  'edit.why.overLiveMemory': { message: 'The running VM can use at most {{max}} KiB until it restarts.' },
  'edit.why.maxMemory': { message: 'The maximum memory of a running VM cannot change; it applies when the VM next starts.' },
  'edit.why.overLiveVcpus': { message: 'The running VM can have at most {{max}} vCPUs online until it restarts.' },
  'edit.why.maxVcpus': { message: 'The maximum vCPUs of a running VM cannot change; it applies when the VM next starts.' },
  'edit.why.notHotpluggable': { message: 'A device of kind “{{kind}}” cannot be added to or removed from a running VM here.' },
} as const satisfies Record<string, MessageEntry & { message_one?: string }>;
