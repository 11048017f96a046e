-- wrk -s bench/wrk/scenario.lua: requests go round the paths listed in the file $BENCH_PATHS (one a line), each
-- thread starting at its own place, with the sign-in cookie $BENCH_COOKIE (bench/run signs in through the login
-- form once); $BENCH_METHOD, $BENCH_BODY and $BENCH_HEADER ("Name: value") for the API. done() prints one line:
-- RESULT p50_ms p95_ms p99_ms requests_per_s requests non_2xx errors
local paths = {}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    if #line > 0 then table.insert(paths, line) end
  end
  i = (id * 7919) % #paths
  wrk.method = os.getenv("BENCH_METHOD") or "GET"
  local body = os.getenv("BENCH_BODY")
  if body and #body > 0 then
    wrk.body = body
    wrk.headers["Content-Type"] = "application/json"
  end
  local cookie = os.getenv("BENCH_COOKIE")
  if cookie and #cookie > 0 then wrk.headers["Cookie"] = cookie end
  local header = os.getenv("BENCH_HEADER")
  if header and #header > 0 then
    local name, value = header:match("^([^:]+):%s*(.*)$")
    wrk.headers[name] = value
  end
end

function request()
  i = i % #paths + 1
  return wrk.format(nil, paths[i])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / seconds, summary.requests, bad, errors))
end
