import { useQuery } from '@tanstack/react-query';
import { Card, Col, Form, Input, Radio, Row, Select, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import type { AdminUnit } from '../../../../src/contracts/adminUnits.js';
import { isCitizenId, isTaxCode } from '../../../../src/domain/dossier/idNumbers.js';
import { matchesSearch } from '../../../../src/domain/text/searchKey.js';
import { api, ok } from '../../api';
import { useDebounced } from '../../hooks';
import type { ResidentLookup } from './useResidentLookup';

/** Step 2 of intake: who hands the dossier in; a citizen ID fills the rest from the population database. */
export function ApplicantCard({ form, resident }: { form: FormInstance; resident: ResidentLookup }) {
  const [communeSearch, setCommuneSearch] = useState('');
  const communeQ = useDebounced(communeSearch);
  const communes = useQuery({
    queryKey: ['communes', communeQ],
    queryFn: () =>
      ok(api.GET('/api/v1/admin-units', { params: { query: { level: 'commune', q: communeQ, limit: 20 } } })),
    enabled: communeQ.length >= 2,
  });
  const provinces = useQuery({
    queryKey: ['provinces', 'names'],
    queryFn: () =>
      ok(api.GET('/api/v1/admin-units', { params: { query: { level: 'province', limit: 100 } } })),
    staleTime: Infinity,
  });
  const provinceName = (code: string | null) => provinces.data?.items.find((p) => p.code === code)?.name;
  return (
    <Card size="small" title="2. Người nộp hồ sơ" style={{ marginBottom: 12 }}>
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item name="kind" label="Đối tượng">
            <Radio.Group
              options={[
                { value: 'individual', label: 'Cá nhân' },
                { value: 'business', label: 'Tổ chức' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            name="idNumber"
            label="Số định danh / mã số thuế"
            rules={[
              { required: true, message: 'Nhập số định danh cá nhân hoặc mã số thuế' },
              {
                validator: (_, v: string | undefined) =>
                  !v || isCitizenId(v) || isTaxCode(v) ? Promise.resolve() : Promise.reject(new Error()),
                message: 'Số định danh 12 chữ số (căn cước) hoặc mã số thuế 10, 13 chữ số',
              },
            ]}
          >
            <Input
              inputMode="numeric"
              maxLength={14}
              onChange={(e) => {
                if (form.getFieldValue('kind') === 'individual' && isCitizenId(e.target.value))
                  void resident.lookUp(e.target.value);
              }}
            />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item
            name="name"
            label="Họ và tên / tên tổ chức"
            rules={[{ required: true, message: 'Nhập họ tên' }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item
            name="phone"
            label="Số điện thoại"
            rules={[{ pattern: /^0\d{9}$/, message: '10 chữ số, bắt đầu bằng 0' }]}
          >
            <Input inputMode="tel" maxLength={10} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item
            name="communeCode"
            label="Xã, phường, đặc khu nơi cư trú"
            rules={[{ required: true, message: 'Chọn xã, phường nơi cư trú' }]}
          >
            <Select
              aria-label="Xã, phường nơi cư trú"
              showSearch={{
                filterOption: (input, option) => matchesSearch(String(option?.label ?? ''), input),
                onSearch: setCommuneSearch,
              }}
              placeholder="Gõ tên xã, phường"
              options={withUnit(communes.data?.items ?? [], resident.commune).map((u) => ({
                value: u.code,
                label: `${u.name}, ${provinceName(u.parentCode) ?? u.parentCode ?? ''}`,
              }))}
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            name="addressDetail"
            label="Số nhà, đường, thôn"
            rules={[{ required: true, message: 'Nhập địa chỉ' }]}
          >
            <Input maxLength={300} />
          </Form.Item>
        </Col>
      </Row>
      {resident.note && (
        <Typography.Text role="status" type={resident.note.ok ? 'success' : 'warning'}>
          {resident.note.text}
        </Typography.Text>
      )}
    </Card>
  );
}

/** The list of communes to choose from, with `unit` in it (a commune filled in from elsewhere). */
function withUnit(items: AdminUnit[], unit: AdminUnit | null): AdminUnit[] {
  return unit && !items.some((u) => u.code === unit.code) ? [unit, ...items] : items;
}
