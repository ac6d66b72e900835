-- wrk script: config updates spread over BENCH_NAMESPACES namespaces w1..wN (config "counter"
-- in each), each a new value (If-Match: * takes any version).
local namespaces = tonumber(os.getenv("BENCH_NAMESPACES") or "8")
local counter = 0
request = function()
  counter = counter + 1
  local path = "/api/v1/namespaces/w" .. (counter % namespaces + 1) .. "/configs/counter"
  return wrk.format("PUT", path, nil, '{"value": ' .. counter .. '}')
end
