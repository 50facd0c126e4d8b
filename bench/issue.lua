-- wrk: POST /api/cases/{id}/documents — a registration receipt in Kazakh issued for a random
-- case, as the head of the case's own service (an API token): the register's facts gathered,
-- the PDF typeset, hashed and recorded in the case's log. Two requests for the same case at
-- once meet as any two appends do: the second is refused (409) and nothing is lost; wrk counts
-- those as non-2xx. BENCH_DIR (default target/bench) holds bench/prepare.sh's lists.
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
local body = '{"kind": "receipt", "lang": "kk"}'
local requests = {}
for i, c in ipairs(cases) do
  requests[i] = wrk.format("POST", "/api/cases/" .. c[1] .. "/documents",
    { ["Authorization"] = c[2], ["Content-Type"] = "application/json" }, body)
end
math.randomseed(2016)
request = function()
  return requests[math.random(1, #requests)]
end
