import type { S3Settings } from './app/files/s3FileStore.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultBrandColor, type Brand } from './app/context.js';
import { vi } from './domain/i18n/vi.js';
import { z } from 'zod';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('cổng HTTP'),
  HOST: z.string().min(1).default('127.0.0.1').describe('địa chỉ lắng nghe'),
  DATA_DIR: z.string().min(1).default('./data').describe('thư mục CSDL nhúng PGlite'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .describe('dùng PostgreSQL thay cho CSDL nhúng, ví dụ postgres://user@host:5432/motcua'),
  DATABASE_PREPARE: z
    .enum(['true', 'false'])
    .default('true')
    .describe(
      'gửi câu lệnh SQL dạng prepared statement (đặt false khi đi qua PgBouncer chế độ transaction cũ hơn 1.21)',
    ),
  DATABASE_READ_URL: z
    .string()
    .url()
    .optional()
    .describe('bản sao chỉ đọc (standby) cho báo cáo, chỉ số, điều hành; màn hình báo độ trễ số liệu'),
  FILES_DIR: z.string().min(1).optional().describe('thư mục lưu tệp của hồ sơ (mặc định DATA_DIR/files)'),
  RESULT_SIGNING: z
    .enum(['local', 'docmgmt'])
    .default('local')
    .describe(
      'ký số kết quả tại hệ thống này bằng CA thử nghiệm cục bộ (local) hoặc qua hệ thống quản lý văn bản (docmgmt)',
    ),
  S3_ENDPOINT: z
    .string()
    .url()
    .optional()
    .describe(
      'kho đối tượng tương thích S3 thay cho FILES_DIR (cùng S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)',
    ),
  S3_REGION: z.string().min(1).default('us-east-1').describe('vùng của kho S3'),
  S3_BUCKET: z.string().min(1).optional().describe('bucket của kho S3'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional().describe('khóa truy cập kho S3'),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional().describe('khóa bí mật kho S3'),
  S3_PREFIX: z.string().default('').describe('tiền tố tên đối tượng trong kho S3'),
  RETENTION_YEARS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe('số năm giữ tệp của hồ sơ đã kết thúc (kết quả và Kho dữ liệu của công dân không bị xóa)'),
  PKI_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('thư mục CA thử nghiệm cục bộ và chứng thư của cán bộ (mặc định DATA_DIR/pki)'),
  TRUST_ANCHORS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('tệp PEM các chứng thư gốc tin cậy thêm khi xác minh chữ ký số kết quả'),
  BRAND_NAME: z
    .string()
    .min(1)
    .max(60)
    .optional()
    .describe('tên ngắn của hệ thống trên màn hình và phiếu in'),
  BRAND_TITLE: z.string().min(1).max(200).optional().describe('tên đầy đủ của hệ thống'),
  BRAND_BANNER: z
    .string()
    .min(1)
    .max(300)
    .optional()
    .describe('dòng thông báo dưới đầu trang (ví dụ: hệ thống thử nghiệm)'),
  BRAND_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional()
    .describe('màu đầu trang, dạng #rrggbb'),
  BRAND_LOGO: z.string().min(1).optional().describe('tệp logo PNG hoặc JPEG'),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe('địa chỉ công dân truy cập hệ thống, in trong mã QR của phiếu (mặc định theo yêu cầu)'),
  MAX_UPLOAD_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(20)
    .describe('dung lượng tối đa mỗi tệp tải lên (MB)'),
  LOG_LEVEL: LogLevel.default('info').describe('mức ghi nhật ký'),
  DEMO_ACCOUNTS: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'tạo tài khoản demo khi CSDL chưa có tài khoản (mặc định true với CSDL nhúng, false với DATABASE_URL)',
    ),
  DEMO_ACTIVITY: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      'lần khởi động đầu với tài khoản demo: tạo khoảng sáu tuần hoạt động mẫu (hồ sơ, xử lý, đánh giá, phản ánh) qua các chức năng thật',
    ),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15)
    .describe('phiên cán bộ hết hạn sau chừng này phút không thao tác'),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12)
    .describe('thời hạn tối đa của một phiên (giờ)'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true khi chạy sau proxy TLS (tin X-Forwarded-*, cookie Secure)'),
  // Requests a minute on the API: per signed-in account or API client, and per address for
  // anonymous callers (officials behind one NAT address each keep their own allowance).
  RATE_LIMIT_ACCOUNT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(10)
    .max(1_000_000)
    .default(1200)
    .describe('số yêu cầu API mỗi phút của một tài khoản hoặc hệ thống kết nối'),
  // Admission control of one node: requests handled at once, public first to be shed.
  ADMISSION_PUBLIC_CONCURRENT: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(16)
    .describe('số yêu cầu công khai (tra cứu, công dân) xử lý cùng lúc trên một nút; quá thì trả 503'),
  ADMISSION_WORK_CONCURRENT: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(48)
    .describe('số yêu cầu của cán bộ và hệ thống kết nối xử lý cùng lúc trên một nút'),
  ADMISSION_WORK_QUEUE: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(256)
    .describe('số yêu cầu của cán bộ được chờ khi đã đủ chỗ; quá thì trả 503'),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(10)
    .max(1_000_000)
    .default(600)
    .describe('số yêu cầu API mỗi phút của một địa chỉ chưa đăng nhập'),
  // Who may read /metrics: a bearer token, and/or addresses (default: this machine only).
  METRICS_TOKEN: z.string().min(16).optional().describe('mã (Bearer) được đọc /metrics'),
  METRICS_ALLOW: z
    .string()
    .optional()
    .describe('các địa chỉ được đọc /metrics, cách nhau bởi dấu phẩy (mặc định chỉ máy này)'),
  LOGIN_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(10)
    .describe('số lần đăng nhập mỗi phút của một địa chỉ'),
  OIDC_ISSUER: z
    .string()
    .url()
    .optional()
    .describe('nhà cung cấp định danh (VNeID) cho công dân; khi không đặt, chạy VNeID mô phỏng'),
  OIDC_CLIENT_ID: z.string().min(1).default('motcua').describe('mã ứng dụng tại nhà cung cấp định danh'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional().describe('khóa bí mật tại nhà cung cấp định danh'),
  VNEID_SIMULATOR_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe('cổng của VNeID mô phỏng (mặc định PORT+1)'),
  // The integration hub (issue 7): each system's address and secret; unset, a local simulator.
  DVCQG_URL: z
    .string()
    .url()
    .optional()
    .describe('Cổng DVCQG (đồng bộ hồ sơ); khi không đặt, chạy Cổng mô phỏng'),
  DVCQG_TOKEN: z.string().min(1).optional().describe('mã truy cập Cổng DVCQG'),
  DVCQG_EVENT_SECRET: z
    .string()
    .min(16)
    .optional()
    .describe(
      'khóa kiểm chữ ký các sự kiện Cổng DVCQG gửi đến (công dân bổ sung, rút hồ sơ, thanh toán, đánh giá, nhắn tin)',
    ),
  PORTAL_EVENT_WAIT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1440)
    .default(10)
    .describe('số phút một sự kiện từ Cổng chờ sự kiện trước nó còn thiếu, rồi được áp dụng'),
  SMS_URL: z.string().url().optional().describe('tổng đài SMS brandname; khi không đặt, chạy bản mô phỏng'),
  SMS_TOKEN: z.string().min(1).optional().describe('mã truy cập tổng đài SMS'),
  SMS_BRANDNAME: z.string().min(1).max(11).default('MOTCUA').describe('tên hiển thị của tin nhắn'),
  SMTP_HOST: z.string().min(1).optional().describe('máy chủ thư; khi không đặt, chạy hộp thư SMTP mô phỏng'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587).describe('cổng máy chủ thư'),
  SMTP_SECURE: z.enum(['true', 'false']).default('false').describe('kết nối TLS ngay từ đầu'),
  SMTP_USER: z.string().min(1).optional().describe('tài khoản máy chủ thư'),
  SMTP_PASSWORD: z.string().min(1).optional().describe('mật khẩu máy chủ thư'),
  MAIL_FROM: z.string().min(3).default('motcua <khong-tra-loi@motcua.local>').describe('địa chỉ gửi thư'),
  PAYMENT_URL: z.string().url().optional().describe('nền tảng thanh toán; khi không đặt, chạy bản mô phỏng'),
  PAYMENT_TOKEN: z.string().min(1).optional().describe('mã truy cập nền tảng thanh toán'),
  PAYMENT_SECRET: z
    .string()
    .min(16)
    .optional()
    .describe('khóa kiểm chữ ký lời gọi lại của nền tảng thanh toán'),
  POSTAL_URL: z.string().url().optional().describe('bưu chính công ích; khi không đặt, chạy bản mô phỏng'),
  POSTAL_TOKEN: z.string().min(1).optional().describe('mã truy cập bưu chính'),
  POSTAL_CALLBACK_TOKEN: z.string().min(16).optional().describe('mã của lời báo trạng thái từ bưu chính'),
  DOCMGMT_URL: z
    .string()
    .url()
    .optional()
    .describe('hệ thống quản lý văn bản, ký số (cấp số, ký kết quả); khi không đặt, chạy bản mô phỏng'),
  DOCMGMT_TOKEN: z.string().min(1).optional().describe('mã truy cập hệ thống quản lý văn bản'),
  DOCMGMT_SECRET: z
    .string()
    .min(16)
    .optional()
    .describe('khóa kiểm chữ ký lời gọi lại của hệ thống quản lý văn bản'),
  ERECEIPT_URL: z
    .string()
    .url()
    .optional()
    .describe('nhà cung cấp biên lai điện tử (phát hành, hủy, thay thế); khi không đặt, chạy bản mô phỏng'),
  ERECEIPT_TOKEN: z.string().min(1).optional().describe('mã truy cập nhà cung cấp biên lai điện tử'),
  EXCHANGE_URL: z
    .string()
    .url()
    .optional()
    .describe(
      'nền tảng liên thông với hệ thống khác (cư trú, bảo hiểm xã hội, thuế…); khi không đặt, chạy bản mô phỏng',
    ),
  EXCHANGE_TOKEN: z.string().min(1).optional().describe('mã truy cập nền tảng liên thông'),
  EXCHANGE_SECRET: z
    .string()
    .min(16)
    .optional()
    .describe('khóa kiểm chữ ký lời gọi lại của nền tảng liên thông'),
  POPULATION_URL: z
    .string()
    .url()
    .optional()
    .describe('CSDL quốc gia về dân cư; khi không đặt, chạy bản mô phỏng'),
  POPULATION_TOKEN: z.string().min(1).optional().describe('mã truy cập CSDL dân cư'),
  INTEGRATION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(10_000)
    .describe('thời gian chờ mỗi lần gọi hệ thống ngoài (ms)'),
  OUTBOX_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(40)
    .describe('số lần thử trước khi dừng gửi (40: khoảng 1,5 giờ)'),
  OUTBOX_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(3_600_000)
    .default(1_000)
    .describe('thời gian chờ thử lại ban đầu (ms)'),
  OUTBOX_RETRY_CAP_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(86_400_000)
    .default(300_000)
    .describe('thời gian chờ thử lại tối đa (ms)'),
  OUTBOX_WORKERS: z.coerce.number().int().min(1).max(64).default(4).describe('số luồng gửi tin'),
  DISPATCHER: z
    .enum(['true', 'false'])
    .default('true')
    .describe('gửi tin ngay trong tiến trình serve (false: chạy motcua dispatch riêng)'),
  SIMULATOR_BASE_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65000)
    .optional()
    .describe('cổng đầu của các hệ thống mô phỏng (mặc định PORT+10; 0: cổng bất kỳ)'),
});

/** The environment help: every variable of the schema, its description and default. */
export function environmentHelp(): string {
  return Object.entries(EnvSchema.shape)
    .map(([name, schema]) => {
      const fallback = schema instanceof z.ZodDefault ? ` (mặc định ${String(schema.def.defaultValue)})` : '';
      const values = enumValues(schema);
      return `  ${name.padEnd(32)}${values ? `${values}: ` : ''}${schema.description ?? ''}${fallback}`;
    })
    .join('\n');
}

/** The values an enumerated variable takes, as `a|b|c`. */
function enumValues(schema: z.ZodType): string | null {
  const inner =
    schema instanceof z.ZodDefault || schema instanceof z.ZodOptional ? schema.def.innerType : schema;
  return inner instanceof z.ZodEnum ? (inner.options as string[]).join('|') : null;
}

/** Where each external system is and how to reach it; a system left unset is simulated locally. */
export interface IntegrationConfig {
  /** `eventSecret`: what the portal signs the events it sends with (none: events are refused). */
  portal?: { url: string; token: string; eventSecret?: string };
  sms?: { url: string; token: string };
  email?: { host: string; port: number; secure: boolean; user?: string; password?: string };
  population?: { url: string; token: string };
  /** The payment platform; `secret` verifies its signed callbacks. */
  payment?: { url: string; token: string; secret: string };
  /** The document-management and signing system; `secret` verifies its signed callbacks. */
  docmgmt?: { url: string; token: string; secret: string };
  ereceipt?: { url: string; token: string };
  /** The inter-agency exchange platform; `secret` verifies its signed callbacks. */
  exchange?: { url: string; token: string; secret: string };
  /** The postal service; `callbackToken` authenticates its status reports. */
  postal?: { url: string; token: string; callbackToken: string };
  smsBrandname: string;
  mailFrom: string;
  timeoutMs: number;
  retry: { baseMs: number; capMs: number; maxAttempts: number };
  workers: number;
  /** Deliver the outbox inside the server process (else run `motcua dispatch` beside it). */
  dispatchInServer: boolean;
  /** First port of the local simulators (portal, population, SMS, SMTP, SMTP web, payment, postal, document management); 0: any free ports. */
  simulatorBasePort: number;
}

export interface Config {
  port: number;
  host: string;
  /** Folder of the embedded database; unused when databaseUrl is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Whether statements are prepared on PostgreSQL's connections (src/store/preparedStatements.ts). */
  databasePrepare: boolean;
  /** A standby that reports and exports read from (with DATABASE_URL only). */
  databaseReadUrl: string | undefined;
  /** Where document bytes are kept (default: DATA_DIR/files). */
  filesDir: string;
  /**
   * Who signs results: `local`, this system with the local test certificate authority kept in
   * `pkiDir` (development, trials); `docmgmt`, the document-management system.
   */
  resultSigning: 'local' | 'docmgmt';
  pkiDir: string;
  /** A PEM bundle of further trusted root certificates for verifying signed results. */
  trustAnchorsFile: string | undefined;
  /** Object storage for documents instead of FILES_DIR, when S3_ENDPOINT is set. */
  s3: S3Settings | undefined;
  /** Years the files of a closed dossier are kept (not results, not the citizens' warehouses). */
  retentionYears: number;
  maxUploadBytes: number;
  /** How long a portal event waits for a missing earlier one before it is applied anyway. */
  portalEventWaitMs: number;
  /** The address citizens reach the system at (QR codes on forms); default: each request's own. */
  publicUrl: string | undefined;
  brand: Brand;
  logLevel: z.infer<typeof LogLevel>;
  /** Create the demo accounts on an empty database (default: on the embedded database only). */
  demoAccounts: boolean;
  /** On the first start with demo accounts, weeks of activity generated through the use cases. */
  demoActivity: boolean;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* (client address, https for Secure cookies). */
  trustProxy: boolean;
  rateLimits: { accountPerMinute: number; anonymousPerMinute: number; loginPerMinute: number };
  admission: { publicConcurrent: number; workConcurrent: number; workQueue: number };
  metrics: { token: string | undefined; allow: string[] | undefined };
  /** Citizen sign-in: a real provider when OIDC_ISSUER is set, else the local VNeID simulator. */
  oidc:
    { issuer: string; clientId: string; clientSecret: string } | { simulatorPort: number; clientId: string };
  integrations: IntegrationConfig;
}

/** Reads the configuration from the environment; throws a readable message on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error('Cấu hình không hợp lệ (invalid configuration):\n' + lines.join('\n'));
  }
  const e = parsed.data;
  const paired: [string, string | undefined, string, string | undefined][] = [
    ['DVCQG_URL', e.DVCQG_URL, 'DVCQG_TOKEN', e.DVCQG_TOKEN],
    ['SMS_URL', e.SMS_URL, 'SMS_TOKEN', e.SMS_TOKEN],
    ['POPULATION_URL', e.POPULATION_URL, 'POPULATION_TOKEN', e.POPULATION_TOKEN],
    ['PAYMENT_URL', e.PAYMENT_URL, 'PAYMENT_TOKEN', e.PAYMENT_TOKEN],
    ['PAYMENT_URL', e.PAYMENT_URL, 'PAYMENT_SECRET', e.PAYMENT_SECRET],
    ['POSTAL_URL', e.POSTAL_URL, 'POSTAL_TOKEN', e.POSTAL_TOKEN],
    ['DOCMGMT_URL', e.DOCMGMT_URL, 'DOCMGMT_TOKEN', e.DOCMGMT_TOKEN],
    ['DOCMGMT_URL', e.DOCMGMT_URL, 'DOCMGMT_SECRET', e.DOCMGMT_SECRET],
    ['POSTAL_URL', e.POSTAL_URL, 'POSTAL_CALLBACK_TOKEN', e.POSTAL_CALLBACK_TOKEN],
    ['ERECEIPT_URL', e.ERECEIPT_URL, 'ERECEIPT_TOKEN', e.ERECEIPT_TOKEN],
    ['EXCHANGE_URL', e.EXCHANGE_URL, 'EXCHANGE_TOKEN', e.EXCHANGE_TOKEN],
    ['EXCHANGE_URL', e.EXCHANGE_URL, 'EXCHANGE_SECRET', e.EXCHANGE_SECRET],
  ];
  for (const [urlName, url, tokenName, token] of paired)
    if (url && !token)
      throw new Error(
        `Cấu hình không hợp lệ (invalid configuration):\n  ${tokenName}: required with ${urlName}`,
      );
  if (e.OIDC_ISSUER && !e.OIDC_CLIENT_SECRET) {
    throw new Error(
      'Cấu hình không hợp lệ (invalid configuration):\n  OIDC_CLIENT_SECRET: required with OIDC_ISSUER',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePrepare: e.DATABASE_PREPARE === 'true',
    databaseReadUrl: e.DATABASE_URL ? e.DATABASE_READ_URL : undefined,
    filesDir: resolve(e.FILES_DIR ?? `${e.DATA_DIR}/files`),
    resultSigning: e.RESULT_SIGNING,
    s3: e.S3_ENDPOINT
      ? {
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          bucket: e.S3_BUCKET ?? 'motcua',
          accessKeyId: e.S3_ACCESS_KEY_ID ?? '',
          secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? '',
          prefix: e.S3_PREFIX,
        }
      : undefined,
    retentionYears: e.RETENTION_YEARS,
    pkiDir: resolve(e.PKI_DIR ?? `${e.DATA_DIR}/pki`),
    trustAnchorsFile: e.TRUST_ANCHORS_FILE ? resolve(e.TRUST_ANCHORS_FILE) : undefined,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    portalEventWaitMs: e.PORTAL_EVENT_WAIT_MINUTES * 60_000,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    brand: brandOf(e),
    logLevel: e.LOG_LEVEL,
    demoAccounts: e.DEMO_ACCOUNTS === undefined ? e.DATABASE_URL === undefined : e.DEMO_ACCOUNTS === 'true',
    demoActivity: e.DEMO_ACTIVITY === 'true',
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    trustProxy: e.TRUST_PROXY === 'true',
    metrics: {
      token: e.METRICS_TOKEN,
      allow: e.METRICS_ALLOW?.split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    },
    admission: {
      publicConcurrent: e.ADMISSION_PUBLIC_CONCURRENT,
      workConcurrent: e.ADMISSION_WORK_CONCURRENT,
      workQueue: e.ADMISSION_WORK_QUEUE,
    },
    rateLimits: {
      accountPerMinute: e.RATE_LIMIT_ACCOUNT_PER_MINUTE,
      anonymousPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      loginPerMinute: e.LOGIN_PER_MINUTE,
    },
    oidc: e.OIDC_ISSUER
      ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET ?? '' }
      : {
          simulatorPort: e.VNEID_SIMULATOR_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
          clientId: e.OIDC_CLIENT_ID,
        },
    integrations: {
      ...(e.DVCQG_URL
        ? {
            portal: {
              url: e.DVCQG_URL.replace(/\/$/, ''),
              token: e.DVCQG_TOKEN ?? '',
              ...(e.DVCQG_EVENT_SECRET ? { eventSecret: e.DVCQG_EVENT_SECRET } : {}),
            },
          }
        : {}),
      ...(e.SMS_URL ? { sms: { url: e.SMS_URL.replace(/\/$/, ''), token: e.SMS_TOKEN ?? '' } } : {}),
      ...(e.SMTP_HOST
        ? {
            email: {
              host: e.SMTP_HOST,
              port: e.SMTP_PORT,
              secure: e.SMTP_SECURE === 'true',
              ...(e.SMTP_USER ? { user: e.SMTP_USER } : {}),
              ...(e.SMTP_PASSWORD ? { password: e.SMTP_PASSWORD } : {}),
            },
          }
        : {}),
      ...(e.POPULATION_URL
        ? { population: { url: e.POPULATION_URL.replace(/\/$/, ''), token: e.POPULATION_TOKEN ?? '' } }
        : {}),
      ...(e.PAYMENT_URL
        ? {
            payment: {
              url: e.PAYMENT_URL.replace(/\/$/, ''),
              token: e.PAYMENT_TOKEN ?? '',
              secret: e.PAYMENT_SECRET ?? '',
            },
          }
        : {}),
      ...(e.POSTAL_URL
        ? {
            postal: {
              url: e.POSTAL_URL.replace(/\/$/, ''),
              token: e.POSTAL_TOKEN ?? '',
              callbackToken: e.POSTAL_CALLBACK_TOKEN ?? '',
            },
          }
        : {}),
      ...(e.DOCMGMT_URL
        ? {
            docmgmt: {
              url: e.DOCMGMT_URL.replace(/\/$/, ''),
              token: e.DOCMGMT_TOKEN ?? '',
              secret: e.DOCMGMT_SECRET ?? '',
            },
          }
        : {}),
      ...(e.ERECEIPT_URL
        ? { ereceipt: { url: e.ERECEIPT_URL.replace(/\/$/, ''), token: e.ERECEIPT_TOKEN ?? '' } }
        : {}),
      ...(e.EXCHANGE_URL
        ? {
            exchange: {
              url: e.EXCHANGE_URL.replace(/\/$/, ''),
              token: e.EXCHANGE_TOKEN ?? '',
              secret: e.EXCHANGE_SECRET ?? '',
            },
          }
        : {}),
      smsBrandname: e.SMS_BRANDNAME,
      mailFrom: e.MAIL_FROM,
      timeoutMs: e.INTEGRATION_TIMEOUT_MS,
      retry: {
        baseMs: e.OUTBOX_RETRY_BASE_MS,
        capMs: e.OUTBOX_RETRY_CAP_MS,
        maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      },
      workers: e.OUTBOX_WORKERS,
      dispatchInServer: e.DISPATCHER === 'true',
      simulatorBasePort: e.SIMULATOR_BASE_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 10),
    },
  };
}

/** The installation's brand from BRAND_*, the product's own name and colour by default. */
function brandOf(e: z.infer<typeof EnvSchema>): Brand {
  const logo = e.BRAND_LOGO ? readFileSync(resolve(e.BRAND_LOGO)) : null;
  const type = logo?.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    ? 'image/png'
    : logo?.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))
      ? 'image/jpeg'
      : null;
  if (logo && !type) throw new Error(`BRAND_LOGO: ${e.BRAND_LOGO} không phải ảnh PNG hoặc JPEG`);
  return {
    name: e.BRAND_NAME ?? vi.productName,
    title: e.BRAND_TITLE ?? vi.productTitle,
    banner: e.BRAND_BANNER ?? null,
    color: e.BRAND_COLOR ?? defaultBrandColor,
    logo: logo && type ? { bytes: logo, type } : null,
  };
}
