--[[
  snapshot: one section's seats that are not free, with the show's epoch and the section's version,
  read atomically so that deltas after this version apply on top of it.

  KEYS[1]  meta hash
  KEYS[2]  versions hash
  KEYS[3]  the section's seat hash
  ARGV[1]  section id

  Returns {epoch, version, {seat, value, seat, value, ...}}; epoch 0 when the show is not ready.
]]
if redis.call('HGET', KEYS[1], 'ready') ~= '1' then return { 0, 0, {} } end
return {
  tonumber(redis.call('HGET', KEYS[1], 'epoch')),
  tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0'),
  redis.call('HGETALL', KEYS[3]),
}
