import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkVersion, type VersionContent } from '../../src/domain/catalog/procedureVersion.js';

const base: VersionContent = {
  levels: ['commune'],
  competentAgencyKinds: ['commune_committee'],
  onlineLevel: 'toan_trinh',
  crossBoundary: 'country',
  linkedProcedures: [],
  interAgencyPartners: [],
  components: [
    {
      code: 'TK',
      name: 'Tờ khai',
      required: true,
      copies: 1,
      form: 'ban_chinh',
      eformSchema: { type: 'object' },
    },
  ],
  cases: [],
  time: { direct: { amount: 3, unit: 'working_days' }, online: { amount: 3, unit: 'working_days' } },
  sameDayCutoff: false,
  fees: [{ code: 'LP', name: 'Lệ phí', amount: 20000, collected: 'before' }],
  results: [{ code: 'KQ', name: 'Kết quả', mustBeSigned: true }],
  legalBasis: ['Luật Hộ tịch năm 2014'],
  conditions: null,
};
const codes = (v: VersionContent) => checkVersion(v).map((p) => `${p.field}:${p.code}`);

describe('checkVersion', () => {
  it('accepts a consistent version', () => assert.deepEqual(checkVersion(base), []));
  it('requires an e-form for a fully online procedure', () => {
    assert.deepEqual(
      codes({ ...base, components: [{ ...base.components[0]!, eformSchema: null }] } as VersionContent),
      ['components:online_needs_eform'],
    );
    assert.deepEqual(
      codes({
        ...base,
        onlineLevel: 'mot_phan',
        components: [{ ...base.components[0]!, eformSchema: null }],
      } as VersionContent),
      [],
    );
  });
  it('names the field of a required component with no name, and duplicate codes', () => {
    const comps = [
      { ...base.components[0]!, name: ' ' },
      { ...base.components[0]!, name: 'Khác' },
    ];
    assert.deepEqual(codes({ ...base, components: comps } as VersionContent), [
      'components[0].name:required',
      'components[1].code:duplicate_code',
    ]);
  });
  it('refuses fractional or negative fees, zero times and fractional hours', () => {
    assert.deepEqual(codes({ ...base, fees: [{ ...base.fees[0]!, amount: 1.5 }] } as VersionContent), [
      'fees[0].amount:whole_dong',
    ]);
    assert.deepEqual(
      codes({
        ...base,
        time: { direct: { amount: 0, unit: 'working_days' }, online: { amount: 1.5, unit: 'working_hours' } },
      }),
      ['time.direct.amount:positive', 'time.online.amount:whole_hours'],
    );
  });
  it('does not let a component supplied by a national database be required', () => {
    const comps = [
      ...base.components,
      {
        code: 'CCCD',
        name: 'Căn cước',
        required: true,
        copies: 1,
        form: 'ban_sao' as const,
        suppliedByNationalDb: 'CSDL dân cư',
      },
    ];
    assert.deepEqual(codes({ ...base, components: comps }), [
      'components[1].suppliedByNationalDb:supplied_must_not_be_required',
    ]);
  });
  it('requires levels, results and a legal basis', () => {
    assert.deepEqual(codes({ ...base, levels: [], results: [], legalBasis: [] }), [
      'levels:required',
      'results:required',
      'legalBasis:required',
    ]);
  });
});
