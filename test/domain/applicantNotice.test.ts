import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkTemplate,
  composeNotice,
  defaultTemplates,
  maxSmsParts,
  noticeEvents,
  smsParts,
  toGsm7,
  withoutDiacritics,
  type NoticeEvent,
} from '../../src/domain/notifications/applicantNotice.js';

const events: NoticeEvent[] = ['received', 'supplement', 'extension', 'result_ready'];

describe('applicant notices', () => {
  it('counts SMS parts: 160 GSM-7 characters or 70 Unicode ones per single part', () => {
    assert.deepEqual(smsParts('a'.repeat(160)), { encoding: 'gsm7', parts: 1 });
    assert.deepEqual(smsParts('a'.repeat(161)), { encoding: 'gsm7', parts: 2 });
    assert.deepEqual(smsParts('ồ'.repeat(70)), { encoding: 'ucs2', parts: 1 });
    assert.deepEqual(smsParts('ồ'.repeat(71)), { encoding: 'ucs2', parts: 2 });
    assert.deepEqual(smsParts('ồ'.repeat(134)), { encoding: 'ucs2', parts: 2 });
  });

  it('writes Vietnamese SMS without tone marks, so they stay GSM-7', () => {
    assert.equal(withoutDiacritics('Hồ sơ đã được tiếp nhận. Đề nghị'), 'Ho so da duoc tiep nhan. De nghi');
  });

  it('always fits the SMS in one GSM-7 part, keeping the link when it fits; the e-mail keeps its diacritics', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...events),
        fc.stringMatching(/^\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4,6}$/),
        fc.option(fc.date({ min: new Date('2025-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })),
        fc.option(fc.webUrl({ size: 'small' })),
        (event, code, due, url) => {
          const n = composeNotice(event, { code, due, statusUrl: url });
          assert.deepEqual(smsParts(n.sms), { encoding: 'gsm7', parts: 1 }, n.sms);
          assert.ok(n.sms.includes(code));
          if (url) assert.ok(n.email.body.includes(url));
          assert.match(n.email.body, /Kính gửi ông\/bà/);
        },
      ),
    );
  });

  it('tells the due date on receipt', () => {
    const n = composeNotice('received', {
      code: '000.00.01.H01-260302-0001',
      due: new Date('2026-03-16T10:00:00Z'),
      statusUrl: 'https://motcua.gov.vn/tra-cuu/000.00.01.H01-260302-0001',
    });
    assert.equal(
      n.sms,
      'Ho so 000.00.01.H01-260302-0001 da duoc tiep nhan. Hen tra ket qua: 17:00 16/03/2026. Tra cuu: https://motcua.gov.vn/tra-cuu/000.00.01.H01-260302-0001',
    );
    assert.equal(n.email.subject, 'Hồ sơ đã được tiếp nhận — 000.00.01.H01-260302-0001');
  });

  it('sends every event the applicant must learn of, each default template valid', () => {
    assert.deepEqual([...noticeEvents].sort(), [
      'extension',
      'payment',
      'received',
      'refused',
      'result_ready',
      'stopped',
      'supplement',
      'withdrawn',
    ]);
    for (const e of noticeEvents) assert.deepEqual(checkTemplate(defaultTemplates[e]), [], e);
  });

  it('keeps any SMS in GSM-7 and within the parts allowed, whatever the reason or names say', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...noticeEvents),
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.option(fc.nat({ max: 10_000_000_000 })),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        (event, reason, amount, name) => {
          const n = composeNotice(event, {
            code: '000.00.01.H01-260302-000123',
            due: new Date('2026-03-16T10:00:00Z'),
            statusUrl: null,
            reason,
            amount,
            procedureName: name,
            agencyName: name,
          });
          const parts = smsParts(n.sms);
          assert.equal(parts.encoding, 'gsm7', n.sms);
          assert.ok(parts.parts <= maxSmsParts, n.sms);
        },
      ),
    );
  });

  it('fills a template and refuses an unknown placeholder or an SMS that could run past its parts', () => {
    const n = composeNotice(
      'refused',
      {
        code: 'H01-1',
        due: null,
        statusUrl: null,
        reason: 'Thiếu “tờ khai” – bản chính.',
        agencyName: 'UBND xã An Phú',
      },
      { text: '{co_quan} từ chối hồ sơ {ma_ho_so}: {ly_do}.', subject: 'Từ chối — {ma_ho_so}' },
    );
    assert.equal(n.sms, 'UBND xa An Phu tu choi ho so H01-1: Thieu "to khai" - ban chinh.');
    assert.equal(n.email.subject, 'Từ chối — H01-1');
    assert.match(n.email.body, /UBND xã An Phú từ chối hồ sơ H01-1: Thiếu “tờ khai” – bản chính\./);
    assert.deepEqual(checkTemplate({ text: 'Hồ sơ {ma_hoso}', subject: 'x' }), [
      { field: 'text', code: 'unknown_placeholder', detail: '{ma_hoso}' },
    ]);
    const long = { text: `{ly_do} {ly_do} {ly_do} {thu_tuc} {co_quan} ${'x'.repeat(20)}`, subject: 's' };
    assert.deepEqual(checkTemplate(long), [{ field: 'text', code: 'sms_too_long', detail: '3' }]);
    assert.equal(toGsm7('Đắk Lắk [1]'), 'Dak Lak (1)');
  });
});
