-- wrk script for the sandbox under load: POST /v1/one_time_payment form bodies, each with
-- its own traceId, or (argument "static") GET of a small static file as the baseline.
-- A request counts as failed unless the answer is 2xx and, for the API, "success":true.
-- done() prints one JSON line.
--
--   wrk -t T -c C -d 5s --latency -s load.lua http://127.0.0.1:PORT/v1/one_time_payment -- api
--   wrk -t T -c C -d 5s --latency -s load.lua http://127.0.0.1:PORT/bench.txt -- static

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  table.insert(threads, thread)
end

local mode = "api"
local counter = 0
local failures = 0
local salt = 0

local base_body = "payeeId=a0d7791408776b47eb1dd3f94ed15d6a&quoteAmount=10.50&quoteAssetId=usd"
  .. "&settlementAssetId=c6d0c728-2624-429b-8e0d-d9d19b6592fa&isTemp=1&traceId="

function init(args)
  mode = args[1] or "api"
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  salt = math.random(0, 0xffff)
  if mode == "api" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
end

-- A UUID v4 unique per thread, run and request: thread, salt and counter in its digits.
local function trace_id()
  counter = counter + 1
  return string.format("%08x-%04x-4%03x-8%03x-%012x",
    os.time() % 0x100000000, salt, (thread_id or 0) % 0x1000, 0, counter)
end

function request()
  if mode == "api" then
    return wrk.format(nil, nil, nil, base_body .. trace_id())
  end
  return wrk.format()
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    failures = failures + 1
  elseif mode == "api" and not string.find(body, '"success":true', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do
    failed = failed + (t:get("failures") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,"failed":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.timeout, e.status, failed))
end
