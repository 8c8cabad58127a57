import type { AdminUnit } from '../places/adminUnit.js';
import type { Agency } from './agency.js';

/** The demo agency catalog of seed/agencies.json. */
export interface AgencyCatalog {
  ministriesValidFrom: string;
  localValidFrom: string;
  ministries: { l1: string; name: string; units: string[] }[];
  departments: string[];
  verticals: { ministry: string; unit?: string; prefix: string }[];
  demoProvinces: string[];
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
/** "Thành phố Hà Nội" → "thành phố Hà Nội", to follow "Ủy ban nhân dân". */
const lowerFirst = (s: string): string => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

/**
 * Plans the agencies of the demo seed: the ministries and their units; for every province its
 * People's Committee and Trung tâm PVHCC; for every commune the same pair; for the demo provinces,
 * departments and vertical agencies. Codes follow the shape `LLL.KK.JJ.Xnn` of Decision 20/2020
 * but are generated, not official (docs/data.md explains the scheme):
 *   ministry 000.00.00.Gmm · its unit i 000.00.ii.Gmm · vertical in province pp 0pp.00.ii.Gmm
 *   province committee 000.00.00.Hpp · province centre 000.00.01.Hpp · department j 000.00.(10+j).Hpp
 *   commune abcde: committee abc.de.50.Hpp · centre abc.de.51.Hpp
 */
export function planAgencies(units: readonly AdminUnit[], catalog: AgencyCatalog): Agency[] {
  const out: Agency[] = [];
  const hanoi = '01';
  const unitCodeOf = new Map<string, string>();

  for (const m of catalog.ministries) {
    const ministryCode = `000.00.00.${m.l1}`;
    out.push(agency(ministryCode, m.name, 'ministry', null, hanoi, catalog.ministriesValidFrom));
    m.units.forEach((name, i) => {
      const code = `000.00.${pad2(i + 1)}.${m.l1}`;
      unitCodeOf.set(`${m.l1}/${name}`, code);
      out.push(agency(code, name, 'ministry_unit', ministryCode, hanoi, catalog.ministriesValidFrom));
    });
  }

  const provinces = units.filter((u) => u.level === 'province');
  const communesOf = new Map<string, AdminUnit[]>();
  for (const u of units) {
    if (u.level !== 'commune' || u.parentCode === null) continue;
    const list = communesOf.get(u.parentCode) ?? [];
    list.push(u);
    communesOf.set(u.parentCode, list);
  }
  const from = catalog.localValidFrom;

  for (const p of provinces) {
    const l1 = `H${p.code}`;
    const committee = `000.00.00.${l1}`;
    const place = lowerFirst(p.name);
    out.push(agency(committee, `Ủy ban nhân dân ${place}`, 'province_committee', null, p.code, from));
    out.push(
      agency(
        `000.00.01.${l1}`,
        `Trung tâm Phục vụ hành chính công ${place}`,
        'province_service_center',
        committee,
        p.code,
        from,
      ),
    );
    if (catalog.demoProvinces.includes(p.code)) {
      catalog.departments.forEach((name, j) => {
        out.push(
          agency(`000.00.${pad2(10 + j)}.${l1}`, `${name} ${place}`, 'department', committee, p.code, from),
        );
      });
      for (const v of catalog.verticals) {
        const parent = v.unit ? unitCodeOf.get(`${v.ministry}/${v.unit}`) : `000.00.00.${v.ministry}`;
        if (!parent) throw new Error(`agencies.json: vertical "${v.prefix}" names unknown unit ${v.unit}`);
        const code = `0${p.code}.00.${parent.slice(7, 9)}.${v.ministry}`;
        out.push(agency(code, `${v.prefix} ${place}`, 'vertical_agency', parent, p.code, from));
      }
    }
    for (const c of communesOf.get(p.code) ?? []) {
      const base = `${c.code.slice(0, 3)}.${c.code.slice(3, 5)}`;
      const communeCommittee = `${base}.50.${l1}`;
      const name = lowerFirst(c.name);
      out.push(
        agency(communeCommittee, `Ủy ban nhân dân ${name}`, 'commune_committee', committee, c.code, from),
      );
      out.push(
        agency(
          `${base}.51.${l1}`,
          `Trung tâm Phục vụ hành chính công ${name}`,
          'commune_service_center',
          communeCommittee,
          c.code,
          from,
        ),
      );
    }
  }
  return out;
}

function agency(
  code: string,
  name: string,
  kind: Agency['kind'],
  parentCode: string | null,
  adminUnitCode: string,
  validFrom: string,
): Agency {
  return { code, name, kind, parentCode, adminUnitCode, validFrom, validTo: null };
}
