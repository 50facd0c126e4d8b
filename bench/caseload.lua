-- wrk: GET /api/cases?officer_id=N&limit=60 — an officer's caseload, most urgent first,
-- for random officers 1..OFFICERS (env OFFICERS, default 60).
local officers = tonumber(os.getenv("OFFICERS") or "60")
math.randomseed(2016)
request = function()
  return wrk.format("GET", "/api/cases?officer_id=" .. math.random(1, officers) .. "&limit=60")
end
