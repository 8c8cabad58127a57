import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';
import { SupportContacts } from './SupportContacts';

/** A screen that failed to draw: what happened, a way back, and whom to call for this area. */
export class ErrorScreen extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title="Màn hình gặp lỗi"
        subTitle={`${this.state.error.message}. Tải lại trang; nếu lỗi lặp lại, báo đầu mối hỗ trợ.`}
        extra={
          <>
            <Button type="primary" onClick={() => window.location.reload()}>
              Tải lại trang
            </Button>
            <SupportContacts />
          </>
        }
      />
    );
  }
}
