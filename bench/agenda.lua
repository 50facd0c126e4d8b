-- wrk: GET /api/cases/{id}/agenda for random cases, each as the head of the case's own
-- service (an API token). BENCH_DIR (default target/bench) holds bench/prepare.sh's lists.
local dir = os.getenv("BENCH_DIR") or "target/bench"
local tokens, cases = {}, {}
for line in io.lines(dir .. "/tokens.txt") do
  local kato, secret = line:match("(%S+) (%S+)")
  tokens[kato] = "Bearer " .. secret
end
for line in io.lines(dir .. "/cases.txt") do
  local id, kato = line:match("(%S+) (%S+)")
  cases[#cases + 1] = { id, tokens[kato] }
end
-- Every request is formatted once, here: formatting one per request in Lua took about a
-- third of a core from the server the benchmark measures.
local requests = {}
for i, c in ipairs(cases) do
  requests[i] = wrk.format("GET", "/api/cases/" .. c[1] .. "/agenda", { ["Authorization"] = c[2] })
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
