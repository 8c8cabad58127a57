import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Collapse, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Role } from '../../../src/domain/access/roles.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { api, ok, type AnswerOf } from '../api';
import { useMe } from '../auth';
import { formatDay } from '../format';
import { GuideMarkdown } from '../components/GuideMarkdown';
import { SupportContacts } from '../components/SupportContacts';
import { GuideEditor } from './guides/GuideEditor';
import { GuideHistory } from './guides/GuideHistory';

type GuideView = AnswerOf<'/api/v1/guides', 'get'>['items'][number];

/**
 * The user guide (seed 000: "tài liệu điện tử hướng dẫn sử dụng"): the guide of each role, the
 * sections of the reader's own roles open first, then each procedure's technical guidance. Their
 * editors (the system administrator; the owning ministry for a procedure) edit them here, and
 * anyone downloads them as a printable handbook.
 */
export function HelpPage() {
  const me = useMe().data;
  const guides = useQuery({ queryKey: ['guides'], queryFn: () => ok(api.GET('/api/v1/guides')) });
  const [editing, setEditing] = useState<GuideView | null | 'new'>(null);
  const [history, setHistory] = useState<GuideView | null>(null);
  const myRoles = [...new Set((me?.grants ?? []).map((g) => g.role))] as Role[];
  const all = guides.data?.items ?? [];
  const byRole = all.filter((g) => g.kind === 'role');
  const byProcedure = all.filter((g) => g.kind === 'procedure');
  const mine = byRole.filter((g) => g.roles.some((r) => myRoles.includes(r as Role))).map((g) => g.key);
  const writesGuidance = myRoles.some((r) => r === 'system_admin' || r === 'ministry_admin');
  // A ministry writes guidance for its own procedures: its editor lists only those.
  const ownMinistry = myRoles.includes('system_admin')
    ? undefined
    : me?.grants.find((g) => g.role === 'ministry_admin')?.agency.code;
  const section = (g: GuideView) => ({
    key: g.key,
    label: g.procedure ? `${g.procedure.code} — ${g.title}` : g.title,
    children: (
      <>
        {g.editable && (
          <Space style={{ marginBottom: 8 }}>
            <Button onClick={() => setEditing(g)}>Sửa hướng dẫn</Button>
            <Button onClick={() => setHistory(g)}>Lịch sử</Button>
          </Space>
        )}
        <GuideMarkdown text={g.body} />
        <Typography.Text type="secondary">
          Phiên bản {g.revision}, cập nhật {formatDay(g.savedAt)}
          {g.savedBy ? ` bởi ${g.savedBy}` : ''}
        </Typography.Text>
      </>
    ),
  });
  return (
    <>
      <Typography.Title level={2}>Hướng dẫn sử dụng</Typography.Title>
      <Typography.Paragraph>
        Mỗi màn hình chính có hướng dẫn ngắn ở đầu trang (khung màu xanh). Trang này gom các bước làm việc
        theo vai trò; phần của vai trò bạn đang giữ được mở sẵn. Sổ tay in được (PDF, kèm ảnh màn hình) dùng
        cho tập huấn và cho các nền tảng học trực tuyến.
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" href="/api/v1/guides/handbook.pdf">
          Tải sổ tay đầy đủ (PDF)
        </Button>
        {myRoles.map((r) => (
          <Button key={r} href={`/api/v1/guides/handbook.pdf?role=${r}`}>
            Sổ tay cho {vi.role[r]}
          </Button>
        ))}
      </Space>
      {guides.error && <Alert type="error" showIcon title={guides.error.message} />}
      {guides.data && (
        <Collapse defaultActiveKey={mine.length > 0 ? mine : ['citizen']} items={byRole.map(section)} />
      )}
      <Typography.Title level={3} style={{ marginTop: 24 }}>
        Hướng dẫn kỹ thuật theo thủ tục
      </Typography.Title>
      <Typography.Paragraph>
        Bộ, ngành chủ quản viết hướng dẫn kỹ thuật cho quy trình chuẩn của từng thủ tục: cách tiếp nhận, giấy
        tờ cần đối chiếu, các bước trên hệ thống.
        {byProcedure.length === 0 && ' Chưa có thủ tục nào có hướng dẫn kỹ thuật.'}
      </Typography.Paragraph>
      {writesGuidance && (
        <Button style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
          Thêm hướng dẫn kỹ thuật cho thủ tục
        </Button>
      )}
      {byProcedure.length > 0 && <Collapse items={byProcedure.map(section)} />}
      <SupportContacts title="Đầu mối hỗ trợ kỹ thuật cho địa bàn của bạn" />
      {editing !== null && (
        <GuideEditor
          csrfToken={me?.csrfToken}
          ministry={ownMinistry}
          guide={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {history && (
        <GuideHistory guideKey={history.key} title={history.title} onClose={() => setHistory(null)} />
      )}
    </>
  );
}
