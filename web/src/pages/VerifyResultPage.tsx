import { CheckCircleFilled, CloseCircleFilled, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Result,
  Space,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { sendFile, api, ok, csrfHeader, type AnswerOf } from '../api';
import { vi } from '../../../src/domain/i18n/vi.js';
import { Guide } from '../components/Guide';
import { formatDay, formatInstant } from '../format';
import { paths } from '../paths';

/**
 * The page a result's QR code opens, for anyone handed a result (a bank, a school, an employer):
 * who issued it, its number and date, the holder (masked), and whether the file they were given is
 * the one issued — by uploading it (the signature is checked too) or pasting its SHA-256.
 */
export function VerifyResultPage() {
  const { code: fromUrl = '' } = useParams();
  const navigate = useNavigate();
  const [code, setCode] = useState(fromUrl);
  const [hash, setHash] = useState('');
  const result = useQuery({
    queryKey: ['public-result', fromUrl],
    queryFn: () => ok(api.GET('/api/v1/public/results/{code}', { params: { path: { code: fromUrl } } })),
    enabled: fromUrl !== '',
    retry: false,
  });
  const check = useMutation({
    mutationFn: (presented: { file: File } | { sha256: string }) =>
      'file' in presented
        ? sendFile<AnswerOf<'/api/v1/public/results/{code}/check', 'post'>>(
            `/api/v1/public/results/${encodeURIComponent(fromUrl)}/check`,
            presented.file,
            undefined,
          )
        : ok(
            api.POST('/api/v1/public/results/{code}/check', {
              params: { path: { code: fromUrl } },
              // The check takes a file (multipart) or a hash (JSON); the document declares neither body.
              body: presented as never,
              headers: { ...csrfHeader(undefined) },
            }),
          ),
  });
  const r = result.data;
  const c = check.data;
  return (
    <>
      <Typography.Title level={2}>Xác minh văn bản kết quả</Typography.Title>
      <Guide title="Kiểm tra một văn bản kết quả có đúng do cơ quan nhà nước cấp">
        Quét mã QR in trên văn bản hoặc nhập mã xác minh. Trang cho biết cơ quan cấp, số, ngày và người được
        cấp (đã che bớt). Để biết tệp ông/bà nhận được có đúng là văn bản đã cấp và chưa bị sửa, hãy kéo thả
        tệp PDF vào ô bên dưới: hệ thống đối chiếu mã băm và kiểm tra chữ ký số. Không cần đăng nhập.
      </Guide>
      <Form
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={() => {
          check.reset();
          navigate(`${paths.verifyResult}/${encodeURIComponent(code.trim().toUpperCase())}`);
        }}
      >
        <Form.Item label="Mã xác minh" required>
          <Input
            aria-label="Mã xác minh"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            style={{ width: 220 }}
            autoFocus={!fromUrl}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={code.trim() === ''}>
          Tra cứu
        </Button>
      </Form>
      {result.error && <Alert type="error" showIcon title={result.error.message} />}
      {r && (
        <Card size="small" title={r.title} aria-label="Văn bản đã cấp">
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="Cơ quan cấp">{r.issuingAgency}</Descriptions.Item>
            <Descriptions.Item label="Số, ký hiệu">{r.number}</Descriptions.Item>
            <Descriptions.Item label="Ngày cấp">
              {r.issuedOn ? formatDay(r.issuedOn) : null}
            </Descriptions.Item>
            <Descriptions.Item label="Người ký">
              {r.signer}
              {r.signedAt ? ` (ký số lúc ${formatInstant(r.signedAt)})` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="Người được cấp">{r.holder}</Descriptions.Item>
            <Descriptions.Item label="Số định danh">{r.holderIdNumber}</Descriptions.Item>
            <Descriptions.Item label="Mã băm SHA-256" span={2}>
              <Typography.Text code copyable style={{ fontSize: 12 }}>
                {r.sha256}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            Đối chiếu tệp ông/bà nhận được
          </Typography.Title>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Upload.Dragger
              accept=".pdf"
              showUploadList={false}
              beforeUpload={(file) => {
                check.mutate({ file });
                return false;
              }}
            >
              <p>
                <InboxOutlined style={{ fontSize: 28 }} />
              </p>
              <p>Kéo thả tệp PDF vào đây hoặc bấm để chọn</p>
            </Upload.Dragger>
            <Space.Compact style={{ width: '100%' }}>
              <Input
                aria-label="Mã băm của tệp"
                placeholder="Hoặc dán mã băm SHA-256 của tệp"
                value={hash}
                onChange={(e) => setHash(e.target.value.trim())}
              />
              <Button onClick={() => check.mutate({ sha256: hash })} disabled={hash.length === 0}>
                Đối chiếu mã băm
              </Button>
            </Space.Compact>
          </Space>
          {check.error && (
            <Alert type="error" showIcon title={check.error.message} style={{ marginTop: 12 }} />
          )}
          {c && (
            <Result
              status={c.matches && (c.signature?.valid ?? true) ? 'success' : 'error'}
              title={
                c.matches && (c.signature?.valid ?? true)
                  ? 'Tệp đúng là văn bản đã cấp'
                  : 'Tệp KHÔNG khớp với văn bản đã cấp'
              }
              subTitle={`Mã băm của tệp: ${c.presentedSha256}`}
              style={{ padding: '16px 0 0' }}
            >
              {c.signature && (
                <List
                  size="small"
                  aria-label="Kết quả kiểm tra chữ ký số"
                  dataSource={c.signature.checks}
                  renderItem={(x) => (
                    <List.Item>
                      <Space>
                        {x.ok ? (
                          <CheckCircleFilled style={{ color: '#389e0d' }} />
                        ) : (
                          <CloseCircleFilled style={{ color: '#cf1322' }} />
                        )}
                        <b>{vi.signature.checkName[x.check]}:</b> {x.reason}
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </Result>
          )}
        </Card>
      )}
    </>
  );
}
