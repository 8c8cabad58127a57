import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { residentOf } from '../../src/integrations/population/population.js';
import { PopulationClient } from '../../src/integrations/population/populationClient.js';
import { startPopulationSimulator } from '../../src/integrations/population/populationSimulator.js';
import { setFaults } from '../../src/integrations/simulator/faults.js';

describe('population database', () => {
  let sim: Awaited<ReturnType<typeof startPopulationSimulator>>;
  let client: PopulationClient;
  before(async () => {
    sim = await startPopulationSimulator({ port: 0, token: 't' });
    client = new PopulationClient({ url: sim.url, token: 't', timeoutMs: 2000 });
  });
  after(() => sim.close());

  it('answers the same person for the same ID, as the ID describes them', () => {
    const communes = () => ['00004', '00008'];
    const a = residentOf('001189012345', communes);
    assert.deepEqual(a, residentOf('001189012345', communes));
    assert.equal(a?.gender, 'female'); // 1: a woman born in the 1900s
    assert.match(a?.birthDate ?? '', /^1989-/);
    assert.ok(['00004', '00008'].includes(a?.permanentAddress.communeCode ?? ''));
    assert.equal(residentOf('001200012345', communes)?.birthDate.slice(0, 4), '2000');
    assert.equal(residentOf('001089000000', communes), null, 'an ID ending in 000000 is nobody');
    assert.equal(residentOf('12345', communes), null);
  });

  it('looks a citizen up over HTTP, with a commune of their birth province', async () => {
    const r = await client.lookup('001089012345');
    assert.ok('found' in r && r.found);
    assert.equal(r.resident.idNumber, '001089012345');
    assert.match(r.resident.name, /^\p{Lu}\p{Ll}* \p{Lu}\p{Ll}* \p{Lu}\p{Ll}*$/u);
    assert.match(r.resident.permanentAddress.communeCode, /^\d{5}$/);
    assert.deepEqual(await client.lookup('001089000000'), { found: false });
  });

  it('says the database is unavailable when it fails, and refuses a wrong token', async () => {
    await setFaults(sim.url, { errorRate: 1 });
    const r = await client.lookup('001089012345');
    assert.ok('unavailable' in r);
    await setFaults(sim.url, {});
    const wrong = new PopulationClient({ url: sim.url, token: 'x', timeoutMs: 2000 });
    assert.ok('unavailable' in (await wrong.lookup('001089012345')));
  });
});
