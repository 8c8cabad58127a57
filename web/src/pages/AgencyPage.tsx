import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Agency } from '../../../src/contracts/agencies.js';
import { api, ok } from '../api';
import { can, useMe } from '../auth';
import { AgencyDialog } from './agencies/AgencyDialog';
import { AgencyHistory } from './agencies/AgencyHistory';
import { CloseAgencyDialog } from './agencies/CloseAgencyDialog';
import { StaffAgencyDialog } from './agencies/StaffAgencyDialog';
import { AgencyKindTag } from '../components/labels';
import { formatDay } from '../format';
import { paths } from '../paths';

/** One agency: where it sits, above and below it. */
export function AgencyPage() {
  const { code = '' } = useParams();
  const me = useMe().data;
  const [editing, setEditing] = useState<'edit' | 'close' | 'staff' | null>(null);
  const agency = useQuery({
    queryKey: ['agency', code],
    queryFn: () => ok(api.GET('/api/v1/agencies/{code}', { params: { path: { code } } })),
  });
  const children = useQuery({
    queryKey: ['agency-children', code],
    queryFn: () => ok(api.GET('/api/v1/agencies', { params: { query: { parent: code, limit: 500 } } })),
  });
  if (agency.error) {
    return (
      <Alert
        type="error"
        showIcon
        title={agency.error.message}
        action={<Link to={paths.agencies}>Danh mục cơ quan</Link>}
      />
    );
  }
  const a = agency.data;
  const unitLink = a && (a.adminUnit.code.length === 2 ? paths.province(a.adminUnit.code) : undefined);
  return (
    <>
      <Breadcrumb
        items={[{ title: <Link to={paths.agencies}>Cơ quan, đơn vị</Link> }, { title: a?.name ?? code }]}
      />
      <Typography.Title level={2}>
        {a?.name ?? '…'}{' '}
        {a?.validTo ? <Tag color="orange">Hết hiệu lực từ {formatDay(a.validTo)}</Tag> : null}
      </Typography.Title>
      {a && (can(me, 'agency.manage') || can(me, 'account.manage')) ? (
        <Space style={{ marginBottom: 16 }}>
          {can(me, 'account.manage') && a.validTo === null ? (
            <Button type="primary" onClick={() => setEditing('staff')}>
              Bố trí cán bộ theo mẫu
            </Button>
          ) : null}
          {can(me, 'agency.manage') ? (
            <Button onClick={() => setEditing('edit')}>Đổi tên, chuyển cơ quan cấp trên</Button>
          ) : null}
          {can(me, 'agency.manage') && a.validTo === null ? (
            <Button danger onClick={() => setEditing('close')}>
              Đóng, sáp nhập
            </Button>
          ) : null}
        </Space>
      ) : null}
      {a ? (
        <StaffAgencyDialog open={editing === 'staff'} agency={a} onClose={() => setEditing(null)} />
      ) : null}
      {a ? <AgencyDialog open={editing === 'edit'} agency={a} onClose={() => setEditing(null)} /> : null}
      {a ? (
        <CloseAgencyDialog
          open={editing === 'close'}
          code={a.code}
          name={a.name}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {a && (
        <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }} style={{ marginBottom: 24 }}>
          <Descriptions.Item label="Mã định danh">
            <code>{a.code}</code>
          </Descriptions.Item>
          <Descriptions.Item label="Loại">
            <AgencyKindTag kind={a.kind} />
          </Descriptions.Item>
          <Descriptions.Item label="Cơ quan cấp trên">
            {a.parent ? <Link to={paths.agency(a.parent.code)}>{a.parent.name}</Link> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="Địa bàn">
            {unitLink ? <Link to={unitLink}>{a.adminUnit.name}</Link> : a.adminUnit.name}
          </Descriptions.Item>
          <Descriptions.Item label="Hiệu lực từ">{formatDay(a.validFrom)}</Descriptions.Item>
          <Descriptions.Item label="Đơn vị trực thuộc">{a.childCount}</Descriptions.Item>
        </Descriptions>
      )}
      <Table<Agency>
        rowKey="code"
        size="small"
        loading={children.isLoading}
        dataSource={children.data?.items}
        title={() => <strong>Đơn vị trực thuộc</strong>}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: 'Mã định danh', dataIndex: 'code', width: 150, render: (c: string) => <code>{c}</code> },
          {
            title: 'Tên',
            dataIndex: 'name',
            render: (name: string, c) => <Link to={paths.agency(c.code)}>{name}</Link>,
          },
          { title: 'Loại', dataIndex: 'kind', width: 200, render: (_, c) => <AgencyKindTag kind={c.kind} /> },
        ]}
      />
      <AgencyHistory code={code} />
    </>
  );
}
