-- wrk: the caseload of bench/caseload.lua at a held rate. Each of wrk's connections is an
-- officer who asks again PACE_MS after the previous answer (wrk leaves the pause out of the
-- latency), so 200 connections with PACE_MS=20 offer at most 10,000 requests a second: the
-- latency measured is the server's answer under that load, not a queue the tool builds itself.
-- Usage: PACE_MS=20 wrk -t2 -c200 -d20s --latency -s bench/caseload-paced.lua URL
local dir = os.getenv("BENCH_DIR") or "target/bench"
local pace = tonumber(os.getenv("PACE_MS") or "20")
local tokens, officers = {}, {}
for line in io.lines(dir .. "/tokens.txt") do
  local kato, secret = line:match("(%S+) (%S+)")
  tokens[kato] = "Bearer " .. secret
end
for line in io.lines(dir .. "/officers.txt") do
  local id, kato = line:match("(%S+) (%S+)")
  officers[#officers + 1] = { id, tokens[kato] }
end
local requests = {}
for i, o in ipairs(officers) do
  requests[i] = wrk.format("GET", "/api/cases?officer_id=" .. o[1] .. "&limit=60", { ["Authorization"] = o[2] })
end
-- Each of wrk's threads its own seed: with one seed for all, every thread asked for the same
-- items in the same order (measured so until 2026-12-04; BENCHMARKS.md).
local threads = 0
setup = function(thread)
  thread:set("seed", 2016 + threads)
  threads = threads + 1
end
init = function()
  math.randomseed(seed)
end
request = function()
  return requests[math.random(1, #requests)]
end
delay = function()
  return pace
end
