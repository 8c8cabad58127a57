import { useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { agencyCodePattern, agencyKinds } from '../../../../src/domain/agencies/agency.js';
import { vi } from '../../../../src/domain/i18n/vi.js';
import { ApiError, api, csrfHeader, ok, type AnswerOf } from '../../api';
import { useMe } from '../../auth';

type AgencyDetail = AnswerOf<'/api/v1/agencies/{code}', 'get'>;

/**
 * Registering an agency (no `agency`) or changing one: its name and its parent. The server checks
 * the administrator's reach, the kinds a parent may hold, and the place.
 */
export function AgencyDialog(props: {
  open: boolean;
  agency?: AgencyDetail | undefined;
  onClose: (saved?: string) => void;
}) {
  const { agency } = props;
  const me = useMe().data;
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string[]>([]);
  const save = async () => {
    setError([]);
    let v: Record<string, string | Dayjs | undefined>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const text = (k: string) => (typeof v[k] === 'string' ? (v[k] as string).trim() : undefined);
    try {
      const saved = agency
        ? await ok(
            api.PATCH('/api/v1/agencies/{code}', {
              params: { path: { code: agency.code } },
              body: {
                ...(text('name') !== agency.name ? { name: text('name') } : {}),
                ...(text('parentCode') && text('parentCode') !== agency.parentCode
                  ? { parentCode: text('parentCode') }
                  : {}),
              },
              headers: csrfHeader(me?.csrfToken),
            }),
          )
        : await ok(
            api.POST('/api/v1/agencies', {
              body: {
                code: text('code') ?? '',
                name: text('name') ?? '',
                kind: v['kind'] as AgencyDetail['kind'],
                parentCode: text('parentCode') || null,
                adminUnitCode: text('adminUnitCode') ?? '',
                ...(v['validFrom'] ? { validFrom: (v['validFrom'] as Dayjs).format('YYYY-MM-DD') } : {}),
              },
              headers: csrfHeader(me?.csrfToken),
            }),
          );
      await client.invalidateQueries({ queryKey: ['agencies'] });
      await client.invalidateQueries({ queryKey: ['agency', saved.code] });
      await client.invalidateQueries({ queryKey: ['agency-history', saved.code] });
      form.resetFields();
      props.onClose(saved.code);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(
        [e.message, ...(e.problem.errors ?? []).map((x) => x.message)].filter(
          (x, i, all) => all.indexOf(x) === i,
        ),
      );
    }
  };
  return (
    <Modal
      open={props.open}
      title={agency ? `Sửa: ${agency.name}` : 'Thêm cơ quan, đơn vị'}
      okText="Lưu"
      cancelText="Hủy"
      onOk={() => void save()}
      onCancel={() => props.onClose()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={agency ? { name: agency.name, parentCode: agency.parentCode ?? '' } : {}}
      >
        {agency ? null : (
          <>
            <Form.Item
              name="code"
              label="Mã định danh điện tử"
              extra="Theo Quyết định 20/2020/QĐ-TTg, dạng 000.00.00.H01"
              rules={[{ required: true, pattern: agencyCodePattern, message: 'Mã dạng 000.00.00.H01' }]}
            >
              <Input maxLength={13} autoFocus />
            </Form.Item>
            <Form.Item
              name="kind"
              label="Loại cơ quan"
              rules={[{ required: true, message: 'Chọn loại cơ quan' }]}
            >
              <Select options={agencyKinds.map((k) => ({ value: k, label: vi.agencyKind[k] }))} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="name"
          label="Tên cơ quan"
          rules={[{ required: true, whitespace: true, message: 'Nhập tên' }]}
        >
          <Input maxLength={300} autoFocus={agency !== undefined} />
        </Form.Item>
        <Form.Item
          name="parentCode"
          label="Mã định danh cơ quan cấp trên"
          extra={
            agency ? 'Đổi để chuyển cơ quan sang cơ quan cấp trên khác' : 'Để trống với bộ hoặc UBND cấp tỉnh'
          }
          rules={[{ pattern: agencyCodePattern, message: 'Mã dạng 000.00.00.H01' }]}
        >
          <Input maxLength={13} />
        </Form.Item>
        {agency ? null : (
          <>
            <Form.Item
              name="adminUnitCode"
              label="Mã đơn vị hành chính nơi đặt trụ sở"
              extra="2 chữ số với tỉnh, 5 chữ số với xã, phường"
              rules={[{ required: true, pattern: /^\d{2}(\d{3})?$/, message: '2 hoặc 5 chữ số' }]}
            >
              <Input maxLength={5} inputMode="numeric" />
            </Form.Item>
            <Form.Item name="validFrom" label="Có hiệu lực từ ngày" extra="Để trống: từ hôm nay">
              <DatePicker format="DD/MM/YYYY" />
            </Form.Item>
          </>
        )}
      </Form>
      {error.length > 0 ? (
        <Alert type="error" showIcon title={error[0]} description={error.slice(1).join('; ') || undefined} />
      ) : null}
    </Modal>
  );
}
