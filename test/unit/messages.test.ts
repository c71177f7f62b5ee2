// Errors and progress as catalog message ids: the English words stay what they were, the
// renderer words every id through i18next to the same English, errors survive the wire, and
// no UI code reads an error's prose.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import i18next from 'i18next';
import { ApiError } from '../../electron/common/api/errors.js';
import { catalog } from '../../electron/common/messages/catalog.js';
import { englishHint, englishMessage, msg, type MessageId } from '../../electron/common/messages/messages.js';
import { en } from '../../renderer/src/i18n/en.js';
import { catalogResources, describeError, describeErrorData, MESSAGES_NS, wordHint, wordMessage } from '../../renderer/src/i18n/messages.js';

const root = join(import.meta.dirname, '..', '..');
function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(n) ? [p] : [];
  });
}

before(async () => {
  await i18next.init({ lng: 'en', resources: { en: { translation: en, [MESSAGES_NS]: catalogResources() } }, interpolation: { escapeValue: false } });
});

describe('message catalog', () => {
  it('words messages in English exactly as the backend used to', () => {
    assert.equal(englishMessage(msg('connection.exists', { uri: 'qemu:///system' })), 'A connection to qemu:///system exists already.');
    assert.equal(englishMessage(msg('console.noDisplayOfType', { type: 'SPICE' })), 'This VM has no SPICE display.');
    assert.equal(englishHint(msg('console.noDisplayOfType', { type: 'SPICE' })), 'Use its serial console, or add a display in its settings.');
    assert.equal(englishHint(msg('console.vmGone')), undefined);
    const failed = msg('create.failed', { step: msg('create.step.define'), reason: 'XML error', cleanup: msg('create.cleanupNone'), hint: msg('create.hintConfig') });
    assert.equal(englishMessage(failed), 'Creating the VM failed while defining the VM: XML error. Nothing was left behind.');
    assert.equal(englishHint(failed), 'Check the configuration (Customize configuration before install shows the XML).');
    // A failure passing on its cause's hint.
    const cause = new ApiError('invalid-input', msg('create.poolNotDir', { pool: 'p' }));
    assert.equal(
      englishHint(msg('create.failed', { step: msg('create.step.storage'), reason: 'r', cleanup: msg('create.cleanupNone'), hint: { ...cause.ref, part: 'hint' } })),
      'Choose a directory pool for the new disk.',
    );
  });

  it('words every id through i18next to the same English as the backend, message and hint', () => {
    for (const id of Object.keys(catalog) as MessageId[]) {
      const e = catalog[id] as { message: string; hint?: string };
      const names = new Set([...`${e.message} ${e.hint ?? ''}`.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!));
      const params = Object.fromEntries([...names].map((n, i) => [n, `«${n}${i}»`]));
      const ref = { messageId: id, params };
      assert.equal(wordMessage(ref), englishMessage(ref), id);
      assert.equal(wordHint(ref), englishHint(ref), id);
    }
  });

  it('leaves no placeholder unfilled in the English of a message given its parameters', () => {
    for (const id of Object.keys(catalog) as MessageId[]) {
      const e = catalog[id] as { message: string; hint?: string };
      const names = [...`${e.message} ${e.hint ?? ''}`.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
      const ref = { messageId: id, params: Object.fromEntries(names.map((n) => [n, 'x'])) };
      assert.doesNotMatch(`${englishMessage(ref)} ${englishHint(ref) ?? ''}`, /\{\{/, id);
    }
  });

  it('carries an error over the wire as id, parameters and code; the UI words it from the id', () => {
    const e = new ApiError('in-use', msg('serial.inUse', { device: 'serial0', name: 'web' }), { libvirtCode: 55 });
    const wire = JSON.parse(JSON.stringify(e.toData())) as ReturnType<ApiError['toData']>;
    assert.deepEqual(wire, {
      code: 'in-use',
      messageId: 'serial.inUse',
      params: { device: 'serial0', name: 'web' },
      message: 'serial0 of web is in use by another client (virsh console or another Virtdeck window).',
      hint: 'Force takes it over; the other client is disconnected.',
      libvirtCode: 55,
    });
    const back = ApiError.fromData(wire);
    assert.equal(back.messageId, 'serial.inUse');
    assert.equal(back.libvirtCode, 55);
    // The UI's words come from the id: a translation that differs from the English shows.
    i18next.addResource('en', MESSAGES_NS, 'serial.inUse.message', 'IN USE: {{device}}');
    try {
      assert.equal(describeError(back).text, 'IN USE: serial0');
      assert.equal(describeErrorData(wire).text, 'IN USE: serial0');
    } finally {
      i18next.addResource('en', MESSAGES_NS, 'serial.inUse.message', catalog['serial.inUse'].message);
    }
  });

  it('keeps the English words of an error whose id this side does not know, and of script errors', () => {
    const e = ApiError.fromData({ code: 'internal', messageId: 'from.the.future' as MessageId, params: {}, message: 'Something new.' });
    assert.equal(describeError(e).text, 'Something new.');
    assert.equal(describeError(new TypeError('x is undefined')).text, 'x is undefined');
    assert.equal(describeError(new TypeError('x')).code, 'internal');
  });

  it('makes every backend ApiError from a catalog message (no prose at the construction sites)', () => {
    const offenders: string[] = [];
    for (const f of files(join(root, 'electron'), /\.ts$/)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/new ApiError\(\s*[^,]+,\s*([`'"])/g)) offenders.push(`${f.slice(root.length + 1)}: ${text.slice(m.index, m.index + 80)}`);
    }
    assert.deepEqual(offenders, []);
  });

  it('has no UI code that reads an error’s prose (.message of an error), except the catalog formatter', () => {
    const formatter = join(root, 'renderer', 'src', 'i18n', 'messages.ts');
    const offenders: string[] = [];
    // Reads of `.message` on what is named as an error (err, e, error, cause, connection.error…).
    const errorMessage = /\b(?:e|err|error|cause|ex|reason|failure)\??\.message\b/g;
    for (const f of files(join(root, 'renderer', 'src'), /\.tsx?$/)) {
      if (f === formatter) continue;
      const text = readFileSync(f, 'utf8');
      text.split('\n').forEach((line, i) => {
        if (errorMessage.test(line)) offenders.push(`${f.slice(root.length + 1)}:${i + 1}: ${line.trim()}`);
        errorMessage.lastIndex = 0;
      });
    }
    assert.deepEqual(offenders, []);
  });

  it('words plurals of the UI strings through i18next', () => {
    assert.equal(i18next.t('form.maxLength', { count: 1 }), 'At most 1 character.');
    assert.equal(i18next.t('form.maxLength', { count: 64 }), 'At most 64 characters.');
  });
});
