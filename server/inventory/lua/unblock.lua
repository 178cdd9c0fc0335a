--[[
  unblock: puts blocked seats back on sale; all or none. A free seat stays free. [H10]

  KEYS[1..8]  see includes/inventory.lua; KEYS[9...] seat hashes of the sections in ARGV
  ARGV[1...]  sections: n, then n section ids; then seats: n, then n triples (section, seat, tier)

  Returns {CODE.OK, seatsUnblocked}
          {CODE.SHOW_NOT_READY}
          {CODE.SEAT_UNAVAILABLE, seat}  (held or sold)
          {CODE.SECTION_KEY_MISSING, seat}  (caller bug)
]]
--- @include "includes/inventory.lua"

local keyOf, nextArg = readSections(1)
local seats = readSeats(nextArg)
if not isReady() then return { CODE.SHOW_NOT_READY } end

local previous, refusal = readFreeOrBlocked(keyOf, seats)
if not previous then return refusal end

local unblocked = 0
for i, entry in ipairs(seats) do
  local section, seat, tier = entry[1], entry[2], entry[3]
  if previous[i] then
    redis.call('HDEL', keyOf[section], seat)
    addFree(section, tier, 1)
    recordChange(section, seat, STATUS_FREE)
    unblocked = unblocked + 1
  end
end
publishChanges()
return { CODE.OK, unblocked }
