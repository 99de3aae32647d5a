-- wrk script: HTTP/1.1 pipelining. Each write sends DEPTH requests for the URL's path back to back (default 16);
-- wrk counts every response. Usage: wrk -s weft-bench/pipeline.lua URL -- [DEPTH]
init = function(args)
  local depth = tonumber(args[1]) or 16
  local r = {}
  for i = 1, depth do
    r[i] = wrk.format(nil)
  end
  req = table.concat(r)
end

request = function()
  return req
end
