--[[
  hold: holds every requested seat for one owner, or none. [H1-H5 in docs/holds-spec.md]

  KEYS[1..8]  see includes/inventory.lua; KEYS[9...] seat hashes of the sections in ARGV
  ARGV[1]     owner (account id)
  ARGV[2]     hold id (new, unique)
  ARGV[3]     time to live, ms
  ARGV[4...]  sections: n, then n section ids; then seats: n, then n triples (section, seat, tier)

  Returns {CODE.OK, holdId, expiresAt}
          {CODE.SHOW_NOT_READY}
          {CODE.SEAT_UNAVAILABLE, seat}  (held by a live hold, sold or blocked)
          {CODE.LIMIT_EXCEEDED, seats, limit}  (seats the owner has now, the limit)
          {CODE.DUPLICATE_SEAT, seat}
          {CODE.SECTION_KEY_MISSING, seat}  (caller bug)
          {CODE.HOLD_ID_TAKEN}  (another owner's hold has this id: caller bug)

  Running it again with the same hold id and owner (a client library re-sending the command after
  a dropped connection) answers the first run's result.
]]
--- @include "includes/inventory.lua"

local owner, holdId, ttlMs = ARGV[1], ARGV[2], tonumber(ARGV[3])
local keyOf, nextArg = readSections(4)
local seats = readSeats(nextArg)

if not isReady() then return { CODE.SHOW_NOT_READY } end
local existing = loadHold(holdId)
if existing then
  if existing.o ~= owner then return { CODE.HOLD_ID_TAKEN } end
  return { CODE.OK, holdId, existing.e }
end

local limit = tonumber(redis.call('HGET', K_META, 'limit'))
local owned = tonumber(redis.call('HGET', K_ACCOUNT_SEATS, owner) or '0')
if owned + #seats > limit then return { CODE.LIMIT_EXCEEDED, owned, limit } end

local now = nowMs()
local seen, previous, expiredHolds = {}, {}, {}

-- Check every seat before writing any: all or none.
for i, entry in ipairs(seats) do
  local section, seat = entry[1], entry[2]
  local key = keyOf[section]
  if not key then return { CODE.SECTION_KEY_MISSING, seat } end
  if seen[seat] then return { CODE.DUPLICATE_SEAT, seat } end
  seen[seat] = true
  local value = redis.call('HGET', key, seat)
  if value then
    local otherHoldId = holdIdOf(value)
    if not otherHoldId then return { CODE.SEAT_UNAVAILABLE, seat } end
    local other = expiredHolds[otherHoldId]
    if other == nil then
      other = loadHold(otherHoldId) or false
      expiredHolds[otherHoldId] = other
    end
    -- A hold past its expiry that the sweeper has not reached yet does not block the seat. [H4]
    if other and other.e > now then return { CODE.SEAT_UNAVAILABLE, seat } end
  end
  previous[i] = value
end

for i, entry in ipairs(seats) do
  local section, seat, tier = entry[1], entry[2], entry[3]
  local otherHoldId = holdIdOf(previous[i])
  if otherHoldId then
    detachSeatFromHold(otherHoldId, seat, expiredHolds)
  else
    addFree(section, tier, -1)
  end
  redis.call('HSET', keyOf[section], seat, 'H|' .. holdId)
  recordChange(section, seat, STATUS_HELD)
end
saveDetachedHolds(expiredHolds)

local expiresAt = now + ttlMs
addAccountSeats(owner, #seats)
saveHold(holdId, { o = owner, e = expiresAt, x = 0, p = '', s = seats })
publishChanges()
return { CODE.OK, holdId, expiresAt }
