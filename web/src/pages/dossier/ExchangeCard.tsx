import { Card, Descriptions, Tag, Typography } from 'antd';
import { vi } from '../../../../src/domain/i18n/vi.js';
import { formatInstant } from '../../format';
import type { DossierDetail } from './DossierFacts';

type Exchange = DossierDetail['exchanges'][number];

const colour: Record<Exchange['status'], string> = {
  queued: 'default',
  sent: 'blue',
  received: 'blue',
  processing: 'gold',
  done: 'green',
  refused: 'red',
};

/**
 * Liên thông: the dossiers this one started in other systems (a birth registration's residence
 * and health insurance), and the consultations asked of agencies that work in their own systems,
 * each with the other system's code, its status and its answer.
 */
export function ExchangeCard(props: { exchanges: Exchange[]; practice: boolean }) {
  return (
    <Card size="small" title="Liên thông với hệ thống khác" style={{ marginBottom: 12 }}>
      {props.practice ? (
        <Typography.Paragraph type="warning" style={{ marginBottom: 8 }}>
          Hồ sơ thử nghiệm: các yêu cầu liên thông được ghi lại để tập làm nhưng không bao giờ gửi sang hệ
          thống khác.
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        Hệ thống khác tự báo tiến độ về đây; không cần gọi điện hỏi. Nhóm thủ tục hoàn thành khi hồ sơ này đã
        trả kết quả và mọi hồ sơ liên thông đã có kết quả.
      </Typography.Paragraph>
      {props.exchanges.map((x) => (
        <div key={x.id} style={{ marginBottom: 12 }}>
          <div style={{ marginBottom: 4 }}>
            <Typography.Text strong>
              {x.kind === 'linked' ? x.procedure?.name : `Lấy ý kiến (${x.consultationId ?? ''})`}
            </Typography.Text>{' '}
            {props.practice && x.status === 'queued' ? (
              <Tag>Không gửi (thử nghiệm)</Tag>
            ) : (
              <Tag color={colour[x.status]}>{vi.exchangeStatus[x.status]}</Tag>
            )}
          </div>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'system', label: 'Hệ thống', children: x.system.name },
              { key: 'code', label: 'Mã hồ sơ bên đó', children: x.remoteCode ?? 'Chờ hệ thống tiếp nhận' },
              ...(x.dueAt ? [{ key: 'due', label: 'Hạn trả lời', children: formatInstant(x.dueAt) }] : []),
              ...(x.answer ? [{ key: 'answer', label: 'Kết quả, ý kiến', children: x.answer }] : []),
              { key: 'at', label: 'Cập nhật', children: formatInstant(x.updatedAt) },
            ]}
          />
        </div>
      ))}
    </Card>
  );
}
