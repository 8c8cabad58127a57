/** The web app's routes (Vietnamese slugs, as officials see them in the address bar). */
export const paths = {
  home: '/',
  provinces: '/don-vi-hanh-chinh',
  province: (code: string) => `/don-vi-hanh-chinh/${code}`,
  agencies: '/co-quan',
  agency: (code: string) => `/co-quan/${encodeURIComponent(code)}`,
  catalog: '/thu-tuc',
  procedure: (code: string) => `/thu-tuc/${code}`,
  completion: '/bao-cao/ty-le-trien-khai',
  readiness: '/bao-cao/san-sang',
  login: '/dang-nhap',
  citizen: '/cong-dan',
  myAccount: '/tai-khoan',
  accounts: '/quan-tri/tai-khoan',
  account: (id: string) => `/quan-tri/tai-khoan/${id}`,
  audit: '/quan-tri/nhat-ky',
};
