// The editors' form logic without a DOM: dirty tracking against the backend's values, Revert,
// rebasing when the backend changes under an edit, validation, and what Apply sends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applied,
  changes,
  checks,
  dirtyFields,
  initForm,
  isDirty,
  rebase,
  revert,
  sameValue,
  setField,
  validate,
  type Validators,
} from '../../renderer/src/components/form/form-state.js';

interface Vm {
  title: string;
  memoryMiB: number;
  boot: string[];
  cpu: { model: string; sockets: number };
}
const base: Vm = { title: 'web', memoryMiB: 1024, boot: ['hd', 'cdrom'], cpu: { model: 'host-model', sockets: 1 } };

describe('form state', () => {
  it('is clean as loaded, dirty per field as edited, clean again when edited back', () => {
    let s = initForm(base);
    assert.deepEqual(dirtyFields(s), []);
    s = setField(s, 'memoryMiB', 2048);
    s = setField(s, 'title', 'db');
    assert.deepEqual(dirtyFields(s), ['title', 'memoryMiB']);
    s = setField(s, 'title', 'web');
    assert.deepEqual(dirtyFields(s), ['memoryMiB']);
    s = setField(s, 'memoryMiB', 1024);
    assert.equal(isDirty(s), false);
  });

  it('compares arrays and objects by value, order included', () => {
    let s = setField(initForm(base), 'boot', ['hd', 'cdrom']);
    assert.equal(isDirty(s), false, 'an equal copy is not a change');
    s = setField(s, 'boot', ['cdrom', 'hd']);
    assert.deepEqual(dirtyFields(s), ['boot']);
    s = setField(initForm(base), 'cpu', { sockets: 1, model: 'host-model' });
    assert.equal(isDirty(s), false, 'key order of an object does not matter');
    assert.equal(sameValue({ a: 1 }, { a: 1, b: undefined }), false);
    assert.equal(sameValue([1], { 0: 1 }), false);
  });

  it('reverts to the loaded values', () => {
    const s = revert(setField(setField(initForm(base), 'title', 'x'), 'memoryMiB', 1));
    assert.deepEqual(s.values, base);
    assert.equal(isDirty(s), false);
  });

  it('sends only the changed fields on Apply, and after it the applied values are the base', () => {
    const s = setField(initForm(base), 'memoryMiB', 4096);
    assert.deepEqual(changes(s), { memoryMiB: 4096 });
    const after = applied(s);
    assert.equal(isDirty(after), false);
    assert.equal(after.base.memoryMiB, 4096);
  });

  it('rebases: untouched fields follow the backend, edited ones keep the user’s value', () => {
    let s = setField(initForm(base), 'title', 'mine');
    s = rebase(s, { ...base, title: 'theirs', memoryMiB: 512 });
    assert.equal(s.values.title, 'mine');
    assert.equal(s.values.memoryMiB, 512, 'the backend’s new memory shows');
    assert.deepEqual(dirtyFields(s), ['title']);
    // The backend now has what the user typed: nothing left to apply.
    s = rebase(s, { ...base, title: 'mine', memoryMiB: 512 });
    assert.equal(isDirty(s), false);
  });

  it('validates every field with its check, across fields too', () => {
    const v: Validators<Vm> = {
      title: checks.maxLength(5),
      memoryMiB: (m, all) => (all.cpu.sockets > 1 && m < 2048 ? { key: 'form.integerBetween', params: { min: 2048, max: 1 << 20 } } : checks.integerBetween(16, 1 << 20)(m)),
    };
    assert.deepEqual(validate(base, v), {});
    assert.deepEqual(validate({ ...base, title: 'too long', memoryMiB: 1.5 }, v), {
      title: { key: 'form.maxLength', params: { count: 5 } },
      memoryMiB: { key: 'form.integerBetween', params: { min: 16, max: 1 << 20 } },
    });
    assert.deepEqual(Object.keys(validate({ ...base, cpu: { model: 'x', sockets: 2 } }, v)), ['memoryMiB']);
    assert.deepEqual(checks.required<string>()('  '), { key: 'form.required' });
    assert.equal(checks.required<string>()('x'), null);
  });
});
