import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';

/**
 * Downloads the table on screen as Excel or CSV: the same filters go to the export route, which runs
 * the screen's own query, so the file holds exactly what the official may see.
 */
export function ExportButton({
  path,
  params,
}: {
  path: string;
  params: Record<string, string | number | undefined>;
}) {
  const href = (format: 'xlsx' | 'csv') => {
    const q = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
    return `${path}?${q}`;
  };
  return (
    <Dropdown
      menu={{
        items: [
          {
            key: 'xlsx',
            label: (
              <a href={href('xlsx')} download>
                Excel (.xlsx)
              </a>
            ),
          },
          {
            key: 'csv',
            label: (
              <a href={href('csv')} download>
                CSV (.csv)
              </a>
            ),
          },
        ],
      }}
    >
      <Button icon={<DownloadOutlined />}>Xuất dữ liệu</Button>
    </Dropdown>
  );
}
