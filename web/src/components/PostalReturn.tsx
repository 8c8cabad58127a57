import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Space, Tag, Timeline } from 'antd';
import { useState } from 'react';
import type { PostalOrderView, PostalRecipient } from '../../../src/contracts/postal.js';
import { api, ok, csrfHeader } from '../api';
import { formatInstant } from '../format';

const statusText: Record<PostalOrderView['status'], { text: string; color: string }> = {
  creating: { text: 'Đang tạo đơn', color: 'default' },
  accepted: { text: 'Bưu điện đã nhận đơn', color: 'blue' },
  picked_up: { text: 'Đã lấy kết quả', color: 'blue' },
  in_transit: { text: 'Đang vận chuyển', color: 'orange' },
  delivered: { text: 'Đã phát cho người nhận', color: 'green' },
  failed: { text: 'Phát không thành công', color: 'red' },
};

/**
 * Returning a result through the public postal service: the button (for a receiver, once the
 * result is issued) and the dialog prefilled with the applicant's address, then the parcel's
 * tracking number and what the carrier reported. The dossier is returned when the parcel is delivered.
 */
export function PostalReturn({
  code,
  canSend,
  applicant,
  csrf,
}: {
  code: string;
  canSend: boolean;
  applicant: Record<string, unknown>;
  csrf: string | undefined;
}) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<PostalRecipient>();
  const orders = usePostalOrders(code);
  const send = useMutation({
    mutationFn: (r: PostalRecipient) =>
      ok(
        api.POST('/api/v1/dossiers/{code}/postal-orders', {
          params: { path: { code } },
          body: r,
          headers: csrfHeader(csrf),
        }),
      ),
    onSuccess: () => {
      setOpen(false);
      void client.invalidateQueries({ queryKey: ['dossier', code] });
    },
  });
  const items = orders.data?.items ?? [];
  const address = (applicant['address'] ?? {}) as { communeCode?: string; detail?: string };
  const pending = items.some((o) => o.kind === 'delivery' && o.status !== 'failed');
  return (
    <>
      {canSend && !pending && (
        <Button
          onClick={() => {
            form.setFieldsValue({
              name: String(applicant['name'] ?? ''),
              phone: String(applicant['phone'] ?? ''),
              address: address.detail ?? '',
              communeCode: address.communeCode ?? '',
            });
            setOpen(true);
          }}
        >
          Gửi kết quả qua bưu chính
        </Button>
      )}
      <Modal
        open={open}
        title="Gửi kết quả qua bưu chính công ích"
        okText="Tạo đơn gửi"
        cancelText="Hủy"
        confirmLoading={send.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => void form.validateFields().then((v) => send.mutate(v))}
      >
        <p>
          Bưu điện nhận kết quả tại bộ phận một cửa và phát đến địa chỉ dưới đây. Hồ sơ chuyển sang “Đã trả
          kết quả” khi bưu điện báo đã phát.
        </p>
        {send.error && <Alert type="error" showIcon title={send.error.message} style={{ marginBottom: 8 }} />}
        <Form form={form} layout="vertical">
          <Form.Item
            name="name"
            label="Người nhận"
            rules={[{ required: true, message: 'Nhập tên người nhận' }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="phone"
            label="Số điện thoại người nhận"
            rules={[{ required: true, pattern: /^0\d{9}$/, message: '10 chữ số, bắt đầu bằng 0' }]}
          >
            <Input inputMode="tel" maxLength={10} />
          </Form.Item>
          <Form.Item
            name="address"
            label="Địa chỉ nhận"
            rules={[{ required: true, message: 'Nhập địa chỉ' }]}
          >
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item
            name="communeCode"
            label="Mã xã, phường nơi nhận"
            rules={[{ required: true, pattern: /^\d{5}$/, message: 'Mã xã 5 chữ số' }]}
          >
            <Input inputMode="numeric" maxLength={5} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The dossier's postal orders, looked at again while a parcel is on its way. */
function usePostalOrders(code: string) {
  return useQuery({
    queryKey: ['dossier', code, 'postal'],
    queryFn: () => ok(api.GET('/api/v1/dossiers/{code}/postal-orders', { params: { path: { code } } })),
    refetchInterval: (q) =>
      q.state.data?.items.some((o) => o.status !== 'delivered' && o.status !== 'failed') ? 3000 : false,
  });
}

/** The parcels of a dossier: tracking number and what the carrier reported. */
export function PostalOrdersCard({ code }: { code: string }) {
  const items = usePostalOrders(code).data?.items ?? [];
  return (
    <>
      {items.length > 0 && (
        <Card size="small" title="Bưu chính" style={{ marginBottom: 12 }}>
          {items.map((o) => (
            <div key={o.id}>
              <Space wrap style={{ marginBottom: 8 }}>
                <span>Số hiệu bưu gửi: {o.trackingNo ? <b>{o.trackingNo}</b> : 'đang chờ bưu điện'}</span>
                <Tag color={statusText[o.status].color}>{statusText[o.status].text}</Tag>
              </Space>
              <Timeline
                items={o.events.map((e) => ({
                  content: `${formatInstant(e.at)} — ${statusText[e.status as PostalOrderView['status']]?.text ?? e.status}`,
                }))}
              />
            </div>
          ))}
        </Card>
      )}
    </>
  );
}
