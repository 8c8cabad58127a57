import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import type { PaymentView } from '../../../src/contracts/payments.js';
import { api, ok, csrfHeader } from '../api';

const paymentStatus: Record<PaymentView['status'], { text: string; color: string }> = {
  creating: { text: 'Đang tạo yêu cầu', color: 'default' },
  waiting: { text: 'Chờ người nộp thanh toán', color: 'orange' },
  paid: { text: 'Đã thanh toán', color: 'green' },
  cancelled: { text: 'Đã hủy', color: 'default' },
  refunding: { text: 'Đang hoàn tiền', color: 'purple' },
  refunded: { text: 'Đã hoàn tiền', color: 'purple' },
};

/**
 * The dossier's payment requests: the link to give the applicant, the receipt once paid, for the
 * agency's leader a refund of a paid request, and for its receiver or leader the replacement of
 * an e-receipt with a wrong detail.
 */
export function PaymentsCard({
  code,
  items,
  canRefund,
  canReplaceReceipt,
  csrf,
}: {
  code: string;
  items: PaymentView[];
  canRefund: boolean;
  canReplaceReceipt: boolean;
  csrf: string | undefined;
}) {
  const client = useQueryClient();
  const [replacing, setReplacing] = useState<PaymentView | null>(null);
  const [fix, setFix] = useState({ reason: '', payerName: '' });
  const replace = useMutation({
    mutationFn: (p: PaymentView) =>
      ok(
        api.POST('/api/v1/dossiers/{code}/payments/{id}/receipt/replace', {
          params: { path: { code, id: p.id } },
          body: { reason: fix.reason, ...(fix.payerName.trim() ? { payerName: fix.payerName.trim() } : {}) },
          headers: { ...csrfHeader(csrf) },
        }),
      ),
    onSuccess: () => {
      setReplacing(null);
      setFix({ reason: '', payerName: '' });
      void client.invalidateQueries({ queryKey: ['dossier', code, 'payments'] });
    },
  });
  const [refunding, setRefunding] = useState<PaymentView | null>(null);
  const [reason, setReason] = useState('');
  const refund = useMutation({
    mutationFn: (p: PaymentView) =>
      ok(
        api.POST('/api/v1/dossiers/{code}/payments/{id}/refund', {
          params: { path: { code, id: p.id } },
          body: { reason },
          headers: { ...csrfHeader(csrf) },
        }),
      ),
    onSuccess: () => {
      setRefunding(null);
      setReason('');
      void client.invalidateQueries({ queryKey: ['dossier', code, 'payments'] });
    },
  });
  return (
    <Card size="small" title="Nghĩa vụ tài chính" style={{ marginBottom: 12 }}>
      {items.map((p) => (
        <div key={p.id} style={{ marginBottom: 8 }}>
          <Space wrap>
            <b>{p.amount.toLocaleString('vi-VN')} đồng</b>
            <Tag color={paymentStatus[p.status].color}>{paymentStatus[p.status].text}</Tag>
            {p.status === 'waiting' && p.payUrl && (
              <a href={p.payUrl} target="_blank" rel="noreferrer">
                Trang thanh toán
              </a>
            )}
            {p.receiptNo && <span>Chứng từ thanh toán số {p.receiptNo}</span>}
            {p.eReceipt && (
              <span>
                Biên lai điện tử{' '}
                <a href={p.eReceipt.url} target="_blank" rel="noreferrer">
                  {p.eReceipt.series}-{p.eReceipt.number}
                </a>{' '}
                {p.eReceipt.status === 'cancelled' ? <Tag>Đã hủy</Tag> : null}
                {p.eReceipt.replaces ? <Tag>Thay thế biên lai {p.eReceipt.replaces}</Tag> : null}
                {p.eReceipt.replacing ? <Tag color="gold">Đang chờ biên lai thay thế</Tag> : null}
              </span>
            )}
            {canReplaceReceipt && p.eReceipt?.status === 'issued' && !p.eReceipt.replacing && (
              <Button size="small" onClick={() => setReplacing(p)}>
                Thay thế biên lai
              </Button>
            )}
            {canRefund && p.status === 'paid' && (
              <Button size="small" onClick={() => setRefunding(p)}>
                Hoàn tiền
              </Button>
            )}
          </Space>
        </div>
      ))}
      <Modal
        open={refunding !== null}
        title="Đề nghị hoàn tiền"
        okText="Gửi đề nghị"
        cancelText="Hủy"
        okButtonProps={{ disabled: reason.trim() === '' }}
        confirmLoading={refund.isPending}
        onCancel={() => setRefunding(null)}
        onOk={() => refunding && refund.mutate(refunding)}
      >
        <p>Nền tảng thanh toán hoàn lại số tiền cho người nộp; trạng thái đổi khi nền tảng xác nhận.</p>
        {refund.error && (
          <Alert type="error" showIcon title={refund.error.message} style={{ marginBottom: 8 }} />
        )}
        <Input.TextArea
          aria-label="Lý do hoàn tiền"
          placeholder="Lý do, ví dụ: người nộp đã nộp hai lần"
          maxLength={500}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      <Modal
        open={replacing !== null}
        title="Đề nghị thay thế biên lai điện tử"
        okText="Gửi đề nghị"
        cancelText="Hủy"
        okButtonProps={{ disabled: fix.reason.trim() === '' }}
        confirmLoading={replace.isPending}
        onCancel={() => setReplacing(null)}
        onOk={() => replacing && replace.mutate(replacing)}
      >
        <p>
          Nhà cung cấp phát hành biên lai mới thay cho biên lai sai thông tin; biên lai cũ được đánh dấu “đã
          bị thay thế”. Số tiền không đổi.
        </p>
        {replace.error && (
          <Alert type="error" showIcon title={replace.error.message} style={{ marginBottom: 8 }} />
        )}
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input
            aria-label="Tên người nộp đúng"
            placeholder="Tên người nộp đúng (để trống nếu không đổi)"
            maxLength={200}
            value={fix.payerName}
            onChange={(e) => setFix({ ...fix, payerName: e.target.value })}
          />
          <Input.TextArea
            aria-label="Lý do thay thế"
            placeholder="Lý do, ví dụ: sai tên người nộp"
            maxLength={500}
            rows={3}
            value={fix.reason}
            onChange={(e) => setFix({ ...fix, reason: e.target.value })}
          />
        </Space>
      </Modal>
    </Card>
  );
}
