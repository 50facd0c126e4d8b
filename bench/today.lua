-- wrk: GET /today as one of 200 officers (about 60 cases each), each request a random one of
-- bench/sessions.sh's signed-in sessions. BENCH_DIR (default target/bench) holds the list.
local dir = os.getenv("BENCH_DIR") or "target/bench"
local requests = {}
for line in io.lines(dir .. "/sessions.txt") do
  requests[#requests + 1] = wrk.format("GET", "/today", { ["Cookie"] = line .. "; probatio_lang=ru" })
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
