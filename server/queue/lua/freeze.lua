--[[
  freeze: the shuffle at T0. Freezes the pre-queue at its current size N and publishes the seed;
  fans with arrival numbers below N get places from the keyed permutation, later fans place
  arrival + 1. One write, whatever N is; running it again changes nothing. Admission starts with an
  empty bucket, so the time before T0 saves up no burst for the first step, and at the governor's
  least share, grown as the nodes keep up, as TCP starts slow. [Q5, Q6, Q11, Q17]

  KEYS[1] meta
  ARGV[1] seed (hex), published from now on
  ARGV[2] now, ms (the caller's clock)
  ARGV[3] the admission share to start from (1 without a governor)

  Returns {CODE.OK, N, frozenNow (0|1)}
          {CODE.QUEUE_NOT_READY}
]]
local K_META = KEYS[1]

local seed, now, startShare = ARGV[1], ARGV[2], ARGV[3]
local phase = redis.call('HGET', K_META, 'phase')
if not phase then return { CODE.QUEUE_NOT_READY } end
if phase == 'live' then return { CODE.OK, tonumber(redis.call('HGET', K_META, 'frozenSize')), 0 } end
local size = tonumber(redis.call('HGET', K_META, 'nextArrival'))
redis.call('HSET', K_META, 'phase', 'live', 'frozenSize', size, 'seed', seed, 'frozenAt', now,
  'allowance', 0, 'allowanceAt', now, 'healthShare', startShare)
return { CODE.OK, size, 1 }
