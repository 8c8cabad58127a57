import { Alert } from 'antd';
import type { ReactNode } from 'react';

/** In-app guidance at the top of a main screen: what the screen is for and how to work it by keyboard. */
export function Guide({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Alert
      type="info"
      showIcon
      closable
      style={{ marginBottom: 16 }}
      title={title}
      description={children}
      role="note"
      aria-label="Hướng dẫn"
    />
  );
}
