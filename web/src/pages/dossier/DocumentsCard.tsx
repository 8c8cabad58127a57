import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import type { DocumentView } from '../../../../src/contracts/documents.js';
import type { Component } from '../../../../src/domain/catalog/procedureVersion.js';
import { vi } from '../../../../src/domain/i18n/vi.js';
import { ApiError, api, ok, sendFile } from '../../api';

const dossierUrl = (code: string, path = '') => `/api/v1/dossiers/${encodeURIComponent(code)}${path}`;

/**
 * The dossier's documents, each opened in the page's viewer; those who handle the dossier where it
 * is add a file per component.
 */
export function DocumentsCard(props: {
  code: string;
  components: Component[];
  canUpload: boolean;
  csrf: string | undefined;
  onError: (message: string) => void;
}) {
  const { code, components } = props;
  const client = useQueryClient();
  const [viewing, setViewing] = useState<DocumentView | null>(null);
  const documents = useQuery({
    queryKey: ['dossier', code, 'documents'],
    queryFn: () => ok(api.GET('/api/v1/dossiers/{code}/documents', { params: { path: { code } } })),
  });
  const uploadTo = (component: string) => async (file: File) => {
    try {
      await sendFile(
        dossierUrl(code, `/documents?component=${encodeURIComponent(component)}&digitization=1`),
        file,
        props.csrf,
      );
      await client.invalidateQueries({ queryKey: ['dossier', code, 'documents'] });
    } catch (e) {
      if (e instanceof ApiError) props.onError(e.message);
    }
    return false;
  };
  return (
    <>
      <Card size="small" title="Tài liệu" style={{ marginBottom: 12 }}>
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={documents.data?.items ?? []}
          locale={{ emptyText: 'Chưa có tài liệu' }}
          columns={[
            {
              title: 'Thành phần',
              render: (_, x) => components.find((c) => c.code === x.componentCode)?.name ?? x.componentCode,
            },
            {
              title: 'Tệp',
              render: (_, x) => (
                <Button type="link" size="small" onClick={() => setViewing(x)}>
                  {x.fileName}
                </Button>
              ),
            },
            {
              title: 'Số hóa',
              width: 150,
              render: (_, x) => (
                <Tag color={x.digitization >= 2 ? 'green' : 'default'}>
                  {vi.digitizationName[x.digitization]}
                </Tag>
              ),
            },
            { title: 'Bản', dataIndex: 'version', width: 50 },
            { title: 'Trang', dataIndex: 'pages', width: 60 },
          ]}
        />
        {props.canUpload && components.length > 0 ? (
          <Space wrap style={{ marginTop: 8 }}>
            {components.map((c) => (
              <Upload
                key={c.code}
                showUploadList={false}
                beforeUpload={uploadTo(c.code)}
                accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.xlsx"
              >
                <Button size="small" icon={<UploadOutlined />}>
                  Tải tệp: {c.name}
                </Button>
              </Upload>
            ))}
          </Space>
        ) : null}
      </Card>
      {viewing ? <DocumentViewer code={code} document={viewing} onClose={() => setViewing(null)} /> : null}
    </>
  );
}

/** A document shown in the page: images and PDF inline, anything else to download. */
function DocumentViewer(props: { code: string; document: DocumentView; onClose: () => void }) {
  const { document: doc } = props;
  const content = dossierUrl(props.code, `/documents/${doc.id}/content`);
  return (
    <Card
      size="small"
      title={`Xem: ${doc.fileName}`}
      extra={
        <Button size="small" onClick={props.onClose}>
          Đóng
        </Button>
      }
    >
      {doc.contentType.startsWith('image/') && doc.contentType !== 'image/tiff' ? (
        <img src={content} alt={doc.fileName} style={{ maxWidth: '100%' }} />
      ) : doc.contentType === 'application/pdf' ? (
        <iframe title={doc.fileName} src={content} style={{ width: '100%', height: 480, border: 0 }} />
      ) : (
        <a href={`${content}?download=1`}>Tải về</a>
      )}
    </Card>
  );
}
