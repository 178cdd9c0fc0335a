--[[
  release: frees every seat of a hold. [H6]

  KEYS[1..8]  see includes/inventory.lua; KEYS[9...] seat hashes of the hold's sections
  ARGV[1]     owner, or "" when the system releases (failed payment, staff)
  ARGV[2]     hold id
  ARGV[3]     "1" to release a hold pinned for checkout (its payment failed), else "0"
  ARGV[4...]  sections: n, then n section ids

  Returns {CODE.OK, seatsFreed}
          {CODE.HOLD_NOT_FOUND}
          {CODE.NOT_OWNER}
          {CODE.HOLD_PINNED}  (an order is being paid with it)
          {CODE.SECTION_KEY_MISSING}  (caller bug)
]]
--- @include "includes/inventory.lua"

local owner, holdId, force = ARGV[1], ARGV[2], ARGV[3] == '1'
local keyOf = readSections(4)

local hold = loadHold(holdId)
if not hold then return { CODE.HOLD_NOT_FOUND } end
if owner ~= '' and hold.o ~= owner then return { CODE.NOT_OWNER } end
if hold.p ~= '' and not force then return { CODE.HOLD_PINNED } end
for _, entry in ipairs(hold.s) do
  if not keyOf[entry[1]] then return { CODE.SECTION_KEY_MISSING } end
end

local freed = freeSeatsOfHold(holdId, hold, keyOf)
addAccountSeats(hold.o, -#hold.s)
deleteHold(holdId)
publishChanges()
return { CODE.OK, freed }
