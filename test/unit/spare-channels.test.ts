// Spare console channels: one per display, taken once, gone when they close or expire.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { SpareChannels } from '../../electron/node/consoles/ssh-spare-channels.js';
import { waitFor } from '../integration/native/support.js';

const noError = (err: Error) => assert.fail(err);

describe('spare console channels', () => {
  it('are made once per display in the background and taken once', async () => {
    const spares = new SpareChannels();
    let opened = 0;
    const open = async () => {
      opened++;
      return new PassThrough();
    };
    assert.equal(spares.take('a'), null);
    spares.prepare('a', open, noError);
    spares.prepare('a', open, noError); // already being made
    // waitFor awaits the promise take() hands out: s is the channel itself.
    const s = await waitFor('the spare', () => spares.take('a'));
    assert.equal(opened, 1);
    assert.equal(spares.take('a'), null, 'taken once');
    assert.equal(s.destroyed, false, 'the taker owns it');
    spares.dispose();
  });

  it('forget a spare that closes, and close one that expires or outlives the service', async () => {
    const closing = new SpareChannels();
    const a = new PassThrough();
    closing.prepare('a', async () => a, noError);
    await waitFor('made', () => a.listenerCount('close') > 0);
    a.destroy();
    await waitFor('closed', () => a.closed);
    assert.equal(closing.take('a'), null);

    const expiring = new SpareChannels(10);
    const b = new PassThrough();
    expiring.prepare('b', async () => b, noError);
    await waitFor('expired and closed', () => b.destroyed);
    assert.equal(expiring.take('b'), null);

    const disposed = new SpareChannels();
    const c = new PassThrough();
    disposed.prepare('c', async () => c, noError);
    await waitFor('made', () => c.listenerCount('close') > 0);
    disposed.dispose();
    assert.equal(c.destroyed, true);
    const late = new PassThrough();
    disposed.prepare('d', async () => late, noError);
    assert.equal(disposed.take('d'), null, 'none after dispose');
  });

  it('hand over a spare still on its way, which then is not kept', async () => {
    const spares = new SpareChannels();
    let arrive: (s: PassThrough) => void = () => undefined;
    const stream = new PassThrough();
    spares.prepare('a', () => new Promise<PassThrough>((r) => (arrive = r)), noError);
    const taken = spares.take('a');
    assert.ok(taken, 'the spare on its way');
    assert.equal(spares.take('a'), null, 'claimed once');
    arrive(stream);
    assert.equal(await taken, stream);
    assert.equal(spares.take('a'), null, 'not kept as a spare too');
    spares.dispose();
    assert.equal(stream.destroyed, false, 'the taker owns it');
  });

  it('report a spare that could not be made', async () => {
    const spares = new SpareChannels();
    const errors: string[] = [];
    spares.prepare(
      'a',
      async () => Promise.reject(new Error('refused')),
      (e) => errors.push(e.message),
    );
    await waitFor('the error', () => errors.length === 1);
    assert.deepEqual(errors, ['refused']);
    assert.equal(spares.take('a'), null);
  });
});
