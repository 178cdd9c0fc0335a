--[[
  snapshot: sections' seat statuses, with the show's epoch and each section's version, read in one
  atomic step, so that deltas after these versions apply on top of them (D4).

  KEYS[1]  meta hash
  KEYS[2]  versions hash
  KEYS[3]  statuses string (one SEAT_STATUS digit per seat of the show)
  ARGV     triples: section id, first seat, seat count

  Returns {CODE.OK, epoch, {version, statuses, version, statuses, ...}} in ARGV's order
          {CODE.SHOW_NOT_READY}
]]
local K_META, K_VERSIONS, K_STATUSES = KEYS[1], KEYS[2], KEYS[3]

local ready, epoch = unpack(redis.call('HMGET', K_META, 'ready', 'epoch'))
if ready ~= '1' then return { CODE.SHOW_NOT_READY } end
local sections = {}
for i = 1, #ARGV, 3 do
  local sectionId, first, count = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  sections[#sections + 1] = tonumber(redis.call('HGET', K_VERSIONS, sectionId) or '0')
  sections[#sections + 1] = redis.call('GETRANGE', K_STATUSES, first, first + count - 1)
end
return { CODE.OK, tonumber(epoch), sections }
