import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../../../server/node';
import {
  createFans,
  createTestWorld,
  seedSale,
  seedShow,
  TestNodes,
  waitFor,
  type TestWorld,
} from '../../../server/test/support/harness';
import { waitOnSocket, type WaitResult } from './fan-waiting';
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
/** A live sale whose admission is paused: its fans stay in line. */
const inLine = { showId: '', saleId: 'sale-in-line' };

beforeAll(async () => {
  world = await createTestWorld();
  showId = (await seedShow(world.db, { seatCount: SEATS })).showId;
  saleId = (await seedSale(world.db, { showIds: [showId] })).id;
  inLine.showId = (await seedShow(world.db, { showId: 'show-in-line', seatCount: SEATS })).showId;
  const startsAt = new Date(Date.now() - 60_000);
  await seedSale(world.db, { id: inLine.saleId, showIds: [inLine.showId], startsAt });
  node = await nodes.start();
  // Two seats left to sell: the rest are blocked by staff.
  await node.components.inventory.block(showId, BLOCKED, 'test');
  await node.components.inventory.block(inLine.showId, BLOCKED, 'test');
  await node.components.queue.changeSettings(inLine.saleId, { paused: true });
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

  it('in line, joins the waitlist when no seat is free and stays; leaves once every seat is sold', async () => {
    const [fanAccount, holder] = await createFans(world, 2);
    const fan = testFan(node, inLine.saleId, fanAccount!.token, new RunStop(), [inLine.showId]);
    const { inventory, queue } = node.components;
    await fan.openSocket();
    let result: WaitResult | undefined;
    const waiting = waitOnSocket(fan).then((settled) => (result = settled));
    // Joined (over the socket) and given a place after the draw's.
    const standing = () => queue.entry(fanAccount!.id, inLine.saleId).then((entry) => entry.standing);
    await waitFor(async () => (await standing().catch(() => undefined)) === 'waiting');

    // The last two seats go into a basket: the cursor says soldOut, the fan joins and stays.
    const basket = await inventory.hold(holder!.id, inLine.showId, [0, 1]);
    await waitFor(() => fan.env.metrics.joinedWaitlist === 1);
    expect(result).toBeUndefined();

    // They are paid for (here: taken off sale once the basket is gone): allSold, and the fan,
    // whose plan is to leave then, leaves.
    await inventory.release(null, inLine.showId, basket.holdId, true);
    await inventory.block(inLine.showId, [0, 1], 'test');
    expect(await waiting).toBe('sold-out');
    expect(fan.env.metrics.joinedWaitlist).toBe(1);
    expect(fan.env.metrics.counters.errorsByCode).toEqual({});
  });
});
