import type { FormInstance } from 'antd';
import { useRef, useState } from 'react';
import type { AdminUnit } from '../../../../src/contracts/adminUnits.js';
import { api, ok } from '../../api';
import { formatDay } from '../../format';

/**
 * Looking the applicant up in the national population database as soon as a 12-digit citizen ID is
 * typed: name, commune and address are filled in, and the clerk sees where they came from.
 */
export function useResidentLookup(form: FormInstance) {
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [commune, setCommune] = useState<AdminUnit | null>(null);
  const [found, setFound] = useState(false);
  const latest = useRef('');
  const lookUp = async (idNumber: string) => {
    latest.current = idNumber;
    setFound(false);
    setNote({ ok: true, text: 'Đang tra cứu CSDL quốc gia về dân cư…' });
    try {
      const r = await ok(api.GET('/api/v1/population/{idNumber}', { params: { path: { idNumber } } }));
      const unit = await ok(
        api.GET('/api/v1/admin-units/{code}', { params: { path: { code: r.permanentAddress.communeCode } } }),
      ).catch(() => null);
      if (latest.current !== idNumber) return;
      setCommune(unit);
      setFound(true);
      form.setFieldsValue({
        name: r.name,
        communeCode: r.permanentAddress.communeCode,
        addressDetail: r.permanentAddress.detail,
      });
      const born = formatDay(r.birthDate);
      setNote({
        ok: true,
        text: `Đã điền theo CSDL quốc gia về dân cư: ${r.name}, sinh ngày ${born}. Kiểm tra lại với giấy tờ.`,
      });
    } catch (e) {
      if (latest.current !== idNumber) return;
      setNote({
        ok: false,
        text: `${e instanceof Error ? e.message : String(e)}. Nhập thông tin theo giấy tờ.`,
      });
    }
  };
  return { lookUp, note, commune, found };
}

export type ResidentLookup = ReturnType<typeof useResidentLookup>;
