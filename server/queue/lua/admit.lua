--[[
  admit: one admission step of the pacer. First, shoppers who have gone away give their slot back:
  those seen since their admission but not for the idle time (they shopped and closed the page),
  and those never seen since it for longer than the grace (away when admitted). Then it walks the
  places after the cursor, in order, given as (place, account) candidates: a fan seen within the
  grace is admitted while active shoppers stay under the cap and the rate allows; a fan gone longer
  is passed as a no-show. The cap is checked here, atomically, so two pacers at once cannot
  overshoot it; the cursor only moves forward and no one is admitted twice. [Q10, Q11, Q12, Q14]

  KEYS[1] meta      hash: cursor, paused, cap, ratePerSecond, windowMs, graceMs, allowance,
                          allowanceAt, admittedTotal, noShows, healthShare (the share of the
                          rate the governor admits now, [Q17]; absent: all of it)
  KEYS[2] active    zset: account -> shopping window end, ms
  KEYS[3] admitted  hash: account -> "place|windowEnd|admittedAt" (everyone ever admitted)
  KEYS[4] seen      zset: account -> last seen, ms
  ARGV[1] now, ms (the caller's clock)
  ARGV[2] shopper idle time, ms (0: shoppers keep their slot until their window ends)
  ARGV[3...] candidates: place, account, place, account, ... in increasing place order

  Returns {CODE.OK, admittedNow, cursor, activeShoppers, noShowsNow, idleReleased,
           account admitted, ...}
          {CODE.QUEUE_NOT_READY}
]]
local K_META, K_ACTIVE, K_ADMITTED, K_SEEN = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

local now, idleMs = tonumber(ARGV[1]), tonumber(ARGV[2])
local m = redis.call('HMGET', K_META, 'cursor', 'paused', 'cap', 'ratePerSecond', 'windowMs', 'graceMs',
  'allowance', 'allowanceAt', 'healthShare')
if not m[1] then return { CODE.QUEUE_NOT_READY } end
local cursor, paused, cap = tonumber(m[1]), m[2] == '1', tonumber(m[3])
-- As governedRate in admission-governor.ts: whole fans a second, at least one.
local rate = math.max(1, math.floor(math.floor(tonumber(m[4]) * tonumber(m[9] or '1') * 1000 + 0.5) / 1000))
local windowMs, graceMs = tonumber(m[5]), tonumber(m[6])

redis.call('ZREMRANGEBYSCORE', K_ACTIVE, '-inf', now)

-- Shoppers who closed every tab: their slot goes to the next fan. At most this many are looked at
-- a step, those whose windows end first (admitted earliest).
local IDLE_CHECKS_PER_STEP = 5000
local idleReleased = 0
if idleMs > 0 then
  for _, account in ipairs(redis.call('ZRANGE', K_ACTIVE, 0, IDLE_CHECKS_PER_STEP - 1)) do
    local lastSeen = tonumber(redis.call('ZSCORE', K_SEEN, account) or '0')
    local entry = redis.call('HGET', K_ADMITTED, account) or ''
    local place, admittedAt = string.match(entry, '^(%d+)|%d+|(%d+)')
    local since = tonumber(admittedAt or '0')
    local limit = lastSeen >= since and idleMs or math.max(idleMs, graceMs)
    if now - math.max(lastSeen, since) > limit then
      redis.call('ZREM', K_ACTIVE, account)
      redis.call('HSET', K_ADMITTED, account, (place or '0') .. '|' .. now .. '|' .. (admittedAt or ''))
      idleReleased = idleReleased + 1
    end
  end
end
local activeCount = redis.call('ZCARD', K_ACTIVE)

-- A token bucket: `rate` a second, for the time since the last step, up to BUCKET_SECONDS of it.
-- Steps come every second plus the step's own time (seconds on a loaded node): a bucket of one
-- second admitted a third of the rate when they came every three. The shuffle at T0 (freeze.lua)
-- and resuming (QueueService.changeSettings) start it empty, so neither admits a burst.
local BUCKET_SECONDS = 5
local allowance = math.min(rate * BUCKET_SECONDS, tonumber(m[7]) + rate * math.max(0, now - tonumber(m[8])) / 1000)
if paused then
  redis.call('HSET', K_META, 'allowance', allowance, 'allowanceAt', now)
  return { CODE.OK, 0, cursor, activeCount, 0, idleReleased }
end

local admitted, noShows, admittedAccounts = 0, 0, {}
for i = 3, #ARGV - 1, 2 do
  local place, account = tonumber(ARGV[i]), ARGV[i + 1]
  if place == cursor + 1 then
    local lastSeen = tonumber(redis.call('ZSCORE', K_SEEN, account) or '0')
    if redis.call('HEXISTS', K_ADMITTED, account) == 1 then
      cursor = place -- dealt with already (a second pacer, or a re-run)
    elseif now - lastSeen > graceMs then
      noShows = noShows + 1
      cursor = place
    elseif activeCount < cap and allowance >= 1 then
      local windowEnd = now + windowMs
      redis.call('ZADD', K_ACTIVE, windowEnd, account)
      redis.call('HSET', K_ADMITTED, account, place .. '|' .. windowEnd .. '|' .. now)
      activeCount, allowance, admitted = activeCount + 1, allowance - 1, admitted + 1
      admittedAccounts[admitted] = account
      cursor = place
    else
      break
    end
  end
end

redis.call('HSET', K_META, 'cursor', cursor, 'allowance', allowance, 'allowanceAt', now)
if admitted > 0 then redis.call('HINCRBY', K_META, 'admittedTotal', admitted) end
if noShows > 0 then redis.call('HINCRBY', K_META, 'noShows', noShows) end
local reply = { CODE.OK, admitted, cursor, activeCount, noShows, idleReleased }
for i = 1, admitted do reply[6 + i] = admittedAccounts[i] end
return reply
