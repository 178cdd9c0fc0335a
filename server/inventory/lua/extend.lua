--[[
  extend: gives a live hold more time, once (to cover payment). [H7]

  KEYS[1..8]  see includes/inventory.lua (only holds and holdExpiries are used)
  ARGV[1]     owner
  ARGV[2]     hold id
  ARGV[3]     extension, ms: the hold then lasts until max(its expiry, now + extension)

  Returns {CODE.OK, expiresAt}
          {CODE.HOLD_NOT_FOUND}
          {CODE.NOT_OWNER}
          {CODE.HOLD_EXPIRED}
          {CODE.HOLD_ALREADY_EXTENDED}
]]
--- @include "includes/inventory.lua"

local owner, holdId, extensionMs = ARGV[1], ARGV[2], tonumber(ARGV[3])
local hold = loadHold(holdId)
if not hold then return { CODE.HOLD_NOT_FOUND } end
if hold.o ~= owner then return { CODE.NOT_OWNER } end
local now = nowMs()
if hold.e <= now then return { CODE.HOLD_EXPIRED } end
if hold.x == 1 then return { CODE.HOLD_ALREADY_EXTENDED } end

hold.x = 1
hold.e = math.max(hold.e, now + extensionMs)
saveHold(holdId, hold)
return { CODE.OK, hold.e }
