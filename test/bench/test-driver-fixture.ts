// Writes a node file for libvirt's test driver: N domains (running, as the test driver starts
// every domain of its file), plus a network and a storage pool.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';

export async function writeTestDriverFixture(path: string, domains: number): Promise<void> {
  const parts = ['<node>'];
  for (let i = 0; i < domains; i++) {
    const name = `bench-${String(i).padStart(4, '0')}`;
    parts.push(
      `<domain type='test'><name>${name}</name><uuid>${randomUUID()}</uuid><memory unit='MiB'>256</memory>` + `<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>`,
    );
  }
  parts.push(`<network><name>bench-net</name><bridge name='benchbr0'/></network>`);
  parts.push(`<pool type='dir'><name>bench-pool</name><target><path>/bench-pool</path></target></pool>`);
  parts.push('</node>');
  await writeFile(path, parts.join('\n'));
}
