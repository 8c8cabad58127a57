import {
  AlertOutlined,
  ApartmentOutlined,
  CalendarOutlined,
  AuditOutlined,
  BarChartOutlined,
  CheckCircleOutlined,
  EnvironmentOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FolderOpenOutlined,
  FormOutlined,
  HomeOutlined,
  IdcardOutlined,
  MessageOutlined,
  NotificationOutlined,
  CustomerServiceOutlined,
  ExperimentOutlined,
  ApiOutlined,
  DashboardOutlined,
  QuestionCircleOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Alert, Badge, Button, Dropdown, Layout, Menu, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { api, ok, csrfHeader } from './api';
import { can, useMe, useSessionChanged } from './auth';
import { AccountPage } from './pages/AccountPage';
import { AccountsPage } from './pages/AccountsPage';
import { AuditPage } from './pages/AuditPage';
import { CatalogPage } from './pages/CatalogPage';
import { CompletionPage } from './pages/CompletionPage';
import { ReadinessPage } from './pages/ReadinessPage';
import { CalendarPage } from './pages/CalendarPage';
import { ProcedurePage } from './pages/ProcedurePage';
// The editors carry the diagram library: loaded when first opened, not with every screen.
const VersionPage = lazy(() => import('./pages/VersionPage').then((m) => ({ default: m.VersionPage })));
const BindingPage = lazy(() => import('./pages/BindingPage').then((m) => ({ default: m.BindingPage })));
import { CitizenPage } from './pages/CitizenPage';
import { DossierPage } from './pages/DossierPage';
import { HelpPage } from './pages/HelpPage';
import { IntakePage } from './pages/IntakePage';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { IndicatorsPage } from './pages/IndicatorsPage';
import { SteeringPage } from './pages/SteeringPage';
import { FeedbackPage } from './pages/FeedbackPage';
import { MonthlyReportsPage } from './pages/MonthlyReportsPage';
import { PublicStatusPage } from './pages/PublicStatusPage';
import { VerifyResultPage } from './pages/VerifyResultPage';
import { WorklistPage } from './pages/WorklistPage';
import { LoginPage } from './pages/LoginPage';
import { MyAccountPage } from './pages/MyAccountPage';
import { vi } from '../../src/domain/i18n/vi.js';
import { AgenciesPage } from './pages/AgenciesPage';
import { AgencyPage } from './pages/AgencyPage';
import { AgencyImportPage } from './pages/agencies/AgencyImportPage';
import { MigrationMappingPage } from './pages/agencies/MigrationMappingPage';
import { MigrationRunsPage } from './pages/agencies/MigrationRunsPage';
import { ActivationPage } from './pages/ActivationPage';
import { AccountImportPage } from './pages/AccountImportPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProvincePage } from './pages/ProvincePage';
import { ProvincesPage } from './pages/ProvincesPage';
import { paths } from './paths';
import { AnnouncementsPage } from './pages/announcements/AnnouncementsPage';
import { IncidentsPage } from './pages/support/IncidentsPage';
import { PracticePage } from './pages/PracticePage';
import { MaintenanceBanner } from './components/MaintenanceBanner';
import { UnreadNotices } from './components/UnreadNotices';
import { ErrorScreen } from './components/ErrorScreen';

const { Header, Sider, Content, Footer } = Layout;

const publicItems = [
  { key: paths.home, icon: <HomeOutlined />, label: <Link to={paths.home}>Tổng quan</Link> },
  {
    key: paths.provinces,
    icon: <EnvironmentOutlined />,
    label: <Link to={paths.provinces}>Đơn vị hành chính</Link>,
  },
  {
    key: paths.agencies,
    icon: <ApartmentOutlined />,
    label: <Link to={paths.agencies}>Cơ quan, đơn vị</Link>,
  },
  {
    key: paths.catalog,
    icon: <FileTextOutlined />,
    label: <Link to={paths.catalog}>Thủ tục hành chính</Link>,
  },
  {
    key: paths.completion,
    icon: <BarChartOutlined />,
    label: <Link to={paths.completion}>Tỷ lệ triển khai</Link>,
  },
  {
    key: paths.calendar,
    icon: <CalendarOutlined />,
    label: <Link to={paths.calendar}>Lịch làm việc, thời hạn</Link>,
  },
  { key: paths.citizen, icon: <IdcardOutlined />, label: <Link to={paths.citizen}>Dành cho công dân</Link> },
  {
    key: paths.publicStatus,
    icon: <SearchOutlined />,
    label: <Link to={paths.publicStatus}>Tra cứu hồ sơ</Link>,
  },
  {
    key: paths.verifyResult,
    icon: <SafetyCertificateOutlined />,
    label: <Link to={paths.verifyResult}>Xác minh văn bản</Link>,
  },
];
const helpItem = {
  key: paths.help,
  icon: <QuestionCircleOutlined />,
  label: <Link to={paths.help}>Hướng dẫn sử dụng</Link>,
};
const docsItem = {
  key: '/api/docs',
  icon: <ReadOutlined />,
  label: (
    <a href="/api/docs" target="_blank" rel="noreferrer">
      Tài liệu API
    </a>
  ),
};

export function App() {
  const { pathname } = useLocation();
  const me = useMe().data;
  const receives = (me?.grants ?? []).some((g) => g.role === 'receiver');
  const staff = me?.stage === 'full';
  const branding = useQuery({
    queryKey: ['branding'],
    queryFn: () => ok(api.GET('/api/v1/branding')),
    staleTime: Infinity,
  });
  const brand = branding.data ?? {
    name: vi.productName,
    title: vi.productTitle,
    color: '#b71c1c',
    banner: null,
  };
  useEffect(() => {
    document.title = `${brand.name} — ${brand.title}`;
  }, [brand.name, brand.title]);
  const unread = useQuery({
    queryKey: ['announcements', 'unread'],
    queryFn: () => ok(api.GET('/api/v1/announcements', { params: { query: { unread: 'true' } } })),
    enabled: staff,
  });
  const menuItems = [
    ...(staff
      ? [
          {
            key: paths.announcements,
            icon: <NotificationOutlined />,
            label: (
              <Link to={paths.announcements}>
                Thông báo <Badge count={unread.data?.items.length ?? 0} size="small" />
              </Link>
            ),
          },
        ]
      : []),
    ...(receives
      ? [{ key: paths.intake, icon: <FormOutlined />, label: <Link to={paths.intake}>Tiếp nhận hồ sơ</Link> }]
      : []),
    ...(can(me, 'dossier.read')
      ? [
          {
            key: paths.dossiers,
            icon: <FolderOpenOutlined />,
            label: <Link to={paths.dossiers}>Hồ sơ</Link>,
          },
          {
            key: paths.steering,
            icon: <AlertOutlined />,
            label: <Link to={paths.steering}>Điều hành</Link>,
          },
          {
            key: paths.monthlyReports,
            icon: <FileDoneOutlined />,
            label: <Link to={paths.monthlyReports}>Báo cáo tháng</Link>,
          },
          {
            key: paths.feedback,
            icon: <MessageOutlined />,
            label: <Link to={paths.feedback}>Phản ánh, kiến nghị</Link>,
          },
          {
            key: paths.indicators,
            icon: <DashboardOutlined />,
            label: <Link to={paths.indicators}>Chỉ số phục vụ</Link>,
          },
        ]
      : []),
    ...publicItems,
    ...(can(me, 'account.read')
      ? [
          {
            key: paths.accounts,
            icon: <TeamOutlined />,
            label: <Link to={paths.accounts}>Tài khoản, phân quyền</Link>,
          },
        ]
      : []),
    ...(can(me, 'account.read')
      ? [
          {
            key: paths.readiness,
            icon: <CheckCircleOutlined />,
            label: <Link to={paths.readiness}>Sẵn sàng triển khai</Link>,
          },
        ]
      : []),
    ...(can(me, 'binding.manage') || receives
      ? [
          {
            key: paths.practice,
            icon: <ExperimentOutlined />,
            label: <Link to={paths.practice}>Thử nghiệm, đào tạo</Link>,
          },
        ]
      : []),
    ...(can(me, 'audit.read')
      ? [{ key: paths.audit, icon: <AuditOutlined />, label: <Link to={paths.audit}>Nhật ký</Link> }]
      : []),
    ...(can(me, 'integration.manage')
      ? [
          {
            key: paths.integrations,
            icon: <ApiOutlined />,
            label: <Link to={paths.integrations}>Trục tích hợp</Link>,
          },
        ]
      : []),
    ...(staff
      ? [
          {
            key: paths.incidents,
            icon: <CustomerServiceOutlined />,
            label: <Link to={paths.incidents}>Hỗ trợ, sự cố</Link>,
          },
        ]
      : []),
    helpItem,
    docsItem,
  ];
  const selected = menuItems.map((i) => i.key).find((k) => k !== '/' && pathname.startsWith(k)) ?? '/';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, background: brand.color, paddingInline: 24 }}
      >
        {branding.data?.logo && <img src="/api/v1/branding/logo" alt="" style={{ height: 40 }} />}
        <Link to="/" style={{ color: '#fff', fontSize: 20, fontWeight: 700, whiteSpace: 'nowrap' }}>
          {brand.name}
        </Link>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', flex: 1 }} ellipsis>
          {brand.title}
        </Typography.Text>
        <UserMenu />
      </Header>
      <Layout>
        <Sider width={220} theme="light" breakpoint="lg" collapsedWidth={64}>
          <nav aria-label="Điều hướng chính">
            <Menu mode="inline" selectedKeys={[selected]} items={menuItems} style={{ borderInlineEnd: 0 }} />
          </nav>
        </Sider>
        <Content style={{ padding: 24 }}>
          {brand.banner && <Alert banner type="info" title={brand.banner} style={{ marginBottom: 12 }} />}
          <MaintenanceBanner />
          {staff && me && <UnreadNotices me={me} />}
          <main>
            <ErrorScreen key={pathname}>
              <Suspense fallback={<Spin aria-label="Đang tải" />}>
                <Routes>
                  <Route path={paths.home} element={<HomePage />} />
                  <Route path={paths.provinces} element={<ProvincesPage />} />
                  <Route path="/don-vi-hanh-chinh/:code" element={<ProvincePage />} />
                  <Route path={paths.agencies} element={<AgenciesPage />} />
                  <Route path={paths.agencyImport} element={<AgencyImportPage />} />
                  <Route path={paths.migrationMapping} element={<MigrationMappingPage />} />
                  <Route path={paths.migrationRuns} element={<MigrationRunsPage />} />
                  <Route path="/co-quan/:code" element={<AgencyPage />} />
                  <Route path={paths.login} element={<LoginPage />} />
                  <Route path="/kich-hoat/:token" element={<ActivationPage />} />
                  <Route path={paths.citizen} element={<CitizenPage />} />
                  <Route path={paths.catalog} element={<CatalogPage />} />
                  <Route path={paths.completion} element={<CompletionPage />} />
                  <Route path={paths.readiness} element={<ReadinessPage />} />
                  <Route path={paths.indicators} element={<IndicatorsPage />} />
                  <Route path={paths.steering} element={<SteeringPage />} />
                  <Route path={paths.feedback} element={<FeedbackPage />} />
                  <Route path={paths.monthlyReports} element={<MonthlyReportsPage />} />
                  <Route path={paths.calendar} element={<CalendarPage />} />
                  <Route path="/thu-tuc/:code" element={<ProcedurePage />} />
                  <Route path="/thu-tuc/:code/phien-ban/:version" element={<VersionPage />} />
                  <Route path="/thu-tuc/:code/phien-ban/:version/gan-quy-trinh" element={<BindingPage />} />
                  <Route path={paths.myAccount} element={<MyAccountPage />} />
                  <Route path={paths.accounts} element={<AccountsPage />} />
                  <Route path={paths.accountImport} element={<AccountImportPage />} />
                  <Route path="/quan-tri/tai-khoan/:id" element={<AccountPage />} />
                  <Route path={paths.audit} element={<AuditPage />} />
                  <Route path={paths.integrations} element={<IntegrationsPage />} />
                  <Route path={paths.intake} element={<IntakePage />} />
                  <Route path={paths.dossiers} element={<WorklistPage />} />
                  <Route path="/ho-so/:code" element={<DossierPage />} />
                  <Route path={paths.publicStatus} element={<PublicStatusPage />} />
                  <Route path={paths.help} element={<HelpPage />} />
                  <Route path={paths.announcements} element={<AnnouncementsPage />} />
                  <Route path={paths.incidents} element={<IncidentsPage />} />
                  <Route path={paths.practice} element={<PracticePage />} />
                  <Route path="/tra-cuu/:code" element={<PublicStatusPage />} />
                  <Route path={paths.verifyResult} element={<VerifyResultPage />} />
                  <Route path="/xac-minh/:code" element={<VerifyResultPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </Suspense>
            </ErrorScreen>
          </main>
        </Content>
      </Layout>
      <Footer style={{ textAlign: 'center', padding: '12px 24px', color: '#666' }}>
        Dữ liệu đơn vị hành chính theo sắp xếp có hiệu lực từ 01/07/2025 — 34 tỉnh, thành phố và 3.321 xã,
        phường, đặc khu.
      </Footer>
    </Layout>
  );
}

/** The signed-in official's name with account and sign-out, or the sign-in button. */
function UserMenu() {
  const me = useMe().data;
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  if (!me) {
    return (
      <Link to={paths.login}>
        <Button icon={<UserOutlined />}>Đăng nhập</Button>
      </Link>
    );
  }
  const logout = async () => {
    await ok(api.POST('/api/v1/auth/logout', { headers: { ...csrfHeader(me.csrfToken) } }));
    await sessionChanged();
    navigate(paths.home);
  };
  return (
    <Dropdown
      menu={{
        items: [
          { key: 'me', label: <Link to={paths.myAccount}>Tài khoản của tôi</Link> },
          { key: 'logout', label: 'Đăng xuất', onClick: () => void logout() },
        ],
      }}
    >
      <Button icon={<UserOutlined />} aria-label={`Tài khoản: ${me.fullName}`}>
        {me.fullName}
      </Button>
    </Dropdown>
  );
}
