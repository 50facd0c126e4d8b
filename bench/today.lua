-- wrk: GET /today as one of 200 officers (about 60 cases each), each request a random one of
-- bench/sessions.sh's signed-in sessions. BENCH_DIR (default target/bench) holds the list.
local dir = os.getenv("BENCH_DIR") or "target/bench"
local requests = {}
for line in io.lines(dir .. "/sessions.txt") do
  requests[#requests + 1] = wrk.format("GET", "/today", { ["Cookie"] = line .. "; probatio_lang=ru" })
end
math.randomseed(2016)
request = function()
  return requests[math.random(1, #requests)]
end
