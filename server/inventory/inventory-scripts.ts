import { LuaScripts } from '../redis/lua-scripts';
import { InventoryScriptCode, type InventoryRefusal } from './script-codes';

type Ok = typeof InventoryScriptCode.OK;

/** What each inventory script answers (see the header of its .lua file). */
export type InventoryReplies = {
  hold: [Ok, holdId: string, expiresAt: number] | InventoryRefusal;
  release: [Ok, seatsFreed: number] | InventoryRefusal;
  extend: [Ok, expiresAt: number] | InventoryRefusal;
  pin: [Ok, expiresAt: number] | InventoryRefusal;
  confirm: [Ok, seatsChanged: number, seatsTakenFromOthers: number] | InventoryRefusal;
  block: [Ok, seatsBlocked: number] | InventoryRefusal;
  unblock: [Ok, seatsUnblocked: number] | InventoryRefusal;
  expire: [Ok, holdsExpired: number, seatsFreed: number, holdsStillDue: number];
  /** Per section in the order asked: its version, then its statuses string. */
  snapshot: [Ok, epoch: number, sections: (number | string)[]] | InventoryRefusal;
};

/** The inventory scripts; hold expiries are stamped and compared by Redis's clock. [H4] */
export const inventoryScripts = new LuaScripts<InventoryReplies>({
  family: 'inventory',
  directory: new URL('./lua/', import.meta.url),
  scripts: ['hold', 'release', 'extend', 'pin', 'confirm', 'block', 'unblock', 'expire', 'snapshot'],
  codes: InventoryScriptCode,
  clock: 'redis',
});
