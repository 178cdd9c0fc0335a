--[[
  admit: one admission step of the pacer. Walks the places after the cursor, in order, given as
  (place, account) candidates: a fan seen within the grace is admitted while active shoppers stay
  under the cap and the rate allows; a fan gone longer is passed as a no-show. The cap is checked
  here, atomically, so two pacers at once cannot overshoot it; the cursor only moves forward and
  no one is admitted twice. [Q10, Q11, Q12]

  KEYS[1] meta      hash: cursor, paused, cap, ratePerSecond, windowMs, graceMs, allowance,
                          allowanceAt, admittedTotal, noShows
  KEYS[2] active    zset: account -> shopping window end, ms
  KEYS[3] admitted  hash: account -> "place|windowEnd" (everyone ever admitted)
  KEYS[4] seen      zset: account -> last seen, ms
  ARGV[1] now, ms
  ARGV[2...] candidates: place, account, place, account, ... in increasing place order

  Returns {admittedNow, cursor, activeShoppers, noShowsNow}
          {-1}  QUEUE_NOT_READY
]]
local now = tonumber(ARGV[1])
local m = redis.call('HMGET', KEYS[1], 'cursor', 'paused', 'cap', 'ratePerSecond', 'windowMs', 'graceMs',
  'allowance', 'allowanceAt')
if not m[1] then return { -1 } end
local cursor, paused, cap, rate = tonumber(m[1]), m[2] == '1', tonumber(m[3]), tonumber(m[4])
local windowMs, graceMs = tonumber(m[5]), tonumber(m[6])

redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local activeCount = redis.call('ZCARD', KEYS[2])

-- A token bucket holding at most one second of admissions: at most `rate` a second.
local allowance = math.min(rate, tonumber(m[7]) + rate * math.max(0, now - tonumber(m[8])) / 1000)
if paused then
  redis.call('HSET', KEYS[1], 'allowance', allowance, 'allowanceAt', now)
  return { 0, cursor, activeCount, 0 }
end

local admitted, noShows = 0, 0
for i = 2, #ARGV - 1, 2 do
  local place, account = tonumber(ARGV[i]), ARGV[i + 1]
  if place == cursor + 1 then
    local lastSeen = tonumber(redis.call('ZSCORE', KEYS[4], account) or '0')
    if redis.call('HEXISTS', KEYS[3], account) == 1 then
      cursor = place -- dealt with already (a second pacer, or a re-run)
    elseif now - lastSeen > graceMs then
      noShows = noShows + 1
      cursor = place
    elseif activeCount < cap and allowance >= 1 then
      local windowEnd = now + windowMs
      redis.call('ZADD', KEYS[2], windowEnd, account)
      redis.call('HSET', KEYS[3], account, place .. '|' .. windowEnd)
      activeCount, allowance, admitted = activeCount + 1, allowance - 1, admitted + 1
      cursor = place
    else
      break
    end
  end
end

redis.call('HSET', KEYS[1], 'cursor', cursor, 'allowance', allowance, 'allowanceAt', now)
if admitted > 0 then redis.call('HINCRBY', KEYS[1], 'admittedTotal', admitted) end
if noShows > 0 then redis.call('HINCRBY', KEYS[1], 'noShows', noShows) end
return { admitted, cursor, activeCount, noShows }
