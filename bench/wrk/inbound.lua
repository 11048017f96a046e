-- wrk -s bench/wrk/inbound.lua: POSTs the signed IM webhook deliveries of the file $BENCH_MESSAGES (bench/inbound
-- writes it; a line: conversation, timestamp, signature, JSON body, tab-separated) to $BENCH_PATH. Thread k of
-- $BENCH_THREADS sends the conversations with number % threads = k, in order, on its one connection — as a gateway
-- delivers one conversation's messages one after the other. done() prints one line:
-- RESULT p50_ms p95_ms p99_ms requests_per_s requests non_2xx errors
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local threads = tonumber(os.getenv("BENCH_THREADS"))
  messages = {}
  for line in io.lines(os.getenv("BENCH_MESSAGES")) do
    local conversation, timestamp, signature, body = line:match("^(%d+)\t(%d+)\t([^\t]+)\t(.*)$")
    if conversation and tonumber(conversation) % threads == id then
      table.insert(messages, { timestamp, signature, body })
    end
  end
  i = 0
  path = os.getenv("BENCH_PATH")
end

function request()
  i = i % #messages + 1
  local m = messages[i]
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["X-HelpDesk-Timestamp"] = m[1],
    ["X-HelpDesk-Signature"] = m[2],
  }, m[3])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / seconds, summary.requests, bad, errors))
end
