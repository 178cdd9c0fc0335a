--[[
  confirm: marks an order's seats sold, after PostgreSQL committed the order as paid. PostgreSQL is
  the system of record, so this never refuses: a seat that Redis shows free, held by another hold,
  sold to another order or blocked becomes sold to this order, and counters follow. Idempotent. [H9]

  KEYS[1..8]  see includes/inventory.lua; KEYS[9...] seat hashes of the order's sections
  ARGV[1]     order id
  ARGV[2]     hold id the order was paid from ("" if none)
  ARGV[3]     owner (account id)
  ARGV[4...]  sections: n, then n section ids; then seats: n, then n triples (section, seat, tier)

  Returns {CODE.OK, seatsChanged, seatsTakenFromOthers}
          {CODE.SHOW_NOT_READY}  refused while the inventory is (re)built, so a confirm
                                 cannot land in Redis and then be wiped by the rebuild; the
                                 outbox retries it
          {CODE.SECTION_KEY_MISSING, seat}  (caller bug)
]]
--- @include "includes/inventory.lua"

local orderId, holdId, owner = ARGV[1], ARGV[2], ARGV[3]
local keyOf, nextArg = readSections(4)
local seats = readSeats(nextArg)
local soldValue = 'S|' .. orderId
if not isReady() then return { CODE.SHOW_NOT_READY } end

for _, entry in ipairs(seats) do
  if not keyOf[entry[1]] then return { CODE.SECTION_KEY_MISSING, entry[2] } end
end

local changed, takenFromOthers, otherHolds, inOrder = 0, 0, {}, {}
for _, entry in ipairs(seats) do
  local section, seat, tier = entry[1], entry[2], entry[3]
  inOrder[seat] = true
  local value = redis.call('HGET', keyOf[section], seat)
  if value ~= soldValue then
    local otherHoldId = holdIdOf(value)
    if not value then
      addFree(section, tier, -1)
      addAccountSeats(owner, 1)
    elseif otherHoldId == holdId then
      -- Counted for the owner since the hold was made.
    else
      if otherHoldId then detachSeatFromHold(otherHoldId, seat, otherHolds) end
      addAccountSeats(owner, 1)
      takenFromOthers = takenFromOthers + 1
    end
    redis.call('HSET', keyOf[section], seat, soldValue)
    recordChange(section, seat, STATUS_SOLD)
    changed = changed + 1
  end
end
saveDetachedHolds(otherHolds)

-- Seats of the paid hold that are not in the order (none, normally) go back on sale.
local hold = holdId ~= '' and loadHold(holdId)
if hold then
  for _, entry in ipairs(hold.s) do
    local section, seat, tier = entry[1], entry[2], entry[3]
    local key = keyOf[section]
    if not inOrder[seat] and key and redis.call('HGET', key, seat) == 'H|' .. holdId then
      redis.call('HDEL', key, seat)
      addFree(section, tier, 1)
      addAccountSeats(hold.o, -1)
      recordChange(section, seat, STATUS_FREE)
    end
  end
  deleteHold(holdId)
end
publishChanges()
return { CODE.OK, changed, takenFromOthers }
