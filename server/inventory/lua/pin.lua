--[[
  pin: marks a live hold as being paid for by one order, and keeps it alive while the paid order is
  committed to PostgreSQL; a pinned hold cannot be released by its owner. [H8]

  KEYS[1..8]  see includes/inventory.lua (only holds and holdExpiries are used)
  ARGV[1]     owner
  ARGV[2]     hold id
  ARGV[3]     order id
  ARGV[4]     pin time, ms: the hold then lasts until max(its expiry, now + pin time)

  Returns {CODE.OK, expiresAt}
          {CODE.HOLD_NOT_FOUND}
          {CODE.NOT_OWNER}
          {CODE.HOLD_PINNED}  (by another order)
          {CODE.HOLD_EXPIRED}
]]
--- @include "includes/inventory.lua"

local owner, holdId, orderId, pinMs = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local hold = loadHold(holdId)
if not hold then return { CODE.HOLD_NOT_FOUND } end
if hold.o ~= owner then return { CODE.NOT_OWNER } end
if hold.p ~= '' and hold.p ~= orderId then return { CODE.HOLD_PINNED } end
local now = nowMs()
if hold.e <= now then return { CODE.HOLD_EXPIRED } end

hold.p = orderId
hold.e = math.max(hold.e, now + pinMs)
saveHold(holdId, hold)
return { CODE.OK, hold.e }
