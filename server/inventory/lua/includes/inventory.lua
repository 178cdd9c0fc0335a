--[[
  Shared by the inventory scripts (pulled in with `--- @include "includes/inventory.lua"`).

  Every seat-changing script takes the same first eight keys:
    KEYS[1] meta          hash: ready ("1" once the show's inventory is built), limit (seats per account),
                                epoch (ms when the inventory was built; versions restart at 0 with it)
    KEYS[2] holds         hash: holdId -> JSON {o = owner, e = expiresAt ms, x = extended 0|1,
                                                p = pinned order id or "", s = {{section, seat, tier}, ...}}
    KEYS[3] holdExpiries  zset: holdId scored by expiresAt ms
    KEYS[4] available     hash: "s<section>" and "t<tier>" -> free seats
    KEYS[5] versions      hash: section -> version, +1 per script call that changes the section
    KEYS[6] accountSeats  hash: owner -> seats held or bought in this show
    KEYS[7] changes       stream: one entry per changed section per call: e = epoch, s = section,
                                  v = version, c = "seat:status,...", f = free seats left
    KEYS[8] statuses      string: one SEAT_STATUS digit per seat of the show, at the seat's index
                                  (what a snapshot reads: kept in step by recordChange)
    KEYS[9...]            the seat hashes of the sections named in ARGV (see readSections)

  Replies start with CODE.OK or a refusal's CODE.<NAME>, and nowMs() is Redis's clock: both come
  from the prelude LuaScripts puts before every script (codes named in script-codes.ts).

  A seat hash maps seat index -> "H|<holdId>" (held), "S|<orderId>" (sold) or "B|<reason>"
  (blocked); a seat absent from its hash is free. Note: HGET of a missing field returns false, not nil.
]]
local K_META, K_HOLDS, K_HOLD_EXPIRIES, K_AVAILABLE, K_VERSIONS, K_ACCOUNT_SEATS, K_CHANGES, K_STATUSES =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local FIRST_SECTION_KEY = 9

local STATUS_FREE, STATUS_HELD, STATUS_SOLD, STATUS_BLOCKED = 0, 1, 2, 3
local CHANGES_MAX_LENGTH = 200000

local function isReady()
  return redis.call('HGET', K_META, 'ready') == '1'
end

-- ARGV[at] = n, ARGV[at+1 .. at+n] = section ids whose seat hashes are KEYS[9 ..].
-- Returns section id (number) -> key, and the index of the next unread ARGV.
local function readSections(at)
  local count = tonumber(ARGV[at])
  local keyOf = {}
  for i = 1, count do
    keyOf[tonumber(ARGV[at + i])] = KEYS[FIRST_SECTION_KEY + i - 1]
  end
  return keyOf, at + count + 1
end

-- ARGV[at] = n, then n triples: section, seat, tier. Returns a list of {section, seat, tier}.
local function readSeats(at)
  local count = tonumber(ARGV[at])
  local seats = {}
  for i = 1, count do
    local base = at + (i - 1) * 3
    seats[i] = { tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3]) }
  end
  return seats
end

local function loadHold(holdId)
  local raw = redis.call('HGET', K_HOLDS, holdId)
  if not raw then return nil end
  return cjson.decode(raw)
end

local function saveHold(holdId, hold)
  redis.call('HSET', K_HOLDS, holdId, cjson.encode(hold))
  redis.call('ZADD', K_HOLD_EXPIRIES, hold.e, holdId)
end

local function deleteHold(holdId)
  redis.call('HDEL', K_HOLDS, holdId)
  redis.call('ZREM', K_HOLD_EXPIRIES, holdId)
end

local function addAccountSeats(owner, delta)
  if delta == 0 or owner == nil or owner == '' then return end
  if redis.call('HINCRBY', K_ACCOUNT_SEATS, owner, delta) <= 0 then
    redis.call('HDEL', K_ACCOUNT_SEATS, owner)
  end
end

local function addFree(section, tier, delta)
  redis.call('HINCRBY', K_AVAILABLE, 's' .. section, delta)
  redis.call('HINCRBY', K_AVAILABLE, 't' .. tier, delta)
end

-- Changes of this call, per section, appended to the stream by publishChanges.
local changedSeats, changedOrder = {}, {}

local function recordChange(section, seat, status)
  redis.call('SETRANGE', K_STATUSES, seat, status)
  local list = changedSeats[section]
  if not list then
    list = {}
    changedSeats[section] = list
    changedOrder[#changedOrder + 1] = section
  end
  list[#list + 1] = seat .. ':' .. status
end

local function publishChanges()
  if #changedOrder == 0 then return end
  local epoch = redis.call('HGET', K_META, 'epoch') or '0'
  for _, section in ipairs(changedOrder) do
    local version = redis.call('HINCRBY', K_VERSIONS, section, 1)
    local free = redis.call('HGET', K_AVAILABLE, 's' .. section) or '0'
    redis.call('XADD', K_CHANGES, 'MAXLEN', '~', CHANGES_MAX_LENGTH, '*',
      'e', epoch, 's', section, 'v', version, 'c', table.concat(changedSeats[section], ','), 'f', free)
  end
end

-- Removes one seat from another hold (taken over after expiry, or sold by PostgreSQL's word).
local function detachSeatFromHold(holdId, seat, cache)
  local hold = cache[holdId]
  if hold == nil then
    hold = loadHold(holdId) or false
    cache[holdId] = hold
  end
  if not hold then return end
  for i, entry in ipairs(hold.s) do
    if entry[2] == seat then
      table.remove(hold.s, i)
      addAccountSeats(hold.o, -1)
      break
    end
  end
end

local function saveDetachedHolds(cache)
  for holdId, hold in pairs(cache) do
    if hold then
      if #hold.s == 0 then deleteHold(holdId) else saveHold(holdId, hold) end
    end
  end
end

-- Frees the seats a hold still holds (seats taken over since are skipped); returns how many.
local function freeSeatsOfHold(holdId, hold, keyOf)
  local freed = 0
  for _, entry in ipairs(hold.s) do
    local section, seat, tier = entry[1], entry[2], entry[3]
    local key = keyOf[section]
    if key and redis.call('HGET', key, seat) == 'H|' .. holdId then
      redis.call('HDEL', key, seat)
      addFree(section, tier, 1)
      recordChange(section, seat, STATUS_FREE)
      freed = freed + 1
    end
  end
  return freed
end

-- For block and unblock: each seat must be free or blocked. Returns the seats' current values, or
-- nil and an error reply.
local function readFreeOrBlocked(keyOf, seats)
  local previous = {}
  for i, entry in ipairs(seats) do
    local key = keyOf[entry[1]]
    if not key then return nil, { CODE.SECTION_KEY_MISSING, entry[2] } end
    local value = redis.call('HGET', key, entry[2])
    if value and string.sub(value, 1, 2) ~= 'B|' then return nil, { CODE.SEAT_UNAVAILABLE, entry[2] } end
    previous[i] = value
  end
  return previous
end

local function holdIdOf(value)
  if value and string.sub(value, 1, 2) == 'H|' then return string.sub(value, 3) end
  return nil
end
