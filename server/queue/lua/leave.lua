--[[
  leave: a fan gives up their place for good. A shopper's slot frees at once; a fan still waiting
  is marked dealt with, so the pacer passes their place even if another tab of theirs keeps them
  present. Joining again returns the same place, done. [Q14]

  KEYS[1] arrivals  zset: account -> arrival number
  KEYS[2] active    zset: account -> shopping window end
  KEYS[3] admitted  hash: account -> "place|windowEnd|admittedAt" (place 0 and no admittedAt: left
                    before their turn)
  KEYS[4] seen      zset: account -> last seen
  ARGV[1] account
  ARGV[2] now, ms (the caller's clock)

  Returns {CODE.OK, left (0|1)}: 0 when the account never joined (nothing is written)
]]
local K_ARRIVALS, K_ACTIVE, K_ADMITTED, K_SEEN = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

local account, now = ARGV[1], ARGV[2]
if not redis.call('ZSCORE', K_ARRIVALS, account) then return { CODE.OK, 0 } end
redis.call('ZREM', K_SEEN, account)
if redis.call('ZREM', K_ACTIVE, account) == 1 then
  local place, admittedAt = string.match(redis.call('HGET', K_ADMITTED, account) or '0|0|', '^(%d+)|%d+|?(%d*)')
  redis.call('HSET', K_ADMITTED, account, place .. '|' .. now .. '|' .. admittedAt)
else
  redis.call('HSETNX', K_ADMITTED, account, '0|' .. now)
end
return { CODE.OK, 1 }
