--[[
  freeze: the shuffle at T0. Freezes the pre-queue at its current size N and publishes the seed;
  fans with arrival numbers below N get places from the keyed permutation, later fans place
  arrival + 1. One write, whatever N is; running it again changes nothing. Admission starts with an
  empty bucket: the time before T0 saves up no burst for the first step. [Q5, Q6, Q11]

  KEYS[1] meta
  ARGV[1] seed (hex), published from now on
  ARGV[2] now, ms

  Returns {1, N, frozenNow (0|1)}
          {-1}  QUEUE_NOT_READY
]]
local phase = redis.call('HGET', KEYS[1], 'phase')
if not phase then return { -1 } end
if phase == 'live' then return { 1, tonumber(redis.call('HGET', KEYS[1], 'frozenSize')), 0 } end
local size = tonumber(redis.call('HGET', KEYS[1], 'nextArrival'))
redis.call('HSET', KEYS[1], 'phase', 'live', 'frozenSize', size, 'seed', ARGV[1], 'frozenAt', ARGV[2],
  'allowance', 0, 'allowanceAt', ARGV[2])
return { 1, size, 1 }
