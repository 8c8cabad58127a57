import { searchKey } from '../text/searchKey.js';
import { isBlank, nationalProcedureCode, valueOf } from './sourceValues.js';

/** A source unit (Catalog.Groups) as the mapping needs it. */
export interface SourceUnit {
  groupCode: string;
  name: string;
  /** so-ban-nganh, quan-huyen, xa-phuong, cnvpdk. */
  catalog: string;
  /** The e-ID code as the source wrote it (`000.00.00.H56`, `H56.14`), if any. */
  eId: string | null;
  /** Pre-2025 GSO codes: district (3 digits) and commune (5 digits). */
  district: string | null;
  commune: string | null;
}

export interface SourceProcedure {
  code: string;
  name: string;
}

export interface SourceOfficial {
  id: string;
  userName: string;
  fullName: string;
  groupCode: string;
  idNumber: string | null;
}

/** What motcua holds that the source is mapped onto. */
export interface MappingTarget {
  province: string;
  /** The province's agencies (its own and its communes'), in force. */
  agencies: { code: string; name: string; kind: string; unit: string }[];
  /** The 2025 lineage: which current commune each earlier commune went into (fully or in part). */
  lineage: { unit: string; predecessor: string; mergeType: 'full' | 'partial' }[];
  procedures: { code: string; name: string }[];
  accounts: { username: string; fullName: string; idNumber: string | null; agency: string }[];
}

export interface Candidate {
  code: string;
  name: string;
}

/** How a mapping was found; 'unmapped' ones wait for an administrator's decision. */
export type Found = 'e-id' | 'lineage' | 'name' | 'code' | 'id-number' | 'username' | 'manual' | 'unmapped';

export interface UnitMapping {
  groupCode: string;
  name: string;
  catalog: string;
  agency: string | null;
  found: Found;
  note?: string;
  candidates: Candidate[];
}

export interface ProcedureMapping {
  source: string;
  name: string;
  procedure: string | null;
  found: Found;
  candidates: Candidate[];
}

export interface OfficialMapping {
  id: string;
  userName: string;
  fullName: string;
  account: string | null;
  found: Found;
  candidates: Candidate[];
}

/** A workflow node of the source mapped onto a step of the workflow bound here. */
export interface StepMapping {
  procedure: string;
  node: string;
  name: string;
  step: string | null;
  found: Found;
  note?: string;
  candidates: Candidate[];
}

export interface Mapping {
  province: string;
  units: UnitMapping[];
  procedures: ProcedureMapping[];
  officials: OfficialMapping[];
  /** Workflow nodes of the source to steps of the workflow bound here (files drafted earlier lack it). */
  steps?: StepMapping[];
  unmapped: { units: number; procedures: number; officials: number; steps?: number };
}

/** A name compared without accents, case or spacing; `?` (a character lost to a code page) matches any. */
function nameMatcher(source: string): (target: string) => boolean {
  const key = searchKey(source)
    .replace(/^(ubnd|uy ban nhan dan) /, '')
    .replace(/[.*+^${}()|[\]\\]/g, '\\$&')
    .replace(/\?/g, '.');
  const re = new RegExp(`(^| )${key}( |$)`);
  return (target) => re.test(searchKey(target));
}

const unmappedFirst = <T extends { found: Found }>(list: T[]) =>
  [...list].sort((a, b) => Number(b.found === 'unmapped') - Number(a.found === 'unmapped'));

/**
 * The first draft of a migration's mapping, for an administrator to review and edit: each source
 * unit to an agency (its e-ID code where motcua registers it; a commune's through the 2025 merger
 * lineage to the centre of the commune it went into; else by accent-insensitive name), each
 * procedure to the catalog (a local variant to its national code), each official to an account
 * (by ID number, else by username). What could not be mapped is listed first, with candidates.
 */
export function draftMapping(
  source: { units: SourceUnit[]; procedures: SourceProcedure[]; officials: SourceOfficial[] },
  target: MappingTarget,
): Mapping {
  const agencyByCode = new Map(target.agencies.map((a) => [a.code, a]));
  const centreOf = new Map(
    target.agencies.filter((a) => a.kind === 'commune_service_center').map((a) => [a.unit, a]),
  );
  const successors = new Map<string, { unit: string; mergeType: string }[]>();
  for (const l of target.lineage) {
    const list = successors.get(l.predecessor) ?? [];
    list.push({ unit: l.unit, mergeType: l.mergeType });
    successors.set(l.predecessor, list);
  }
  const asCandidate = (a: { code: string; name: string }): Candidate => ({ code: a.code, name: a.name });

  const units = source.units.map((u): UnitMapping => {
    const base = { groupCode: u.groupCode, name: u.name, catalog: u.catalog };
    if (u.eId && agencyByCode.has(u.eId)) return { ...base, agency: u.eId, found: 'e-id', candidates: [] };
    if (u.catalog === 'xa-phuong' && u.commune) {
      const next = (successors.get(u.commune) ?? [])
        .map((s) => centreOf.get(s.unit))
        .filter((a) => a !== undefined);
      if (next.length === 1)
        return { ...base, agency: (next[0] as { code: string }).code, found: 'lineage', candidates: [] };
      if (next.length > 1)
        return {
          ...base,
          agency: null,
          found: 'unmapped',
          note: 'Xã được chia vào nhiều xã mới: chọn một',
          candidates: next.map(asCandidate),
        };
      return {
        ...base,
        agency: null,
        found: 'unmapped',
        note: 'Không có trong danh sách sắp xếp 2025',
        candidates: [],
      };
    }
    if (u.catalog === 'so-ban-nganh' && /^(ubnd|uy ban nhan dan) (tinh|thanh pho)/.test(searchKey(u.name))) {
      const committee = target.agencies.find((a) => a.kind === 'province_committee');
      if (committee) return { ...base, agency: committee.code, found: 'name', candidates: [] };
    }
    const matches = nameMatcher(u.name);
    const named = target.agencies.filter((a) => !a.kind.startsWith('commune') && matches(a.name));
    if (named.length === 1)
      return { ...base, agency: (named[0] as { code: string }).code, found: 'name', candidates: [] };
    const note =
      u.catalog === 'quan-huyen'
        ? 'Cấp huyện đã kết thúc hoạt động từ 01/07/2025: chọn cơ quan tiếp nhận thay'
        : 'Chưa có cơ quan tương ứng: nhập danh mục cơ quan trước, hoặc chọn';
    const fallback = target.agencies.filter(
      (a) => a.kind === 'province_service_center' || a.kind === 'province_committee',
    );
    return {
      ...base,
      agency: null,
      found: 'unmapped',
      note,
      candidates: (named.length > 0 ? named : fallback).map(asCandidate),
    };
  });

  const catalog = new Map(target.procedures.map((p) => [p.code, p]));
  const procedures = source.procedures.map((p): ProcedureMapping => {
    const national = nationalProcedureCode(p.code);
    if (national && catalog.has(national))
      return { source: p.code, name: p.name, procedure: national, found: 'code', candidates: [] };
    const matches = nameMatcher(p.name);
    return {
      source: p.code,
      name: p.name,
      procedure: null,
      found: 'unmapped',
      candidates: target.procedures.filter((t) => matches(t.name)).map(asCandidate),
    };
  });

  const byIdNumber = new Map(target.accounts.filter((a) => a.idNumber).map((a) => [a.idNumber as string, a]));
  const byUsername = new Map(target.accounts.map((a) => [a.username, a]));
  const officials = source.officials.map((o): OfficialMapping => {
    const base = { id: o.id, userName: o.userName, fullName: o.fullName };
    const byId = o.idNumber ? byIdNumber.get(o.idNumber) : undefined;
    if (byId) return { ...base, account: byId.username, found: 'id-number', candidates: [] };
    const byName = byUsername.get(o.userName.toLowerCase());
    if (byName && searchKey(byName.fullName) === searchKey(o.fullName))
      return { ...base, account: byName.username, found: 'username', candidates: [] };
    const same = searchKey(o.fullName);
    return {
      ...base,
      account: null,
      found: 'unmapped',
      candidates: target.accounts
        .filter((a) => searchKey(a.fullName) === same)
        .map((a) => ({ code: a.username, name: a.fullName })),
    };
  });

  const count = (l: { found: Found }[]) => l.filter((x) => x.found === 'unmapped').length;
  return {
    province: target.province,
    units: unmappedFirst(units),
    procedures: unmappedFirst(procedures),
    officials: unmappedFirst(officials),
    unmapped: { units: count(units), procedures: count(procedures), officials: count(officials) },
  };
}

/** A source row's cells as a unit, procedure or official (blank cells as null). */
export const sourceUnit = (c: Readonly<Record<string, string>>): SourceUnit => ({
  groupCode: (c['GroupCode'] ?? '').trim().toUpperCase(),
  name: valueOf(c['GroupName']) ?? '',
  catalog: (c['Catalog'] ?? '').trim(),
  eId: valueOf(c['MaDinhDanh'])?.trim() ?? null,
  district: isBlank(c['MaHuyen']) ? null : (c['MaHuyen'] as string).trim(),
  commune: isBlank(c['MaXa']) ? null : (c['MaXa'] as string).trim(),
});
