import { Result } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Me } from '../../../src/contracts/auth.js';
import type { Permission } from '../../../src/domain/access/roles.js';
import { can, useMe } from '../auth';
import { paths } from '../paths';
import { SupportContacts } from './SupportContacts';

/** Shows its children to a fully signed-in official with the permission; sends others where they belong. */
export function RequireStaff({
  permission,
  children,
}: {
  /** Absent: any official with a complete session. */
  permission?: Permission;
  children: (me: Me) => ReactNode;
}) {
  const me = useMe();
  const location = useLocation();
  if (me.isLoading) return null;
  if (!me.data)
    return <Navigate to={paths.login} replace state={{ from: location.pathname + location.search }} />;
  if (me.data.stage !== 'full') return <Navigate to={paths.myAccount} replace />;
  if (permission && !can(me.data, permission)) {
    return (
      <Result
        status="403"
        title="Không có quyền truy cập"
        subTitle="Vai trò hiện tại của bạn không bao gồm chức năng này."
        extra={<SupportContacts />}
      />
    );
  }
  return <>{children(me.data)}</>;
}
