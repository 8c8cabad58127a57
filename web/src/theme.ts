import type { ThemeConfig } from 'antd';

/**
 * The colours of every screen, chosen to pass WCAG 2 AA contrast (4.5:1 for text) on white and on
 * the light backgrounds Ant Design puts behind text. Ant Design's defaults do not: its secondary
 * text (#8c8c8c, 3.4:1), placeholders and empty-table text (#bfbfbf, 1.8:1), links (#1677ff,
 * 4.1:1), danger text (#ff4d4f, 3.3:1) and tag text (green-7 on green-1, 3.4:1) fail, so counter
 * staff working under bright light, and older officials, could not read them. Checked by axe-core
 * in the browser tests of every main screen.
 */

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#b71c1c',
    colorLink: '#0050b3',
    colorLinkHover: '#003a8c',
    colorLinkActive: '#002766',
    // Darker state colours for text, with Ant Design's usual light backgrounds kept (a dark seed
    // would otherwise derive a grey background for alerts and tags).
    colorError: '#c41d1d',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    colorWarning: '#874d00',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6e6e6e',
    colorTextQuaternary: '#6e6e6e',
    borderRadius: 6,
  },
};
