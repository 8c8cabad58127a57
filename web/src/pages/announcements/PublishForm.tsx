import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Me } from '../../../../src/contracts/auth.js';
import { roles } from '../../../../src/domain/access/roles.js';
import { agencyKinds } from '../../../../src/domain/agencies/agency.js';
import { vi } from '../../../../src/domain/i18n/vi.js';
import { api, ok, csrfHeader } from '../../api';
import { ProvinceFilter } from '../../components/ProvinceFilter';
import { formatInstant } from '../../format';
import { importanceName } from './announcementLabels';

interface Values {
  kind: 'notice' | 'maintenance';
  importance: 'info' | 'important' | 'urgent';
  title: string;
  body: string;
  province?: string;
  agencyKind?: (typeof agencyKinds)[number];
  role?: (typeof roles)[number];
  public: boolean;
  validTo: Dayjs;
  window?: [Dayjs, Dayjs];
}

/** Publishing a notice or a planned maintenance (a province's administrator: inside the province). */
export function PublishForm({ me }: { me: Me }) {
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const kind = Form.useWatch('kind', form);
  const provinceOnly = !me.grants.some((g) => g.role === 'system_admin' || g.role === 'ministry_admin');
  const earliest = useQuery({
    queryKey: ['maintenance-earliest'],
    queryFn: () => ok(api.GET('/api/v1/announcements/maintenance-earliest')),
  });
  const publish = useMutation({
    mutationFn: async (v: Values) => {
      const view = await ok(
        api.POST('/api/v1/announcements', {
          body: {
            kind: v.kind,
            importance: v.importance,
            title: v.title,
            body: v.body,
            audience: {
              province: v.province ?? null,
              agencyKind: v.agencyKind ?? null,
              role: v.role ?? null,
            },
            public: v.public,
            validTo: v.validTo.endOf('day').toISOString(),
            ...(v.window
              ? { window: { from: v.window[0].toISOString(), to: v.window[1].toISOString() } }
              : {}),
          },
          headers: { ...csrfHeader(me.csrfToken), 'idempotency-key': crypto.randomUUID() },
        }),
      );
      if (file) {
        const data = new FormData();
        data.append('file', file);
        const res = await fetch(`/api/v1/announcements/${view.id}/attachments`, {
          method: 'POST',
          body: data,
          headers: { ...csrfHeader(me.csrfToken) },
        });
        if (!res.ok)
          throw new Error(((await res.json()) as { title: string; detail?: string }).detail ?? 'Lỗi tệp');
      }
      return view;
    },
    onSuccess: () => {
      form.resetFields();
      setFile(null);
      void client.invalidateQueries({ queryKey: ['announcements'] });
      void client.invalidateQueries({ queryKey: ['public-announcements'] });
    },
  });
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      style={{ maxWidth: 820 }}
      initialValues={{ kind: 'notice', importance: 'info', public: false, validTo: dayjs().add(30, 'day') }}
      onFinish={(v) => publish.mutate(v)}
    >
      <Space wrap size="large">
        <Form.Item name="kind" label="Loại">
          <Radio.Group
            options={[
              { value: 'notice', label: 'Thông báo' },
              { value: 'maintenance', label: 'Lịch bảo trì' },
            ]}
          />
        </Form.Item>
        <Form.Item name="importance" label="Mức độ">
          <Radio.Group options={Object.entries(importanceName).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      </Space>
      <Form.Item name="title" label="Tiêu đề" rules={[{ required: true, message: 'Nhập tiêu đề' }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="body" label="Nội dung" rules={[{ required: true, message: 'Nhập nội dung' }]}>
        <Input.TextArea rows={4} maxLength={8000} />
      </Form.Item>
      {kind === 'maintenance' && (
        <Form.Item
          name="window"
          label="Thời gian bảo trì"
          extra={
            earliest.data &&
            `Báo trước ít nhất ${earliest.data.workingDays} ngày làm việc: sớm nhất bắt đầu lúc ${formatInstant(earliest.data.earliest)}`
          }
          rules={[{ required: true, message: 'Chọn thời gian bảo trì' }]}
        >
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="HH:mm DD/MM/YYYY"
            aria-label="Thời gian bảo trì"
          />
        </Form.Item>
      )}
      <Typography.Text strong>Gửi tới</Typography.Text>
      <Space wrap style={{ display: 'flex', marginTop: 8 }}>
        <Form.Item
          name="province"
          label="Tỉnh, thành phố"
          rules={provinceOnly ? [{ required: true, message: 'Chọn tỉnh của bạn' }] : []}
        >
          <ProvinceFilter placeholder="Cả nước" />
        </Form.Item>
        <Form.Item name="agencyKind" label="Loại cơ quan">
          <Select
            allowClear
            placeholder="Mọi loại"
            style={{ width: 240 }}
            options={agencyKinds.map((k) => ({ value: k, label: vi.agencyKind[k] }))}
          />
        </Form.Item>
        <Form.Item name="role" label="Vai trò">
          <Select
            allowClear
            placeholder="Mọi vai trò"
            style={{ width: 200 }}
            options={roles.map((r) => ({ value: r, label: vi.role[r] }))}
          />
        </Form.Item>
      </Space>
      <Space wrap size="large">
        <Form.Item name="validTo" label="Hiển thị đến hết ngày" rules={[{ required: true }]}>
          <DatePicker format="DD/MM/YYYY" allowClear={false} />
        </Form.Item>
        <Form.Item name="public" valuePropName="checked" label="Công khai">
          <Checkbox>Hiện cho người dân trên trang tra cứu</Checkbox>
        </Form.Item>
      </Space>
      <Form.Item label="Tệp đính kèm (PDF, DOCX, XLSX, ảnh)">
        <input type="file" aria-label="Tệp đính kèm" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </Form.Item>
      {publish.error && (
        <Alert type="error" showIcon title={publish.error.message} style={{ marginBottom: 12 }} />
      )}
      {publish.data && (
        <Alert
          type="success"
          showIcon
          title={`Đã đăng: ${publish.data.title}`}
          style={{ marginBottom: 12 }}
        />
      )}
      <Button type="primary" htmlType="submit" loading={publish.isPending}>
        Đăng
      </Button>
    </Form>
  );
}
