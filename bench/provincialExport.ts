import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';

/**
 * A generated export in the layout of the shared provincial export (LAYOUT.md): one CSV per table,
 * UTF-8 with BOM, CRLF, RFC 4180 quoting; `n` dossiers of ten procedures received by some 600 units,
 * about six history rows each, two components, a payment request for one in two. With the layout's
 * quirks at the sample's rates: three time styles and `NULL` as text, `##` and comma-joined lists,
 * ids in either case, decomposed (NFD) names, soft-deleted rows, history written twice (the same
 * second or the next), born-deleted audit rows, statuses 1–10 with the odd 0, an impossible date,
 * an unknown procedure, history of a dossier the export lacks. Deterministic by seed. Attachment
 * paths are left empty (the files would be gigabytes): the check's file lookups are not measured.
 */
export async function writeProvincialExport(
  dir: string,
  n: number,
  seed = 20,
): Promise<{ units: string[]; procedures: string[] }> {
  await mkdir(dir, { recursive: true });
  let state = seed >>> 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const hex = (k: number) => Array.from({ length: k }, () => Math.floor(rand() * 16).toString(16)).join('');
  const guid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const p2 = (x: number) => String(x).padStart(2, '0');
  const style = (ms: number) => {
    const d = new Date(ms + 7 * 3_600_000);
    const [y, mo, da, h, mi, s] = [
      d.getUTCFullYear(),
      p2(d.getUTCMonth() + 1),
      p2(d.getUTCDate()),
      p2(d.getUTCHours()),
      p2(d.getUTCMinutes()),
      p2(d.getUTCSeconds()),
    ];
    const r = rand();
    if (r < 0.25) return `${y}-${mo}-${da}T${h}:${mi}:${s}`;
    if (r < 0.4) return `${y}-${mo}-${da} ${h}:${mi}:${s}.0000000`;
    return `${da}/${mo}/${y} ${h}:${mi}:${s}`;
  };
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

  const files: Record<string, { out: WriteStream; heading: string[] }> = {};
  const open = (name: string, heading: string[]) => {
    const out = createWriteStream(join(dir, `${name}.csv`));
    out.write(`\uFEFF${heading.join(',')}\r\n`);
    files[name] = { out, heading };
  };
  const write = async (name: string, row: Record<string, string>) => {
    const f = files[name] as { out: WriteStream; heading: string[] };
    if (!f.out.write(`${f.heading.map((h) => q(row[h] ?? '')).join(',')}\r\n`)) await once(f.out, 'drain');
  };

  const audit = ['CreatedBy', 'CreatedOn', 'LastModifiedBy', 'LastModifiedOn', 'DeletedOn', 'DeletedBy'];
  open('ThuTucs', ['Id', 'MaTTHC', 'TenTTHC', 'CapThucHien', ...audit]);
  open('HoSos', [
    'Id',
    'DonViId',
    'MaHoSo',
    'KenhThucHien',
    'LoaiDoiTuong',
    'ChuHoSo',
    'SoGiayToChuHoSo',
    'LoaiGiayToChuHoSo',
    'NgaySinhChuHoSo',
    'TinhThanhChuHoSo',
    'QuanHuyenChuHoSo',
    'XaPhuongChuHoSo',
    'DiaChiChuHoSo',
    'TrichYeuHoSo',
    'NgayTiepNhan',
    'NgayHenTra',
    'TrangThaiHoSoId',
    'NgayTra',
    'NgayKetThucXuLy',
    'NgayNopHoSo',
    'MaTTHC',
    'TenLinhVuc',
    'ThoiGianThucHien',
    'LoaiThoiGianThucHien',
    'NguoiNhanHoSo',
    'NguoiDaXuLy',
    'NguoiDangXuLy',
    'BuocHienTai',
    'TenBuocHienTai',
    'EFormData',
    'LyDoTuChoi',
    'LoaiKetQua',
    'DinhKemKetQua',
    ...audit,
  ]);
  open('QuaTrinhXuLyHoSos', [
    'Id',
    'MaHoSo',
    'ThoiGian',
    'TrangThai',
    'NodeQuyTrinh',
    'NguoiGui',
    'NguoiNhan',
    'ThaoTac',
    'NoiDung',
    'DinhKem',
    'TenNguoiGui',
    ...audit,
  ]);
  open('ThanhPhanHoSos', [
    'Id',
    'Ten',
    'HoSo',
    'SoBanChinh',
    'SoBanSao',
    'DinhKem',
    'TrangThaiSoHoa',
    ...audit,
  ]);
  open('YeuCauThanhToans', [
    'Id',
    'MaHoSo',
    'Ma',
    'SoTien',
    'Phi',
    'LePhi',
    'TrangThai',
    'NgayYeuCau',
    ...audit,
  ]);
  open('HoSoBoSungs', ['Id', 'MaHoSo', 'NoiDungBoSung', 'NgayBoSung', 'TrangThaiBoSung', ...audit]);
  open('KetQuaLienQuans', ['Id', 'MaHoSo', 'LoaiKetQua', 'SoKyHieu', 'NgayKy', ...audit]);

  const procedures = [
    ['1.001193.000.00.00.H56', 'Đăng ký khai sinh'],
    ['1.000656.000.00.00.H56', 'Đăng ký khai tử'],
    ['2.000488.000.00.00.H56', 'Cấp bản sao trích lục hộ tịch'],
    ['1.001776.000.00.00.H56', 'Đăng ký kết hôn'],
    ['2.001263.000.00.00.H56', 'Đăng ký nuôi con nuôi trong nước'],
    ['1.003560.000.00.00.H56', 'Cấp Giấy phép xây dựng'],
    ['1.004889.000.00.00.H56', 'Chứng thực bản sao'],
    ['1.007767.000.00.00.H56', 'Đăng ký hộ kinh doanh'],
    ['2.002621.H56', 'Trợ giúp xã hội'],
    ['1.001731.000.00.00.H56', 'Đăng ký thường trú'],
  ] as const;
  for (const [code, name] of procedures)
    await write('ThuTucs', {
      Id: guid(),
      MaTTHC: code,
      TenTTHC: name,
      CapThucHien: 'Cấp Xã',
      CreatedOn: '03/10/2023 09:00:00',
    });

  const units = Array.from({ length: 600 }, (_, i) => ({
    group: guid().toUpperCase(),
    eId: `000.${p2(i % 100)}.${30 + Math.floor(i / 100)}.H56`,
    district: String(380 + (i % 27)),
    commune: String(14755 + i * 3),
  }));
  const officers = Array.from({ length: 2400 }, () => guid());
  const names = [
    'Nguyễn Thị Mai',
    'Trần Văn Hùng',
    'Lê Thị Hoa',
    'Phạm Quốc Anh',
    'Hoàng Minh Đức',
    'Đỗ Thu Trang',
  ];
  const statuses = [1, 2, 4, 4, 4, 5, 6, 8, 9, 10, 10, 10, 10, 10, 10, 10, 3, 7];
  const start = Date.parse('2020-01-02T00:30:00Z');
  const span = Date.parse('2025-06-30T10:30:00Z') - start;
  const perDay = new Map<string, number>();

  for (let i = 0; i < n; i++) {
    const unit = pick(units);
    const received = start + Math.floor((i / n) * span) + Math.floor(rand() * 3_600_000);
    const day = new Date(received + 7 * 3_600_000).toISOString();
    const dayKey = `${unit.eId}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}`;
    const seq = (perDay.get(dayKey) ?? 0) + 1;
    perDay.set(dayKey, seq);
    const code = `${dayKey}-${String(seq).padStart(4, '0')}`;
    const [procedure] = rand() < 0.003 ? ['2.000488'] : pick(procedures);
    let status = String(pick(statuses));
    if (rand() < 0.001) status = '0';
    const due = received + (5 + Math.floor(rand() * 10)) * 86_400_000;
    const finished = ['3', '7', '9', '10'].includes(status);
    const ended = received + (3 + Math.floor(rand() * 14)) * 86_400_000;
    const deleted = rand() < 0.02;
    const name = rand() < 0.04 ? pick(names).normalize('NFD') : pick(names);
    const handlers = [pick(officers), pick(officers)].map((x) => (rand() < 0.05 ? x.toUpperCase() : x));
    await write('HoSos', {
      Id: guid(),
      DonViId: unit.group,
      MaHoSo: code,
      KenhThucHien: rand() < 0.4 ? '2' : rand() < 0.08 ? '3' : '1',
      LoaiDoiTuong: 'Công dân',
      ChuHoSo: name,
      SoGiayToChuHoSo: `0381${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
      LoaiGiayToChuHoSo: rand() < 0.1 ? 'Doanh nghi?p' : 'Công dân',
      NgaySinhChuHoSo: String(1950 + Math.floor(rand() * 55)),
      TinhThanhChuHoSo: '38',
      QuanHuyenChuHoSo: `38.${unit.district}`,
      XaPhuongChuHoSo: `38.${unit.district}.${unit.commune}`,
      DiaChiChuHoSo: `Số ${1 + Math.floor(rand() * 200)}, thôn ${1 + Math.floor(rand() * 9)}, "xóm mới"`,
      TrichYeuHoSo: 'Đề nghị giải quyết thủ tục\r\ntheo quy định',
      NgayTiepNhan: status === '1' || status === '3' ? '' : style(received),
      NgayHenTra: rand() < 0.003 ? '30/02/2025 16:30:00' : rand() < 0.01 ? 'NULL' : style(due),
      TrangThaiHoSoId: status,
      NgayTra: status === '10' ? style(ended + 3_600_000) : '',
      NgayKetThucXuLy: finished ? style(ended) : '',
      NgayNopHoSo: style(received),
      MaTTHC: procedure,
      TenLinhVuc: 'Hộ tịch',
      ThoiGianThucHien: String(8 * (5 + Math.floor(rand() * 10))),
      LoaiThoiGianThucHien: 'Ngày làm việc',
      NguoiNhanHoSo: handlers[0] as string,
      NguoiDaXuLy: (rand() < 0.05 ? handlers.join(', ') : `##${handlers.join('##')}`).toLowerCase(),
      NguoiDangXuLy: finished ? '' : (handlers[1] as string),
      BuocHienTai: guid(),
      TenBuocHienTai: finished ? 'Đã trả kết quả' : 'Thẩm định hồ sơ',
      EFormData: JSON.stringify({ hoTen: name, ghiChu: 'Ô "đặc biệt", có dấu phẩy' }),
      LyDoTuChoi: status === '3' && rand() < 0.5 ? 'Thu hồi: công dân xin rút' : '',
      LoaiKetQua: finished ? 'Kết quả' : '',
      DinhKemKetQua: '',
      CreatedOn: style(received),
      DeletedOn: deleted ? style(ended) : rand() < 0.5 ? '' : 'NULL',
    });

    const steps: [string, string][] = [
      ['Tiếp nhận hồ sơ', '2'],
      ['Chuyển thẩm định', '4'],
      ['Trình ký', '4'],
      ['Ký duyệt, chuyển văn thư', '9'],
      ['Đã trả kết quả', '10'],
    ];
    let at = received;
    const orphan = rand() < 0.002;
    for (const [label, to] of steps.slice(0, finished ? 5 : 1 + Math.floor(rand() * 3))) {
      const row = {
        Id: guid(),
        MaHoSo: orphan ? `${code.slice(0, -4)}9000` : code,
        ThoiGian: style(at),
        TrangThai: to,
        NguoiGui: pick(officers),
        NguoiNhan: `##${pick(officers)}`,
        ThaoTac: label,
        NoiDung: rand() < 0.3 ? 'Đồng ý, chuyển bước tiếp theo' : 'NULL',
        TenNguoiGui: pick(names),
        CreatedOn: style(at),
        DeletedOn: deleted ? style(at) : '',
      };
      await write('QuaTrinhXuLyHoSos', row);
      if (rand() < 0.03) await write('QuaTrinhXuLyHoSos', { ...row, Id: guid(), ThoiGian: style(at + 1000) });
      at += Math.floor(rand() * 2 * 86_400_000);
    }
    if (rand() < 0.15)
      await write('QuaTrinhXuLyHoSos', {
        Id: guid(),
        MaHoSo: code,
        ThoiGian: style(at),
        ThaoTac: 'Đặt lại hồ sơ quá hạn',
        CreatedOn: style(at),
        DeletedOn: style(at),
      });
    for (const component of ['Tờ khai', 'Bản sao giấy tờ tùy thân'])
      await write('ThanhPhanHoSos', {
        Id: guid(),
        Ten: component,
        HoSo: code,
        SoBanChinh: '1',
        SoBanSao: String(Math.floor(rand() * 3)),
        TrangThaiSoHoa: pick(['0', '1', '2']),
        CreatedOn: style(received),
        DeletedOn: rand() < 0.02 ? style(received) : '',
      });
    if (rand() < 0.5)
      await write('YeuCauThanhToans', {
        Id: guid(),
        MaHoSo: code,
        Ma: `${code}-20240101080000`,
        SoTien: '50000',
        Phi: '0',
        LePhi: '50000',
        TrangThai: pick(['Đã thanh toán', 'Chờ thanh toán', 'Hủy thanh toán']),
        NgayYeuCau: style(received),
        CreatedOn: style(received),
      });
    if (status === '5' || rand() < 0.05)
      await write('HoSoBoSungs', {
        Id: guid(),
        MaHoSo: code,
        NoiDungBoSung: 'Thiếu bản sao giấy khai sinh',
        NgayBoSung: style(received + 86_400_000),
        TrangThaiBoSung: 'Yêu cầu công dân bổ sung',
        CreatedOn: style(received + 86_400_000),
      });
  }
  for (const f of Object.values(files)) {
    f.out.end();
    await once(f.out, 'finish');
  }
  return { units: units.map((u) => u.group), procedures: procedures.map(([code]) => code) };
}
