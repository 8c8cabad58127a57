import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState, type CSSProperties } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { AccountSummary } from '../../../src/contracts/accounts.js';
import type { Me } from '../../../src/contracts/auth.js';
import { api, ok, csrfHeader } from '../api';
import { can } from '../auth';
import { Guide } from '../components/Guide';
import { ExportButton } from '../components/ExportButton';
import { RequireStaff } from '../components/RequireStaff';
import { useDebounced, useSearchShortcut } from '../hooks';
import { paths } from '../paths';

export function AccountsPage() {
  return <RequireStaff permission="account.read">{(me) => <Accounts me={me} />}</RequireStaff>;
}

/** Accounts within the administrator's reach: search, open, create. */
function Accounts({ me }: { me: Me }) {
  const navigate = useNavigate();
  const searchRef = useSearchShortcut();
  const [text, setText] = useState('');
  const [creating, setCreating] = useState(false);
  const q = useDebounced(text.trim());
  const list = useQuery({
    queryKey: ['accounts', q],
    queryFn: () => ok(api.GET('/api/v1/accounts', { params: { query: { q, limit: 200 } } })),
  });
  return (
    <>
      <Typography.Title level={2}>Tài khoản, phân quyền</Typography.Title>
      <Guide title="Quản lý tài khoản trong phạm vi của bạn">
        Danh sách chỉ gồm tài khoản tại các cơ quan thuộc phạm vi quản trị của bạn (xã, tỉnh hoặc bộ). Mỗi cơ
        quan cần ít nhất một cán bộ một cửa, một chuyên viên và một lãnh đạo để hồ sơ không bị “mồ côi”. Tài
        khoản mới nhận mật khẩu tạm, phải đổi ở lần đăng nhập đầu. Nhấn <kbd>/</kbd> để tìm.
      </Guide>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          ref={searchRef}
          allowClear
          style={{ width: 360 }}
          placeholder="Họ tên hoặc tên đăng nhập"
          aria-label="Tìm tài khoản"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <ExportButton path="/api/v1/accounts/export" params={{ q }} />
        {can(me, 'account.manage') && (
          <Button onClick={() => navigate(paths.accountImport)}>Nhập cán bộ từ tệp</Button>
        )}
        {can(me, 'account.manage') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            Tạo tài khoản
          </Button>
        )}
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<AccountSummary>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{
          pageSize: 50,
          showSizeChanger: false,
          showTotal: () => `${list.data?.total ?? 0} tài khoản`,
        }}
        onRow={(a) => ({ onClick: () => navigate(paths.account(a.id)), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: 'Tên đăng nhập',
            dataIndex: 'username',
            render: (u: string, a) => <Link to={paths.account(a.id)}>{u}</Link>,
          },
          { title: 'Họ và tên', dataIndex: 'fullName' },
          { title: 'Cơ quan', dataIndex: ['agency', 'name'] },
          { title: 'Chức danh', dataIndex: 'position' },
          {
            title: 'Trạng thái',
            dataIndex: 'active',
            width: 140,
            render: (_, a) => (
              <Space size={4}>
                {a.active ? <Tag color="green">Hoạt động</Tag> : <Tag>Đã khóa</Tag>}
                {a.mustChangePassword && <Tag color="orange">Mật khẩu tạm</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <CreateAccount
        open={creating}
        csrf={me.csrfToken}
        onClose={() => setCreating(false)}
        defaultAgency={me.agency}
      />
    </>
  );
}

interface NewAccountFields {
  username: string;
  fullName: string;
  agencyCode: string;
  position?: string;
  phone?: string;
  email?: string;
}

function CreateAccount({
  open,
  csrf,
  onClose,
  defaultAgency,
}: {
  open: boolean;
  csrf: string;
  onClose: () => void;
  defaultAgency: { code: string; name: string };
}) {
  const [form] = Form.useForm<NewAccountFields>();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ username: string; temporaryPassword: string } | null>(null);
  const submit = async (values: NewAccountFields) => {
    setError(null);
    try {
      const r = await ok(api.POST('/api/v1/accounts', { body: values, headers: { ...csrfHeader(csrf) } }));
      setCreated({ username: values.username, temporaryPassword: r.temporaryPassword });
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['accounts'] });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const close = () => {
    setCreated(null);
    setError(null);
    onClose();
  };
  return (
    <Modal open={open} title="Tạo tài khoản cán bộ" onCancel={close} footer={null} destroyOnHidden>
      {created ? (
        <Space direction="vertical">
          <Alert type="success" showIcon title={`Đã tạo tài khoản ${created.username}`} />
          <Typography.Paragraph>
            Mật khẩu tạm (chỉ hiển thị một lần, hãy trao trực tiếp cho cán bộ):{' '}
            <Typography.Text code copyable>
              {created.temporaryPassword}
            </Typography.Text>
          </Typography.Paragraph>
          <Button onClick={close}>Đóng</Button>
        </Space>
      ) : (
        <Form<NewAccountFields>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ agencyCode: defaultAgency.code }}
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form.Item
            label="Tên đăng nhập"
            name="username"
            rules={[
              {
                required: true,
                pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/,
                message: 'Chữ thường không dấu, số, dấu chấm; 3–64 ký tự',
              },
            ]}
          >
            <Input autoFocus />
          </Form.Item>
          <Form.Item
            label="Họ và tên"
            name="fullName"
            rules={[{ required: true, message: 'Nhập họ và tên' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item label="Cơ quan" name="agencyCode" rules={[{ required: true }]}>
            <AgencySelect initial={defaultAgency} />
          </Form.Item>
          <Form.Item label="Chức danh" name="position">
            <Input />
          </Form.Item>
          <Space>
            <Form.Item label="Điện thoại" name="phone">
              <Input />
            </Form.Item>
            <Form.Item
              label="Thư điện tử"
              name="email"
              rules={[{ type: 'email', message: 'Địa chỉ không hợp lệ' }]}
            >
              <Input />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit">
            Tạo tài khoản
          </Button>
        </Form>
      )}
    </Modal>
  );
}

/** Agency picker searching the catalogue as one types (accents optional). */
export function AgencySelect({
  value,
  onChange,
  initial,
  style,
}: {
  value?: string;
  onChange?: (v: string) => void;
  initial?: { code: string; name: string };
  style?: CSSProperties;
}) {
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const found = useQuery({
    queryKey: ['agency-pick', q],
    queryFn: () => ok(api.GET('/api/v1/agencies', { params: { query: { q, limit: 20 } } })),
    enabled: q.trim().length >= 2,
  });
  const options = (found.data?.items ?? []).map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }));
  if (initial && !options.some((o) => o.value === initial.code))
    options.unshift({ value: initial.code, label: `${initial.name} (${initial.code})` });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={onChange}
      options={options}
      placeholder="Gõ tên cơ quan, ví dụ: ba dinh"
      style={style}
      aria-label="Cơ quan"
      notFoundContent={q.trim().length < 2 ? 'Gõ ít nhất 2 ký tự' : 'Không tìm thấy'}
    />
  );
}
