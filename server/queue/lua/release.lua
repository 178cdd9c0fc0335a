--[[
  release: a shopper's slot frees (their order is paid, or they leave). [Q14]

  KEYS[1] active    zset: account -> shopping window end
  KEYS[2] admitted  hash: account -> "place|windowEnd|admittedAt" (the window end becomes now)
  ARGV[1] account
  ARGV[2] now, ms (the caller's clock): the window is closed at this time

  Returns {CODE.OK, freed (0|1)}
]]
local K_ACTIVE, K_ADMITTED = KEYS[1], KEYS[2]

local account, now = ARGV[1], ARGV[2]
local freed = redis.call('ZREM', K_ACTIVE, account)
local entry = redis.call('HGET', K_ADMITTED, account)
if entry then
  local place, admittedAt = string.match(entry, '^(%d+)|%d+|?(%d*)')
  redis.call('HSET', K_ADMITTED, account, place .. '|' .. now .. '|' .. admittedAt)
end
return { CODE.OK, freed }
