--[[
  block: takes free seats off sale (production holds, camera positions, broken seats); all or none.
  A seat already blocked stays blocked. [H10]

  KEYS[1..8]  see includes/inventory.lua; KEYS[9...] seat hashes of the sections in ARGV
  ARGV[1]     reason (short text, no "|")
  ARGV[2...]  sections: n, then n section ids; then seats: n, then n triples (section, seat, tier)

  Returns {CODE.OK, seatsBlocked}
          {CODE.SHOW_NOT_READY}
          {CODE.SEAT_UNAVAILABLE, seat}  (held or sold)
          {CODE.SECTION_KEY_MISSING, seat}  (caller bug)
]]
--- @include "includes/inventory.lua"

local reason = ARGV[1]
local keyOf, nextArg = readSections(2)
local seats = readSeats(nextArg)
if not isReady() then return { CODE.SHOW_NOT_READY } end

local previous, refusal = readFreeOrBlocked(keyOf, seats)
if not previous then return refusal end

local blocked = 0
for i, entry in ipairs(seats) do
  local section, seat, tier = entry[1], entry[2], entry[3]
  if not previous[i] then
    redis.call('HSET', keyOf[section], seat, 'B|' .. reason)
    addFree(section, tier, -1)
    recordChange(section, seat, STATUS_BLOCKED)
    blocked = blocked + 1
  end
end
publishChanges()
return { CODE.OK, blocked }
