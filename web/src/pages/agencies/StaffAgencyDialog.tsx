import { Alert, Form, Input, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { roleTemplates } from '../../../../src/domain/access/officialRows.js';
import type { Role } from '../../../../src/domain/access/roles.js';
import type { AgencyKind } from '../../../../src/domain/agencies/agency.js';
import { vi } from '../../../../src/domain/i18n/vi.js';
import { ApiError, sendFile, type AnswerOf } from '../../api';
import { useMe } from '../../auth';

type Report = AnswerOf<'/api/v1/accounts/import', 'post'>;
type Person = { fullName?: string; idNumber?: string; email?: string; phone?: string };
const csv = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Staffing an agency in one step: one person for each role its kind needs (the role template);
 * each gets an account without a password and an activation link, through the officials import.
 */
export function StaffAgencyDialog(props: {
  open: boolean;
  agency: { code: string; name: string; kind: AgencyKind };
  onClose: () => void;
}) {
  const me = useMe().data;
  const roles = roleTemplates[props.agency.kind];
  const [form] = Form.useForm<Record<Role, Person>>();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    const v = form.getFieldsValue();
    const lines = roles.flatMap((r) => {
      const p = v[r] ?? {};
      if (!p.fullName?.trim()) return [];
      return [
        [p.fullName, p.idNumber ?? '', p.email ?? '', p.phone ?? '', props.agency.code, vi.role[r]]
          .map((x) => csv(x.trim()))
          .join(','),
      ];
    });
    if (lines.length === 0) return setError('Nhập ít nhất một người');
    const file = new File(
      [['Họ và tên,Số định danh,Thư điện tử,Số điện thoại,Mã cơ quan,Vai trò', ...lines].join('\n')],
      'bo-tri-can-bo.csv',
      { type: 'text/csv' },
    );
    try {
      setReport(await sendFile<Report>('/api/v1/accounts/import?dryRun=false', file, me?.csrfToken));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e.message);
    }
  };
  const cell = (role: Role, key: keyof Person, label: string) => (
    <Form.Item name={[role, key]} style={{ margin: 0 }}>
      <Input aria-label={`${label} ${vi.role[role]}`} size="small" />
    </Form.Item>
  );
  return (
    <Modal
      open={props.open}
      width={960}
      title={`Bố trí cán bộ theo mẫu: ${props.agency.name}`}
      okText={report ? 'Xong' : 'Tạo tài khoản, gửi liên kết kích hoạt'}
      cancelText="Đóng"
      onOk={() => (report ? props.onClose() : void save())}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {vi.agencyKind[props.agency.kind]} cần: {roles.map((r) => vi.role[r]).join(', ')}. Mỗi người nhận liên
        kết kích hoạt qua thư điện tử hoặc SMS để tự đặt mật khẩu; người đã có tài khoản (cùng số định danh)
        được giao thêm vai trò.
      </Typography.Paragraph>
      <Form form={form} component={false}>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r}
          dataSource={[...roles]}
          columns={[
            { title: 'Vai trò', width: 150, render: (_, r) => vi.role[r] },
            { title: 'Họ và tên', render: (_, r) => cell(r, 'fullName', 'Họ và tên') },
            { title: 'Số định danh', width: 150, render: (_, r) => cell(r, 'idNumber', 'Số định danh') },
            { title: 'Thư điện tử', width: 200, render: (_, r) => cell(r, 'email', 'Thư điện tử') },
            { title: 'Số điện thoại', width: 130, render: (_, r) => cell(r, 'phone', 'Số điện thoại') },
          ]}
        />
      </Form>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {report ? (
        <Alert
          style={{ marginTop: 12 }}
          type={report.refused.length > 0 ? 'warning' : 'success'}
          showIcon
          title={`Tạo ${report.created}, cập nhật ${report.updated} tài khoản; gửi ${report.invited} liên kết kích hoạt`}
          description={report.refused.map((r) => `${r.field}: ${r.message}`).join('; ') || undefined}
        />
      ) : null}
    </Modal>
  );
}
