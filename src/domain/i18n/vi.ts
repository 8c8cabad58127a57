import type { AgencyKind } from '../agencies/agency.js';
import type { AdminUnitKind, AdminUnitLevel } from '../places/adminUnit.js';

/** The Vietnamese message catalog: every user-facing word of the server and the web app. */
export const vi = {
  productName: 'Một cửa',
  productTitle: 'Hệ thống thông tin giải quyết thủ tục hành chính tập trung',
  adminUnitLevel: {
    province: 'Tỉnh, thành phố',
    commune: 'Xã, phường, đặc khu',
  } satisfies Record<AdminUnitLevel, string>,
  adminUnitKind: {
    tinh: 'Tỉnh',
    thanh_pho: 'Thành phố',
    xa: 'Xã',
    phuong: 'Phường',
    dac_khu: 'Đặc khu',
  } satisfies Record<AdminUnitKind, string>,
  agencyKind: {
    ministry: 'Bộ, cơ quan ngang bộ',
    ministry_unit: 'Đơn vị thuộc bộ',
    province_committee: 'UBND cấp tỉnh',
    department: 'Sở, ban, ngành',
    province_service_center: 'Trung tâm PVHCC cấp tỉnh',
    commune_committee: 'UBND cấp xã',
    commune_service_center: 'Trung tâm PVHCC cấp xã',
    vertical_agency: 'Cơ quan ngành dọc',
  } satisfies Record<AgencyKind, string>,
  mergeType: { full: 'Toàn bộ', partial: 'Một phần' },
  problem: {
    validation: 'Dữ liệu gửi lên không hợp lệ',
    malformedJson: 'Nội dung JSON không đúng cú pháp',
    bodyTooLarge: 'Nội dung gửi lên quá lớn',
    unsupportedMediaType: 'Kiểu nội dung không được hỗ trợ',
    notFound: 'Không tìm thấy',
    routeNotFound: 'Không tìm thấy đường dẫn',
    methodNotAllowed: 'Phương thức không được hỗ trợ',
    tooManyRequests: 'Quá nhiều yêu cầu, vui lòng thử lại sau',
    badCursor: 'Con trỏ phân trang không hợp lệ',
    internal: 'Lỗi hệ thống, vui lòng thử lại sau',
    notReady: 'Hệ thống chưa sẵn sàng',
  },
  detail: {
    adminUnitNotFound: (code: string) => `Không có đơn vị hành chính mã ${code}`,
    agencyNotFound: (code: string) => `Không có cơ quan mã định danh ${code}`,
    routeNotFound: (method: string, url: string) => `Không có ${method} ${url}`,
  },
} as const;
