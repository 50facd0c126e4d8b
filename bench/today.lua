-- wrk: GET /today as one of 200 officers (about 60 cases each), each request a random one of
-- bench/sessions.sh's signed-in sessions (BENCH_DIR, default target/bench).
local lists = dofile("bench/lists.lua")
local requests = {}
for line in io.lines(lists.dir .. "/sessions.txt") do
  requests[#requests + 1] = wrk.format("GET", "/today", { ["Cookie"] = line .. "; probatio_lang=ru" })
end
lists.random_requests(requests)
