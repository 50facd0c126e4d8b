-- wrk: GET /api/cases/{id}/agenda for random cases 1..CASES (env CASES, default 37000).
local cases = tonumber(os.getenv("CASES") or "37000")
math.randomseed(2016)
request = function()
  return wrk.format("GET", "/api/cases/" .. math.random(1, cases) .. "/agenda")
end
