--[[
  expire: frees the seats of holds whose time is up, oldest first, a batch at a time. Run by the
  hold sweeper on one node at a time. [H5]

  KEYS[1..8]  see includes/inventory.lua; KEYS[9...] seat hashes of every section of the show
  ARGV[1]     most holds to expire in this call
  ARGV[2...]  sections: n, then n section ids (all sections of the show)

  Returns {CODE.OK, holdsExpired, seatsFreed, holdsStillDue}
]]
--- @include "includes/inventory.lua"

local batch = tonumber(ARGV[1])
local keyOf = readSections(2)
local now = nowMs()

local holdsExpired, seatsFreed = 0, 0
local due = redis.call('ZRANGEBYSCORE', K_HOLD_EXPIRIES, '-inf', now, 'LIMIT', 0, batch)
for _, holdId in ipairs(due) do
  local hold = loadHold(holdId)
  if not hold then
    redis.call('ZREM', K_HOLD_EXPIRIES, holdId)
  elseif hold.e > now then
    -- Extended or pinned after this entry was scored; re-score it.
    redis.call('ZADD', K_HOLD_EXPIRIES, hold.e, holdId)
  else
    seatsFreed = seatsFreed + freeSeatsOfHold(holdId, hold, keyOf)
    addAccountSeats(hold.o, -#hold.s)
    deleteHold(holdId)
    holdsExpired = holdsExpired + 1
  end
end
publishChanges()
return { CODE.OK, holdsExpired, seatsFreed, redis.call('ZCOUNT', K_HOLD_EXPIRIES, '-inf', now) }
