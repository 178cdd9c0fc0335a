--[[
  snapshot: sections' seat statuses, with the show's epoch and each section's version, read in one
  atomic step, so that deltas after these versions apply on top of them (D4).

  KEYS[1]  meta hash
  KEYS[2]  versions hash
  KEYS[3]  statuses string (one SEAT_STATUS digit per seat of the show)
  ARGV     triples: section id, first seat, seat count

  Returns {epoch, {version, statuses, version, statuses, ...}} in ARGV's order; epoch 0 when the
  show is not ready.
]]
local ready, epoch = unpack(redis.call('HMGET', KEYS[1], 'ready', 'epoch'))
if ready ~= '1' then return { 0, {} } end
local sections = {}
for i = 1, #ARGV, 3 do
  local sectionId, first, count = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  sections[#sections + 1] = tonumber(redis.call('HGET', KEYS[2], sectionId) or '0')
  sections[#sections + 1] = redis.call('GETRANGE', KEYS[3], first, first + count - 1)
end
return { tonumber(epoch), sections }
