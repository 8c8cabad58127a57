#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { environmentHelp, loadConfig, type Config } from './config.js';
import type { CommandArgs } from './cli/commandArgs.js';

const help = `motcua — Hệ thống thông tin giải quyết thủ tục hành chính tập trung

Cách dùng: motcua <lệnh> [tùy chọn]

Lệnh:
  serve            cập nhật cấu trúc CSDL, nạp dữ liệu nền nếu thay đổi, rồi phục vụ web và API
  migrate          chỉ cập nhật cấu trúc cơ sở dữ liệu
  seed [--force]   nạp dữ liệu nền (bản đồ hành chính, cơ quan); --force nạp lại dù không đổi
  demo [--seed N] [--days N] [--per-day N] [--until YYYY-MM-DD]
                   hệ thống mẫu sống động: tài khoản, triển khai mẫu và vài tuần hoạt động (mặc định
                   42 ngày, 4 hồ sơ mỗi thủ tục mỗi ngày làm việc tại mỗi cơ quan có cán bộ mẫu) tạo qua
                   chính các chức năng tiếp nhận, xử lý, trả kết quả, đánh giá; cùng hạt giống cho cùng
                   kết quả; từ chối (mã thoát 2) khi CSDL đã có hồ sơ hay tài khoản thật
  verify-audit     kiểm tra chuỗi băm của nhật ký, báo dòng đầu tiên bị sửa hoặc xóa
  check-indicators tính lại chỉ số từ nhật ký xử lý, so với số tổng hợp; mã thoát 3 nếu lệch
  rebuild-indicators
                   dựng lại số tổng hợp chỉ số từ nhật ký xử lý (khi hệ thống đang dừng)
  check-storage [--purge]
                   đối chiếu kho tệp với CSDL: tệp không có bản ghi, bản ghi mất tệp (mã thoát 3),
                   tệp hết thời hạn lưu trữ; --purge xóa các tệp hết hạn
  dispatch         chỉ chạy bộ gửi tin (outbox) tới các hệ thống bên ngoài, chạy song song nhiều tiến trình được
  reconcile --day YYYY-MM-DD
                   đối soát một ngày với Cổng DVCQG, gửi lại hồ sơ thiếu hoặc lệch
  create-admin --username TÊN --full-name "HỌ TÊN" --agency MÃ [--email THƯ]
                   tạo quản trị hệ thống đầu tiên (khi chưa có), in liên kết kích hoạt dùng một lần
                   để đặt mật khẩu và đăng ký xác thực hai lớp; không có mật khẩu mặc định
  import-agencies TỆP [--dry-run]
                   nhập danh mục mã định danh cơ quan (CSV hoặc Excel): --dry-run chỉ báo cáo từng
                   dòng sẽ thêm, sửa, đóng hay bị từ chối; nhập lại cùng tệp không thay đổi gì
  import-accounts TỆP [--dry-run]
                   nhập cán bộ và vai trò (CSV hoặc Excel): tài khoản mới không có mật khẩu, nhận liên
                   kết kích hoạt qua thư điện tử, SMS; nhập lại cùng tệp không thay đổi gì
  migrate-in plan THƯ_MỤC --province MÃ_TỈNH --out ÁNH_XẠ.json
                   lập bản nháp ánh xạ đơn vị → cơ quan (qua danh sách sắp xếp 2025), thủ tục → danh
                   mục, cán bộ → tài khoản; mục chưa ánh xạ được liệt kê trước, kèm gợi ý
  migrate-in check THƯ_MỤC --report BÁO_CÁO.json [--mapping ÁNH_XẠ.json] [--as-of YYYY-MM-DD]
                   kiểm tra bản xuất của hệ thống một cửa cấp tỉnh (không ghi gì): từng dòng sẽ nhập,
                   bỏ qua (đã xóa, trùng) hay bị từ chối và lý do; số liệu theo trạng thái để đối chiếu;
                   với ánh xạ: đơn vị, thủ tục chưa ánh xạ, hồ sơ phải ở lại hệ thống của tỉnh
  migrate-in run THƯ_MỤC --mapping ÁNH_XẠ.json --report BÁO_CÁO.json [--as-of YYYY-MM-DD]
                   nhập hồ sơ, quá trình xử lý, giấy tờ, kết quả theo lô; dừng giữa chừng thì chạy lại
                   để tiếp tục, chạy lại sau khi xong không thay đổi gì; bản xuất bổ sung chỉ nhập phần
                   mới, phần đổi; kết thúc bằng đối soát (mã thoát 4 nếu có chênh lệch chưa giải thích)
  migrate-in reconcile THƯ_MỤC --mapping ÁNH_XẠ.json --report BÁO_CÁO.json [--as-of YYYY-MM-DD]
                   đối soát bản xuất với dữ liệu đã nhập, không nhập gì
  migrate-in rollback MÃ_LẦN_CHẠY
                   gỡ trọn một lần nhập khi chưa có việc làm trên hồ sơ nào của nó
  backup-files --to THƯ_MỤC
                   chép sang bản sao thứ hai của kho tệp mọi tệp còn thiếu (kiểm lại băm khi chép)
  restore-drill --backup-config TỆP --target "YYYY-MM-DD HH:MM:SS+07" [--stanza motcua] [--into THƯ_MỤC] [--port N] [--files-copy THƯ_MỤC] [--keep]
                   diễn tập khôi phục: dựng cụm PostgreSQL mới từ bản sao lưu pgBackRest tới thời điểm
                   chỉ định, đối chiếu với CSDL đang chạy (DATABASE_URL), kiểm nhật ký, chỉ số, kho tệp
                   và bản sao của nó (mã thoát 3 nếu có sai lệch)
  rotate-link-key  đổi khóa ký đường dẫn tài liệu, kết quả trao cho Cổng DVCQG (đường dẫn cũ vẫn mở
                   được tới khi hết hạn; ghi nhật ký kiểm toán)
  simulate portal|population|sms|email|payment|postal|docmgmt|ereceipt|vneid|exchange|all [--port N] [--out TỆP]
                   chạy hệ thống mô phỏng (Cổng DVCQG, CSDL dân cư, SMS, hộp thư SMTP, thanh toán, bưu
                   chính, quản lý văn bản và ký số, VNeID); all: tất cả, dùng chung cho các nút của một
                   cụm; --out ghi cấu hình cho serve, dispatch vào tệp

Biến môi trường:
${environmentHelp()}
`;

type Command = (config: Config, args: CommandArgs) => Promise<void>;

/**
 * Every command, by name: one file each under src/cli/, loaded only when it runs (a command that
 * does not serve does not load the web server: `verify-audit` starts in a second, not three).
 */
const commands: Record<string, () => Promise<Command>> = {
  serve: () => import('./cli/serve.js').then((m) => (config) => m.serve(config)),
  migrate: () => import('./cli/migrateCommand.js').then((m) => m.migrateCommand),
  seed: () => import('./cli/seedCommand.js').then((m) => m.seedCommand),
  demo: () => import('./cli/demoCommand.js').then((m) => m.demoCommand),
  'verify-audit': () => import('./cli/verifyAuditCommand.js').then((m) => m.verifyAuditCommand),
  'check-indicators': () => import('./cli/checkIndicatorsCommand.js').then((m) => m.checkIndicatorsCommand),
  'check-storage': () => import('./cli/checkStorageCommand.js').then((m) => m.checkStorageCommand),
  'rebuild-indicators': () =>
    import('./cli/rebuildIndicatorsCommand.js').then((m) => m.rebuildIndicatorsCommand),
  dispatch: () => import('./cli/dispatchCommand.js').then((m) => m.dispatchCommand),
  reconcile: () => import('./cli/reconcileCommand.js').then((m) => m.reconcileCommand),
  simulate: () => import('./cli/simulateCommand.js').then((m) => m.simulateCommand),
  'import-agencies': () => import('./cli/importAgenciesCommand.js').then((m) => m.importAgenciesCommand),
  'create-admin': () => import('./cli/createAdminCommand.js').then((m) => m.createAdminCommand),
  'import-accounts': () => import('./cli/importAccountsCommand.js').then((m) => m.importAccountsCommand),
  'migrate-in': () => import('./cli/migrateInCommand.js').then((m) => m.migrateInCommand),
  'restore-drill': () => import('./cli/restoreDrillCommand.js').then((m) => m.restoreDrillCommand),
  'backup-files': () => import('./cli/backupFilesCommand.js').then((m) => m.backupFilesCommand),
  'rotate-link-key': () => import('./cli/rotateLinkKeyCommand.js').then((m) => m.rotateLinkKeyCommand),
};

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      force: { type: 'boolean' },
      purge: { type: 'boolean' },
      day: { type: 'string' },
      port: { type: 'string' },
      'dry-run': { type: 'boolean' },
      username: { type: 'string' },
      'full-name': { type: 'string' },
      agency: { type: 'string' },
      email: { type: 'string' },
      report: { type: 'string' },
      province: { type: 'string' },
      mapping: { type: 'string' },
      out: { type: 'string' },
      'as-of': { type: 'string' },
      'backup-config': { type: 'string' },
      stanza: { type: 'string' },
      target: { type: 'string' },
      into: { type: 'string' },
      keep: { type: 'boolean' },
      to: { type: 'string' },
      'files-copy': { type: 'string' },
      seed: { type: 'string' },
      days: { type: 'string' },
      'per-day': { type: 'string' },
      until: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(help);
    return;
  }
  const config = loadConfig();
  const args = { ...values, positionals };
  const load = commands[command];
  if (load) return (await load())(config, args);
  process.stderr.write(`Lệnh không hợp lệ: ${command}\n\n${help}`);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
