-- wrk: GET /api/cases/{id}/agenda for random cases, each as the head of the case's own
-- service (an API token). Lists: bench/lists.lua.
local lists = dofile("bench/lists.lua")
-- Every request is formatted once, here: formatting one per request in Lua took about a
-- third of a core from the server the benchmark measures.
local requests = {}
for i, c in ipairs(lists.with_tokens("cases")) do
  requests[i] = wrk.format("GET", "/api/cases/" .. c[1] .. "/agenda", { ["Authorization"] = c[2] })
end
lists.random_requests(requests)
