// The editor for the selected item of the hardware list, by what it is.
import type { HardwareItem } from './device-list.js';
import { BootEditor } from './BootEditor.js';
import { CpuEditor } from './CpuEditor.js';
import { DeviceFacts } from './device-parts.js';
import { DiskEditor } from './DiskEditor.js';
import type { EditorContext } from './editor-context.js';
import { GraphicsEditor } from './GraphicsEditor.js';
import { MemoryEditor } from './MemoryEditor.js';
import { ModelEditor } from './ModelEditor.js';
import { NicEditor } from './NicEditor.js';
import { text } from './props.js';

export function DeviceEditor(props: { ctx: EditorContext; item: HardwareItem; label: string; items: HardwareItem[] }) {
  const { ctx, item, label } = props;
  const d = item.device;
  if (!d) {
    if (item.key === 'cpus') return <CpuEditor ctx={ctx} label={label} />;
    if (item.key === 'memory') return <MemoryEditor ctx={ctx} label={label} />;
    return <BootEditor ctx={ctx} label={label} items={props.items} />;
  }
  switch (d.kind) {
    case 'disk':
      return <DiskEditor ctx={ctx} device={d} label={label} />;
    case 'interface':
      return <NicEditor ctx={ctx} device={d} label={label} />;
    case 'graphics':
      // Only VNC and SPICE are edited; other displays (SDL, egl-headless…) are shown as they are.
      return ['vnc', 'spice'].includes(text(d.props, 'type') ?? '') ? <GraphicsEditor ctx={ctx} device={d} label={label} /> : <DeviceFacts ctx={ctx} device={d} label={label} />;
    case 'video':
    case 'sound':
      return <ModelEditor ctx={ctx} device={d} kind={d.kind} label={label} />;
    default:
      return <DeviceFacts ctx={ctx} device={d} label={label} />;
  }
}
