import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  fieldLimits,
  parsePortalDate,
  portalDate,
  portalDossier,
  portalHistory,
  type DossierFacts,
} from '../../src/integrations/dvcqg/portalMessage.js';

const facts = (over: Partial<DossierFacts> = {}): DossierFacts => ({
  code: '000.00.01.H01-260302-000001',
  procedureCode: 'VD.000005',
  procedureName: 'Cấp Phiếu lý lịch tư pháp',
  sectorCode: 'LLTP',
  channel: 1,
  applicant: {
    kind: 'individual',
    idNumber: '001089012345',
    name: 'Nguyễn Thị Mai',
    phone: '0912345678',
    address: { communeCode: '00004', detail: 'Số 1 phố Điện Biên Phủ' },
  },
  summary: 'Đề nghị cấp phiếu',
  status: 4,
  agencyCode: '000.00.01.H01',
  agencyName: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội',
  submittedAt: new Date('2026-03-02T01:30:05Z'),
  receivedAt: new Date('2026-03-02T01:30:05Z'),
  dueAt: new Date('2026-03-16T01:00:00Z'),
  finishedAt: null,
  returnedAt: null,
  refusedAt: null,
  delivery: 'post',
  payment: 'paid',
  components: [{ code: 'TK', copies: 1, files: [{ id: 'f1', name: 'to-khai.pdf' }] }],
  vneidAuthenticated: false,
  seq: 3,
  ...over,
});

describe('DVCQG messages', () => {
  it('writes dates as yyyyMMddHHmmss in UTC+7, across the day boundary', () => {
    assert.equal(portalDate(new Date('2026-03-02T01:30:05Z')), '20260302083005');
    assert.equal(portalDate(new Date('2026-12-31T17:00:00Z')), '20270101000000');
    assert.equal(parsePortalDate('20270101000000')?.toISOString(), '2026-12-31T17:00:00.000Z');
    assert.equal(parsePortalDate('20260230000000'), null, '30 February does not exist');
    assert.equal(parsePortalDate('2026-03-02'), null);
  });

  it('reads back every date it writes (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        (d) => {
          const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
          assert.equal(parsePortalDate(portalDate(whole))?.getTime(), whole.getTime());
        },
      ),
    );
  });

  it('maps a dossier to the portal fields of DOMAIN §7', () => {
    const { message, notes } = portalDossier(facts(), 'https://motcua.example');
    assert.deepEqual(notes, []);
    assert.equal(message.MaHoSo, '000.00.01.H01-260302-000001');
    assert.equal(message.NgayNopHoSo, '20260302083005');
    assert.equal(message.NgayKetThucXuLy, '');
    assert.equal(message.TrangThaiHoSo, 4);
    assert.equal(message.LoaiDoiTuong, 1);
    assert.equal(message.LoaiGiayTo, 1);
    assert.equal(message.HinhThuc, 2);
    assert.equal(message.DaThanhToan, 1);
    assert.equal(message.CoSoHoa, 1);
    assert.equal(message.PhienBan, 3);
    assert.equal(
      message.TaiLieuNop[0]?.DuongDanTaiLieu,
      'https://motcua.example/api/v1/dossiers/000.00.01.H01-260302-000001/documents/f1/content',
    );
    assert.equal(
      portalDossier(
        facts({ applicant: { ...facts().applicant, kind: 'business', idNumber: '0101234567' } }),
        '',
      ).message.LoaiDoiTuong,
      2,
    );
  });

  it('never sends a field longer than the portal takes, and notes every cut (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 3000 }),
        fc.string({ maxLength: 600 }),
        (summary, name) => {
          const { message, notes } = portalDossier(
            facts({ summary, applicant: { ...facts().applicant, name: name || 'A' } }),
            '',
          );
          assert.ok([...message.TrichYeuHoSo].length <= fieldLimits.TrichYeuHoSo);
          assert.ok([...message.ChuHoSo].length <= fieldLimits.ChuHoSo);
          const cut = [...summary].length > fieldLimits.TrichYeuHoSo;
          assert.equal(
            notes.some((n) => n.startsWith('TrichYeuHoSo')),
            cut,
          );
          if (!cut) assert.equal(message.TrichYeuHoSo, summary);
        },
      ),
    );
  });

  it('numbers history entries by dossier and log position, so that a repeat is recognised', () => {
    const { entries, notes } = portalHistory('X-1', [
      {
        seq: 2,
        at: new Date('2026-03-02T02:00:00Z'),
        actorName: 'Lê Minh Châu',
        actorTitle: 'Chuyên viên',
        agencyName: 'Trung tâm',
        content: 'Yêu cầu bổ sung: ' + 'thiếu chữ ký '.repeat(200),
        toStatus: 5,
        stepStartedAt: new Date('2026-03-02T02:00:00Z'),
        stepDueAt: null,
      },
    ]);
    assert.equal(entries[0]?.MaTienTrinh, 'X-1-2');
    assert.equal(entries[0]?.ThoiDiemXuLy, '20260302090000');
    assert.equal(entries[0]?.NgayKetThucTheoQuyDinh, '');
    assert.equal([...(entries[0]?.NoiDungXuLy ?? '')].length, fieldLimits.NoiDungXuLy);
    assert.match(notes[0] ?? '', /^NoiDungXuLy#2: \d+ ký tự, cắt còn 2000$/);
  });
});
