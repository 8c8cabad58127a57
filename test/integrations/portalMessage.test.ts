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
import { supplementsOf } from '../../src/integrations/dvcqg/portalFacts.js';

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
  documents: [{ id: 'f1', component: 'TK', name: 'to-khai.pdf', digitization: 1 }],
  fees: [],
  supplements: [],
  results: [],
  rating: null,
  messages: [],
  vneidAuthenticated: false,
  seq: 3,
  rev: 17,
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
    const { message, notes } = portalDossier(facts(), (path) => `https://motcua.example${path}?signed`);
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
    assert.equal(message.PhienBan, 17, 'the version is the newest queued change, not the log position');
    assert.deepEqual(message.TaiLieuNop, [
      {
        MaThanhPhan: 'TK',
        TenTepDinhKem: 'to-khai.pdf',
        DuongDanTaiLieu: 'https://motcua.example/api/v1/public/files/documents/f1?signed',
        DaSoHoa: 1,
        TaiSuDung: 0,
      },
    ]);
    assert.deepEqual([message.PhiLePhi, message.BoSung, message.KetQua, message.DanhGia], [[], [], [], null]);
    assert.equal(
      portalDossier(
        facts({ applicant: { ...facts().applicant, kind: 'business', idNumber: '0101234567' } }),
        (p) => p,
      ).message.LoaiDoiTuong,
      2,
    );
  });

  it('lists fees, supplements, results and the rating in the portal fields', () => {
    const { message } = portalDossier(
      facts({
        fees: [{ amount: 200_000, status: 'paid', receiptNo: 'BL2026-000001' }],
        supplements: supplementsOf([
          {
            type: 'request_supplement',
            at: '2026-03-03T02:00:00Z',
            due: '2026-03-16T01:00:00Z',
            data: { reason: 'Thiếu tờ khai', components: ['TK'] },
          },
          { type: 'receive_supplement', at: '2026-03-05T02:00:00Z', due: '2026-03-18T01:00:00Z', data: {} },
          {
            type: 'request_supplement',
            at: '2026-03-06T02:00:00Z',
            due: '2026-03-18T01:00:00Z',
            data: { reason: 'Ảnh mờ', components: ['ANH'] },
          },
        ]),
        results: [
          {
            id: 'r1',
            title: 'Phiếu lý lịch tư pháp số 1',
            number: '12/2026/LLTP',
            verificationCode: 'ABCDEFGHJK23',
            sha256: 'a'.repeat(64),
          },
        ],
        rating: { level: 'neutral', at: new Date('2026-03-20T03:00:00Z') },
      }),
      (path) => `https://motcua.example${path}?signed`,
    );
    assert.deepEqual(message.PhiLePhi, [
      { SoTien: 200_000, TrangThaiThanhToan: 2, SoBienLai: 'BL2026-000001' },
    ]);
    assert.deepEqual(message.BoSung, [
      {
        NgayYeuCau: '20260303090000',
        NoiDungYeuCau: 'Thiếu tờ khai',
        ThanhPhanBoSung: ['TK'],
        HanXuLyTruoc: '20260316080000',
        NgayNhanBoSung: '20260305090000',
        HanXuLySau: '20260318080000',
      },
      {
        NgayYeuCau: '20260306090000',
        NoiDungYeuCau: 'Ảnh mờ',
        ThanhPhanBoSung: ['ANH'],
        HanXuLyTruoc: '20260318080000',
        NgayNhanBoSung: '',
        HanXuLySau: '',
      },
    ]);
    assert.deepEqual(message.KetQua, [
      {
        TenGiayTo: 'Phiếu lý lịch tư pháp số 1',
        SoKyHieu: '12/2026/LLTP',
        MaXacThuc: 'ABCDEFGHJK23',
        MaBam: 'a'.repeat(64),
        DuongDanTaiLieu: 'https://motcua.example/api/v1/public/files/results/r1?signed',
      },
    ]);
    assert.deepEqual(message.DanhGia, { MucDoHaiLong: 2, NgayDanhGia: '20260320100000' });
  });

  it('never sends a field longer than the portal takes, and notes every cut (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 3000 }),
        fc.string({ maxLength: 600 }),
        (summary, name) => {
          const { message, notes } = portalDossier(
            facts({ summary, applicant: { ...facts().applicant, name: name || 'A' } }),
            (p) => p,
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
