-- wrk script: a steady stream of config updates, each a new value (If-Match: * takes any version).
counter = 0
request = function()
  counter = counter + 1
  local body = '{"value": ' .. counter .. '}'
  return wrk.format("PUT", nil, nil, body)
end
