-- wrk: POST /api/cases/{id}/documents — a registration receipt in Kazakh issued for a random
-- case, as the head of the case's own service (an API token): the register's facts gathered,
-- the PDF typeset, hashed and recorded in the case's log. Each thread walks the cases in order
-- from its own place, so no two requests in flight are for one case (two such would meet as
-- any two appends do: the second refused with 409, nothing lost). Lists: bench/lists.lua.
local lists = dofile("bench/lists.lua")
local cases = lists.with_tokens("cases")
local body = '{"kind": "receipt", "lang": "kk"}'
local requests = {}
for i, c in ipairs(cases) do
  requests[i] = wrk.format("POST", "/api/cases/" .. c[1] .. "/documents",
    { ["Authorization"] = c[2], ["Content-Type"] = "application/json" }, body)
end
local threads = 0
setup = function(thread)
  thread:set("start", threads * 15000)
  threads = threads + 1
end
local at
request = function()
  at = ((at or start or 0) % #requests) + 1
  return requests[at]
end
