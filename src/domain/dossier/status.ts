/**
 * Dossier statuses as the national portal (DVCQG) numbers them (DOMAIN §5.1). Payment, delivery,
 * digitization and sync are sub-states beside these, never extra statuses.
 */
export const Status = {
  submitted: 1, // Mới đăng ký
  received: 2, // Được tiếp nhận
  refused: 3, // Không được tiếp nhận
  processing: 4, // Đang xử lý
  supplement: 5, // Yêu cầu bổ sung giấy tờ
  financial: 6, // Yêu cầu thực hiện nghĩa vụ tài chính
  withdrawn: 7, // Công dân yêu cầu rút hồ sơ
  stopped: 8, // Dừng xử lý
  resolved: 9, // Đã xử lý xong
  returned: 10, // Đã trả kết quả
} as const;
export type DossierStatus = (typeof Status)[keyof typeof Status];

/** No move leaves these. */
export const terminalStatuses: readonly DossierStatus[] = [Status.refused, Status.withdrawn, Status.returned];

/** The groups statistics use (DOMAIN §5.1). */
export const statusGroups = {
  inProgress: [Status.received, Status.processing],
  finished: [Status.withdrawn, Status.resolved, Status.returned],
  paused: [Status.supplement, Status.financial, Status.stopped],
  received: [2, 4, 5, 6, 7, 8, 9, 10],
} as const;

/** How a dossier arrived (the national portal's KenhThucHien): at a counter, online, by post. */
export const Channel = { counter: 1, online: 2, postal: 3 } as const;
export type Channel = (typeof Channel)[keyof typeof Channel];
