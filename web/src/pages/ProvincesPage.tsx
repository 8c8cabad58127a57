import { useQuery } from '@tanstack/react-query';
import { Alert, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { AdminUnit } from '../../../src/contracts/adminUnits.js';
import { api, ok } from '../api';
import { Guide } from '../components/Guide';
import { UnitKindTag } from '../components/labels';
import { useDebounced, useProvinces, useSearchShortcut } from '../hooks';
import { matchesSearch } from '../../../src/domain/text/searchKey.js';
import { paths } from '../paths';

/** The 34 provinces; typing searches provinces and, across the country, communes. */
export function ProvincesPage() {
  const navigate = useNavigate();
  const searchRef = useSearchShortcut();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());

  const provinces = useProvinces();
  const shown = (provinces.data ?? []).filter((p) => matchesSearch(p.name, q) || p.code.startsWith(q.trim()));
  const communes = useQuery({
    queryKey: ['communes-nationwide', q],
    queryFn: () =>
      ok(api.GET('/api/v1/admin-units', { params: { query: { level: 'commune', q, limit: 50 } } })),
    enabled: q.length >= 2,
  });
  const provinceName = new Map((provinces.data ?? []).map((p) => [p.code, p.name]));

  return (
    <>
      <Typography.Title level={2}>Đơn vị hành chính</Typography.Title>
      <Guide title="Bản đồ hành chính hai cấp từ 01/07/2025">
        Chọn một tỉnh, thành phố để xem các xã, phường, đặc khu của tỉnh đó và các đơn vị cũ đã sáp nhập vào.
        Gõ tên có hoặc không dấu (ví dụ <i>ha noi</i>, <i>ba dinh</i>) hay mã đơn vị; nhấn <kbd>/</kbd> để về
        ô tìm kiếm, <kbd>Enter</kbd> để mở kết quả đầu tiên.
      </Guide>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Input.Search
          ref={searchRef}
          autoFocus
          allowClear
          size="large"
          placeholder="Tìm tỉnh, thành phố hoặc xã, phường theo tên hay mã"
          aria-label="Tìm đơn vị hành chính"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={() => {
            const first = shown[0] ?? communes.data?.items[0];
            if (first) navigate(paths.province(first.parentCode ?? first.code));
          }}
        />
        {provinces.error && <Alert type="error" showIcon title={provinces.error.message} />}
        {(shown.length > 0 || q === '') && (
          <Table<AdminUnit>
            rowKey="code"
            size="small"
            loading={provinces.isLoading}
            dataSource={shown}
            pagination={false}
            title={() => <strong>Tỉnh, thành phố ({shown.length})</strong>}
            onRow={(u) => ({ onClick: () => navigate(paths.province(u.code)), style: { cursor: 'pointer' } })}
            columns={[
              { title: 'Mã', dataIndex: 'code', width: 80 },
              {
                title: 'Tên',
                dataIndex: 'name',
                render: (name: string, u) => <Link to={paths.province(u.code)}>{name}</Link>,
              },
              {
                title: 'Loại',
                dataIndex: 'kind',
                width: 140,
                render: (_, u) => <UnitKindTag kind={u.kind} />,
              },
            ]}
          />
        )}
        {q.length >= 2 && (
          <Table<AdminUnit>
            rowKey="code"
            size="small"
            loading={communes.isLoading}
            dataSource={communes.data?.items}
            pagination={false}
            title={() => (
              <strong>
                Xã, phường, đặc khu khớp “{q}” ({communes.data?.total ?? 0}
                {communes.data?.nextCursor ? ', hiển thị 50 đầu tiên' : ''})
              </strong>
            )}
            onRow={(u) => ({
              onClick: () => navigate(`${paths.province(u.parentCode ?? '')}?xa=${u.code}`),
              style: { cursor: 'pointer' },
            })}
            columns={[
              { title: 'Mã', dataIndex: 'code', width: 80 },
              {
                title: 'Tên',
                dataIndex: 'name',
                render: (name: string, u) => (
                  <Link to={`${paths.province(u.parentCode ?? '')}?xa=${u.code}`}>{name}</Link>
                ),
              },
              {
                title: 'Loại',
                dataIndex: 'kind',
                width: 140,
                render: (_, u) => <UnitKindTag kind={u.kind} />,
              },
              {
                title: 'Thuộc',
                dataIndex: 'parentCode',
                render: (code: string) => provinceName.get(code) ?? code,
              },
            ]}
          />
        )}
      </Space>
    </>
  );
}
