-- One token bucket per key (a hash: tokens, ts), refilled by elapsed time on Redis's clock.
-- Takes up to ARGV[4] tokens, in whole requests of ARGV[3] tokens each, and answers how many it
-- took and how many are left, so a gateway replica can spend a lease locally.
-- KEYS[1] the bucket; ARGV: replenish rate (tokens/s), burst capacity, tokens per request, wanted.
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local wanted = tonumber(ARGV[4])
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local since = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - since) * rate)
local granted = math.min(wanted, math.floor(tokens / cost) * cost)
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
-- A bucket left alone refills completely within capacity / rate seconds; then it needs no state.
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return { granted, math.floor(tokens) }
