-- wrk: GET /api/cases?officer_id=N&limit=60 — an officer's caseload, most urgent first, for
-- random officers, each as the head of the officer's service (an API token). Lists:
-- bench/lists.lua.
local lists = dofile("bench/lists.lua")
-- Every request is formatted once, here: formatting one per request in Lua took about a
-- third of a core from the server the benchmark measures.
local requests = {}
for i, o in ipairs(lists.with_tokens("officers")) do
  requests[i] = wrk.format("GET", "/api/cases?officer_id=" .. o[1] .. "&limit=60", { ["Authorization"] = o[2] })
end
lists.random_requests(requests)
