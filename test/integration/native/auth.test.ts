// Credential requests: libvirt's test driver asks for a user name and password when its node
// file has an <auth> section, through the same callback SASL and password URIs use.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as libvirt from 'virtdeck/native';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'auth-node.xml');
const uri = `test://${fixture}`;

function answer(password: string): libvirt.OpenOptions['auth'] {
  return (creds) => creds.map((c) => (c.type === libvirt.ConnectCredentialType.AUTHNAME ? 'alice' : password));
}

const isAuthFailure = (e: unknown) => e instanceof libvirt.LibvirtError && e.code === libvirt.ErrorNumber.AUTH_FAILED;

describe('open() with an auth callback', () => {
  it('answers the user name and password requests and connects', async () => {
    const asked: libvirt.Credential[] = [];
    const conn = await libvirt.open(uri, {
      auth: async (creds) => {
        asked.push(...creds);
        await new Promise((r) => setImmediate(r)); // an asynchronous answer, as a UI prompt gives
        return answer('s3cret')!(creds);
      },
    });
    try {
      assert.deepEqual(
        asked.map((c) => c.type),
        [libvirt.ConnectCredentialType.AUTHNAME, libvirt.ConnectCredentialType.PASSPHRASE],
      );
      assert.match(asked[1]!.prompt, /alice's password/);
      assert.deepEqual(await Promise.all((await conn.listAllDomains()).map((d) => d.name())), ['authdom']);
    } finally {
      await conn.close();
    }
  });

  it('rejects a wrong password with AUTH_FAILED', async () => {
    await assert.rejects(libvirt.open(uri, { auth: answer('wrong') }), isAuthFailure);
  });

  it('treats a refusal (null) and a throwing callback as failed authentication', async () => {
    await assert.rejects(libvirt.open(uri, { auth: () => null }), isAuthFailure);
    await assert.rejects(
      libvirt.open(uri, {
        auth: () => {
          throw new Error('the user cancelled');
        },
      }),
      isAuthFailure,
    );
  });

  it('without a callback, says credentials are missing', async () => {
    await assert.rejects(libvirt.open(uri), (e: unknown) => e instanceof libvirt.LibvirtError && /credentials/i.test(e.message));
  });
});
