import Fastify from 'fastify';
import { readSeedFiles } from '../../seed/readSeedFiles.js';
import { FaultInjector } from '../simulator/faults.js';
import { listenSimulator, type RunningSimulator } from '../simulator/listen.js';
import { residentOf } from './population.js';

/** Communes by province code, current and pre-merger (through the 2025 lineage). */
function communeIndex(): (province: string) => readonly string[] {
  const { units, lineage } = readSeedFiles();
  const byProvince = new Map<string, string[]>();
  for (const u of units) {
    if (u.level !== 'commune' || !u.parentCode) continue;
    byProvince.set(u.parentCode, [...(byProvince.get(u.parentCode) ?? []), u.code]);
  }
  const provinceOfOld = new Map<string, string>();
  for (const l of lineage)
    if (/^\d{2}$/.test(l.predecessorCode) && byProvince.has(l.unitCode))
      provinceOfOld.set(l.predecessorCode, l.unitCode);
  return (p) => byProvince.get(p) ?? byProvince.get(provinceOfOld.get(p) ?? '') ?? [];
}

/**
 * The national population database: `GET /api/congdan/{soDinhDanh}` answers a generated resident
 * (see `residentOf`), 404 for an unknown ID; bearer-token protected; faults on demand.
 */
export async function startPopulationSimulator(opts: {
  port: number;
  token: string;
  host?: string;
}): Promise<RunningSimulator & { lookups: string[]; faults: FaultInjector }> {
  // Built at the first lookup: parsing the map is not worth a slower start.
  let index: ReturnType<typeof communeIndex> | undefined;
  const communesOf = (province: string) => (index ??= communeIndex())(province);
  const app = Fastify({ logger: false });
  const faults = new FaultInjector();
  faults.install(app);
  const lookups: string[] = [];
  app.get<{ Params: { id: string } }>('/api/congdan/:id', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${opts.token}`)
      return reply.code(401).send({ error_code: 401, message: 'Sai mã truy cập' });
    lookups.push(request.params.id);
    const r = residentOf(request.params.id, communesOf);
    if (!r) return reply.code(404).send({ error_code: 3, message: 'Không tìm thấy công dân' });
    return {
      error_code: 0,
      data: {
        SoDinhDanh: r.idNumber,
        HoVaTen: r.name,
        NgaySinh: r.birthDate.replaceAll('-', ''),
        GioiTinh: r.gender === 'male' ? 1 : 2,
        NoiThuongTru: { MaXa: r.permanentAddress.communeCode, ChiTiet: r.permanentAddress.detail },
      },
    };
  });
  const running = await listenSimulator(app, opts.port, opts.host);
  return { ...running, lookups, faults };
}
