-- What the wrk scripts share: bench/prepare.sh's lists in BENCH_DIR (default target/bench; run
-- wrk from the repository's root), and a seed of its own for each of wrk's threads (with one
-- seed for all, every thread asked for the same items in the same order: measured so until
-- 2026-12-04, BENCHMARKS.md).
local M = {}
M.dir = os.getenv("BENCH_DIR") or "target/bench"

-- `{ id, "Bearer …" }` for each line of NAME.txt (`cases` or `officers`): the id and the token
-- of the head of its service.
function M.with_tokens(name)
  local tokens, out = {}, {}
  for line in io.lines(M.dir .. "/tokens.txt") do
    local kato, secret = line:match("(%S+) (%S+)")
    tokens[kato] = "Bearer " .. secret
  end
  for line in io.lines(M.dir .. "/" .. name .. ".txt") do
    local id, kato = line:match("(%S+) (%S+)")
    out[#out + 1] = { id, tokens[kato] }
  end
  return out
end

-- A random one of `requests` per request, each thread from its own seed (defines wrk's
-- `setup`, `init` and `request`).
function M.random_requests(requests)
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
end

return M
