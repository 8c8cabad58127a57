/**
 * A tab opened at once, while the click still counts as the user's (browsers block a tab opened
 * after a slow request), pointed at its document once that exists: the receipt after an intake,
 * the supplement form after the request. Without the tab (blocked anyway), it tries once more.
 */
export function pendingTab(): { show(url: string): void; close(): void } {
  const tab = window.open('about:blank', '_blank');
  if (tab) tab.opener = null;
  return {
    show: (url) => {
      if (tab && !tab.closed) tab.location.href = url;
      else if (!tab) window.open(url, '_blank', 'noopener');
    },
    close: () => tab?.close(),
  };
}
