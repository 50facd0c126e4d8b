-- wrk: the caseload of bench/caseload.lua at a held rate. Each of wrk's connections is an
-- officer who asks again PACE_MS after the previous answer (wrk leaves the pause out of the
-- latency), so 200 connections with PACE_MS=20 offer at most 10,000 requests a second: the
-- latency measured is the server's answer under that load, not a queue the tool builds itself.
-- Usage: PACE_MS=20 wrk -t2 -c200 -d20s --latency -s bench/caseload-paced.lua URL
dofile("bench/caseload.lua")
local pace = tonumber(os.getenv("PACE_MS") or "20")
delay = function()
  return pace
end
