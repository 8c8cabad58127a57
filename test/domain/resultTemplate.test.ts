import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  defaultResultTemplate,
  eformFacts,
  fillTemplate,
  maskIdNumber,
  maskName,
  registerNumber,
  templateFields,
} from '../../src/domain/results/resultTemplate.js';

describe('result templates', () => {
  it('fills placeholders from the facts and marks a missing one with dots', () => {
    const text = fillTemplate(
      'Cấp cho {{holder.name}}, số {{ holder.idNumber }}; mục đích: {{eform.TK.noiDung}}.',
      {
        'holder.name': 'Nguyễn Thị Mai',
        'holder.idNumber': '001089012345',
      },
    );
    assert.equal(text, 'Cấp cho Nguyễn Thị Mai, số 001089012345; mục đích: ' + '…'.repeat(4) + '.');
  });

  it('never prints "undefined" or leaves a placeholder, whatever the facts (property)', () => {
    fc.assert(
      // Values as people type them (no braces of their own, not the word "undefined").
      fc.property(
        fc.dictionary(
          fc.constantFrom(...templateFields(defaultResultTemplate)),
          fc.option(fc.string().filter((v) => !/[{}]|undefined/.test(v))),
        ),
        (facts) => {
          const text = fillTemplate(defaultResultTemplate, facts as Record<string, string | null>);
          assert.doesNotMatch(text, /\{\{|\}\}|undefined/);
        },
      ),
    );
  });

  it('lists a template’s fields and flattens an e-form into facts', () => {
    assert.deepEqual(templateFields('{{a.b}} {{ c }} {{a.b}}'), ['a.b', 'c']);
    assert.deepEqual(eformFacts({ TK: { hoTen: 'Mai', tuoi: 30, ds: ['x'] }, X: 'y' }), {
      'eform.TK.hoTen': 'Mai',
      'eform.TK.tuoi': 30,
    });
    assert.deepEqual(eformFacts(null), {});
  });

  it('numbers results as the register writes them', () => {
    assert.equal(registerNumber(12, 2026, 'PLLTP'), '12/2026/PLLTP');
  });

  it('masks a holder for strangers: initials and the given name, no digit of the ID number’s end', () => {
    assert.equal(maskName('Nguyễn Thị Mai'), 'N. T. Mai');
    assert.equal(maskName('  Lê   Hoàng Yến '), 'L. H. Yến');
    assert.equal(maskName('Ánh'), 'Á***');
    assert.equal(maskIdNumber('001089012345'), '001*********');
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4,13}$/), (id) => {
        const masked = maskIdNumber(id);
        assert.equal(masked.length, id.length);
        // The last four digits prove a dossier is one's own on the status page: none is shown.
        assert.match(masked.slice(-4), /^\*{4}$/);
      }),
    );
  });
});
