import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../src/contracts/auth.js';
import { roleDefinitions, type Permission } from '../../src/domain/access/roles.js';
import { ApiError, api, ok } from './api';

/** The signed-in official, or null. Every screen reads the session from here. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await ok(api.GET('/api/v1/me'));
      } catch (e) {
        if (e instanceof ApiError && e.problem.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

/**
 * Whether any grant in force gives the permission (the server still decides; this only shapes the
 * menu). A session still changing its password or enrolling its second factor can do neither yet.
 */
export function can(me: Me | null | undefined, permission: Permission): boolean {
  if (me?.stage !== 'full') return false;
  return me.grants.some((g) => roleDefinitions[g.role].permissions.includes(permission));
}

/**
 * Whether the official administers this ministry's catalog (a system administrator, or the
 * ministry's own administrator). The server still decides; this shapes the screen.
 */
export function managesCatalogOf(me: Me | null | undefined, ministry: string): boolean {
  return (me?.grants ?? []).some(
    (g) => g.role === 'system_admin' || (g.role === 'ministry_admin' && g.agency.code === ministry),
  );
}

/** After a sign-in, password change or second-factor step: drop cached per-user data. */
export function useSessionChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries();
}
