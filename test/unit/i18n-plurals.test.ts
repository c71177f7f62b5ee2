// Counts in the UI's strings are i18next plurals (`_one` / `_other`, and whatever forms another
// language needs), never "machine(s)": each count reads right for 1 and for more, and a language
// with more forms picks its own.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import i18next from 'i18next';
import { en } from '../../renderer/src/i18n/en.js';
import { catalogResources, MESSAGES_NS } from '../../renderer/src/i18n/messages.js';

type Tree = { [k: string]: string | Tree };
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

before(async () => {
  await i18next.init({ lng: 'en', fallbackLng: 'en', resources: { en: { translation: en, [MESSAGES_NS]: catalogResources() } }, interpolation: { escapeValue: false } });
});

describe('plurals in the UI strings', () => {
  it('words each count for one and for several', () => {
    const cases: [string, Record<string, string | number>, string, string][] = [
      ['connections.counts', { running: 1 }, '1 of 1 VM running', '1 of 3 VMs running'],
      ['confirm.forceOff_title', {}, 'Force off 1 virtual machine?', 'Force off 3 virtual machines?'],
      ['confirm.forceReset_title', {}, 'Force reset 1 virtual machine?', 'Force reset 3 virtual machines?'],
      ['confirm.delete_title', {}, 'Delete 1 virtual machine?', 'Delete 3 virtual machines?'],
      ['create.hostHas', { memory: 2048 }, 'The host has 2048 MiB of memory and 1 CPU.', 'The host has 2048 MiB of memory and 3 CPUs.'],
      ['create.recommended', { os: 'Debian 12', memory: 1024 }, 'Recommended for Debian 12: 1024 MiB, 1 CPU.', 'Recommended for Debian 12: 1024 MiB, 3 CPUs.'],
      ['create.sum_resourcesValue', { memory: 512 }, '512 MiB, 1 CPU', '512 MiB, 3 CPUs'],
      ['create.aboveHostCpus', {}, 'The host has only 1 CPU: more virtual CPUs slow the VM down.', 'The host has only 3 CPUs: more virtual CPUs slow the VM down.'],
      ['form.maxLength', {}, 'At most 1 character.', 'At most 3 characters.'],
    ];
    const t = i18next.t as unknown as (key: string, options: Record<string, string | number>) => string;
    for (const [key, params, one, several] of cases) {
      assert.equal(t(key, { ...params, count: 1 }), one, key);
      assert.equal(t(key, { ...params, count: 3 }), several, key);
    }
  });

  it('has both English forms of every plural and no “(s)” stand-in', () => {
    const all = new Map(leaves(en));
    const plurals = [...all.keys()].filter((k) => /_(one|other)$/.test(k));
    assert.ok(plurals.length >= 16, `plural forms found: ${plurals.length}`);
    for (const k of plurals) {
      const base = k.replace(/_(one|other)$/, '');
      assert.ok(all.has(`${base}_one`) && all.has(`${base}_other`), `${base} has _one and _other`);
      assert.ok(!all.has(base), `${base} is not also a plain key`);
      assert.match(all.get(k)!, /\{\{count\}\}/, `${k} shows its count`);
    }
    for (const [k, v] of all) assert.doesNotMatch(v, /\w\(s\)/, k);
  });

  it('lets a language with more plural forms choose its own (Polish: few, many)', () => {
    i18next.addResources('pl', 'translation', {
      'confirm.delete_title_one': 'Usunąć {{count}} maszynę wirtualną?',
      'confirm.delete_title_few': 'Usunąć {{count}} maszyny wirtualne?',
      'confirm.delete_title_many': 'Usunąć {{count}} maszyn wirtualnych?',
    });
    const t = i18next.getFixedT('pl') as unknown as (key: string, options: Record<string, number>) => string;
    assert.equal(t('confirm.delete_title', { count: 1 }), 'Usunąć 1 maszynę wirtualną?');
    assert.equal(t('confirm.delete_title', { count: 3 }), 'Usunąć 3 maszyny wirtualne?');
    assert.equal(t('confirm.delete_title', { count: 5 }), 'Usunąć 5 maszyn wirtualnych?');
  });
});
