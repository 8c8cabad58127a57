import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, csrfHeader, type AnswerOf } from '../../api';
import { GuideMarkdown } from '../../components/GuideMarkdown';

type GuideView = AnswerOf<'/api/v1/guides', 'get'>['items'][number];

interface Props {
  csrfToken: string | undefined;
  /** A ministry's own code: the procedures offered are its own (the server decides all the same). */
  ministry?: string | undefined;
  /** The guide to edit, or null to write a procedure's first technical guidance. */
  guide: GuideView | null;
  onClose: () => void;
}

/**
 * Writes a new revision of a guide (Markdown, with a preview as readers will see it). Saved from the
 * revision it opened: if someone saved in between, the server refuses and nothing is lost here.
 */
export function GuideEditor({ csrfToken, ministry, guide, onClose }: Props) {
  const client = useQueryClient();
  const [title, setTitle] = useState(guide?.title ?? '');
  const [body, setBody] = useState(guide?.body ?? '');
  const [procedure, setProcedure] = useState<string>();
  const [q, setQ] = useState('');
  const procedures = useQuery({
    queryKey: ['procedures', q, ministry],
    enabled: guide === null,
    queryFn: () => ok(api.GET('/api/v1/procedures', { params: { query: { q, ministry, limit: 20 } } })),
  });
  const key = guide?.key ?? (procedure ? `procedure:${procedure}` : '');
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PUT('/api/v1/guides/{key}', {
          params: { path: { key } },
          body: { title, body, expectedRevision: guide?.revision ?? 0 },
          headers: csrfHeader(csrfToken),
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['guides'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      width={900}
      title={guide ? `Sửa hướng dẫn: ${guide.title}` : 'Thêm hướng dẫn kỹ thuật cho thủ tục'}
      okText="Lưu phiên bản mới"
      cancelText="Đóng"
      onOk={() => save.mutate()}
      okButtonProps={{ disabled: !key || !title.trim() || !body.trim(), loading: save.isPending }}
      onCancel={onClose}
    >
      <Form layout="vertical">
        {guide === null && (
          <Form.Item label="Thủ tục" htmlFor="guide-procedure" required>
            <Select
              showSearch={{ filterOption: false, onSearch: setQ }}
              id="guide-procedure"
              placeholder="Gõ mã hoặc tên thủ tục"
              notFoundContent={
                ministry
                  ? 'Không tìm thấy thủ tục của bộ, ngành mình khớp với từ đã gõ'
                  : 'Không tìm thấy thủ tục'
              }
              value={procedure}
              onChange={setProcedure}
              options={(procedures.data?.items ?? []).map((p) => ({
                value: p.code,
                label: `${p.code} — ${p.name}`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item label="Tiêu đề" htmlFor="guide-title" required>
          <Input id="guide-title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </Form.Item>
        <Tabs
          items={[
            {
              key: 'write',
              label: 'Soạn',
              children: (
                <Form.Item
                  label="Nội dung"
                  htmlFor="guide-body"
                  extra="Markdown: ## tiêu đề, 1. bước, - ý, **đậm**, [Tiếp nhận hồ sơ](/tiep-nhan) để dẫn tới màn hình, ![chú thích](tiep-nhan.png) để chèn ảnh màn hình có sẵn."
                >
                  <Input.TextArea
                    id="guide-body"
                    value={body}
                    autoSize={{ minRows: 12, maxRows: 22 }}
                    onChange={(e) => setBody(e.target.value)}
                  />
                </Form.Item>
              ),
            },
            { key: 'preview', label: 'Xem trước', children: <GuideMarkdown text={body} /> },
          ]}
        />
        {guide && (
          <Typography.Paragraph type="secondary">
            Lưu thành phiên bản {guide.revision + 1}; các phiên bản trước vẫn xem được ở “Lịch sử”.
          </Typography.Paragraph>
        )}
        {save.error && <Alert type="error" showIcon title={save.error.message} />}
      </Form>
    </Modal>
  );
}
