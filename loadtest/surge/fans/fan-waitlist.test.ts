import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../../../server/node';
import {
  createFans,
  createTestWorld,
  seedSale,
  seedShow,
  TestNodes,
  type TestWorld,
} from '../../../server/test/support/harness';
import { RunStop } from './run-stop';
import { testFan } from './test-fan';

/**
 * A surge fan told that the sale is sold out asks for the show's waitlist. Held seats that come
 * back reopen the sale, and the waitlist is then refused (WAITLIST_NOT_OPEN): the fan asks again
 * when the show sells out again, as a person reading the page would, instead of never.
 */

const SEATS = 100;
const BLOCKED = Array.from({ length: SEATS - 2 }, (_, seat) => seat + 2);

let world: TestWorld;
const nodes = new TestNodes(() => world);
let node: RunningNode;
let showId: string;
let saleId: string;

beforeAll(async () => {
  world = await createTestWorld();
  showId = (await seedShow(world.db, { seatCount: SEATS })).showId;
  saleId = (await seedSale(world.db, { showIds: [showId] })).id;
  node = await nodes.start();
  // Two seats left to sell: the rest are blocked by staff.
  await node.components.inventory.block(showId, BLOCKED, 'test');
});

afterAll(async () => {
  await nodes.stopAll();
  await world.dispose();
});

describe('a surge fan and the waitlist', () => {
  it('asks again after WAITLIST_NOT_OPEN once the show is sold out, and only once after joining', async () => {
    const [fanAccount, holder] = await createFans(world, 2);
    const fan = testFan(node, saleId, fanAccount!.token, new RunStop(), [showId]);
    const { metrics } = fan.env;
    const { inventory } = node.components;
    await inventory.hold(holder!.id, showId, [0]);

    await fan.takeTheWaitlist();
    expect(metrics.counters.errorsByCode).toEqual({ WAITLIST_NOT_OPEN: 1 });
    expect(metrics.joinedWaitlist).toBe(0);

    await inventory.hold(holder!.id, showId, [1]);
    await fan.takeTheWaitlist();
    expect(metrics.joinedWaitlist).toBe(1);
    const onWaitlist = await world.db
      .selectFrom('waitlist_entries')
      .select('account_id')
      .where('show_id', '=', showId)
      .execute();
    expect(onWaitlist.map((row) => row.account_id)).toEqual([fanAccount!.id]);

    // Joined: a later sold-out notice sends nothing (a request would put the fan back in the table).
    await world.db.deleteFrom('waitlist_entries').execute();
    await fan.takeTheWaitlist();
    expect(await world.db.selectFrom('waitlist_entries').selectAll().execute()).toEqual([]);
    expect(metrics.counters.errorsByCode).toEqual({ WAITLIST_NOT_OPEN: 1 });
  });
});
