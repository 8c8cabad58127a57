import { useQuery } from '@tanstack/react-query';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Agency } from '../../../src/contracts/agencies.js';
import { agencyKinds, type AgencyKind } from '../../../src/domain/agencies/agency.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { api, ok } from '../api';
import { can, useMe } from '../auth';
import { AgencyDialog } from './agencies/AgencyDialog';
import { Guide } from '../components/Guide';
import { AgencyKindTag } from '../components/labels';
import { useDebounced, useProvinces, useSearchShortcut } from '../hooks';
import { paths } from '../paths';

const pageSize = 50;

/** All agencies, filtered by kind, province and text; keyset-paged like the API. */
export function AgenciesPage() {
  const navigate = useNavigate();
  const me = useMe().data;
  const [adding, setAdding] = useState(false);
  const searchRef = useSearchShortcut();
  const provinces = useProvinces();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<AgencyKind | undefined>();
  const [province, setProvince] = useState<string | undefined>();
  // Cursors of the pages already visited, so "Trang trước" can go back without offsets.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const q = useDebounced(text.trim());
  const cursor = cursors.at(-1);

  const filters = { q, kind, province };
  const list = useQuery({
    queryKey: ['agencies', filters, cursor],
    queryFn: () =>
      ok(api.GET('/api/v1/agencies', { params: { query: { ...filters, cursor, limit: pageSize } } })),
    placeholderData: (previous) => previous,
  });
  const resetPaging = () => setCursors([undefined]);
  const nextCursor = list.data?.nextCursor;

  return (
    <>
      <Typography.Title level={2}>Cơ quan, đơn vị</Typography.Title>
      <Guide title="Danh mục cơ quan theo mã định danh điện tử">
        Mỗi tỉnh và mỗi xã có Ủy ban nhân dân và Trung tâm Phục vụ hành chính công; bộ, sở và cơ quan ngành
        dọc đặt tại tỉnh. Lọc theo loại, theo tỉnh (gồm cả cơ quan cấp xã của tỉnh) hoặc gõ tên, mã định danh.
        Mã định danh trong dữ liệu mẫu được sinh theo cấu trúc Quyết định 20/2020/QĐ-TTg, không phải mã chính
        thức. Quản trị cấp tỉnh, cấp bộ thêm, sửa, đóng cơ quan trong phạm vi của mình, hoặc nhập cả danh mục
        từ tệp (kiểm tra trước khi ghi).
      </Guide>
      {can(me, 'agency.manage') ? (
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            Thêm cơ quan
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => navigate(paths.agencyImport)}>
            Nhập danh mục từ tệp
          </Button>
          <Button onClick={() => navigate(paths.migrationMapping)}>Rà soát ánh xạ chuyển đổi</Button>
          <Button onClick={() => navigate(paths.migrationRuns)}>Chuyển đổi dữ liệu</Button>
        </Space>
      ) : null}
      <AgencyDialog
        open={adding}
        onClose={(saved) => {
          setAdding(false);
          if (saved) navigate(paths.agency(saved));
        }}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          ref={searchRef}
          autoFocus
          allowClear
          style={{ width: 360 }}
          placeholder="Tên hoặc mã định danh"
          aria-label="Tìm cơ quan"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            resetPaging();
          }}
        />
        <Select<AgencyKind>
          allowClear
          style={{ width: 240 }}
          placeholder="Loại cơ quan"
          aria-label="Loại cơ quan"
          value={kind}
          onChange={(v) => {
            setKind(v);
            resetPaging();
          }}
          options={agencyKinds.map((k) => ({ value: k, label: vi.agencyKind[k] }))}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 240 }}
          placeholder="Tỉnh, thành phố"
          aria-label="Tỉnh, thành phố"
          value={province}
          onChange={(v) => {
            setProvince(v);
            resetPaging();
          }}
          options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<Agency>
        rowKey="code"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={false}
        onRow={(a) => ({ onClick: () => navigate(paths.agency(a.code)), style: { cursor: 'pointer' } })}
        columns={[
          { title: 'Mã định danh', dataIndex: 'code', width: 150, render: (c: string) => <code>{c}</code> },
          {
            title: 'Tên',
            dataIndex: 'name',
            render: (name: string, a) => <Link to={paths.agency(a.code)}>{name}</Link>,
          },
          { title: 'Loại', dataIndex: 'kind', width: 200, render: (_, a) => <AgencyKindTag kind={a.kind} /> },
          { title: 'Địa bàn', dataIndex: ['adminUnit', 'name'], width: 220 },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Trang trước
        </Button>
        <Button disabled={!nextCursor} onClick={() => nextCursor && setCursors((c) => [...c, nextCursor])}>
          Trang sau
        </Button>
        <Typography.Text type="secondary">
          Trang {cursors.length} · {list.data?.total ?? 0} cơ quan
        </Typography.Text>
      </Space>
    </>
  );
}
