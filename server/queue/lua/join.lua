--[[
  join: gives an account its place in a sale's waiting room, once. [Q1, Q3, Q4]

  KEYS[1] meta      hash: phase, opensAt, closesAt, nextArrival, frozenSize, ... (see queue.service.ts)
  KEYS[2] arrivals  zset: account -> arrival number (0, 1, 2, ...)
  KEYS[3] seen      zset: account -> last seen, ms
  ARGV[1] account
  ARGV[2] now, ms (the caller's clock)
  ARGV[3...] meta fields to read back with the answer (saves the caller a round trip)

  Returns {CODE.OK, arrival, joinedBefore (0|1), meta values...}
          {CODE.QUEUE_NOT_READY}  (the sale's queue is not set up)
          {CODE.QUEUE_NOT_OPEN}
          {CODE.QUEUE_CLOSED}
]]
local K_META, K_ARRIVALS, K_SEEN = KEYS[1], KEYS[2], KEYS[3]

local account, now = ARGV[1], tonumber(ARGV[2])
local settings = redis.call('HMGET', K_META, 'phase', 'opensAt', 'closesAt')
if not settings[1] then return { CODE.QUEUE_NOT_READY } end

local existing = redis.call('ZSCORE', K_ARRIVALS, account)
local function withMeta(reply)
  local fields = { unpack(ARGV, 3) }
  if #fields == 0 then return reply end
  local values = redis.call('HMGET', K_META, unpack(fields))
  for i = 1, #fields do reply[3 + i] = values[i] or false end
  return reply
end

if existing then
  redis.call('ZADD', K_SEEN, now, account)
  return withMeta({ CODE.OK, tonumber(existing), 1 })
end

-- A refused join writes nothing.
if now < tonumber(settings[2]) then return { CODE.QUEUE_NOT_OPEN } end
if now >= tonumber(settings[3]) then return { CODE.QUEUE_CLOSED } end
local arrival = redis.call('HINCRBY', K_META, 'nextArrival', 1) - 1
redis.call('ZADD', K_ARRIVALS, arrival, account)
redis.call('ZADD', K_SEEN, now, account)
return withMeta({ CODE.OK, arrival, 0 })
