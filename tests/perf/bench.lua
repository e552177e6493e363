-- wrk's script for `make bench` (tests/perf/bench_http.py), set by environment variables:
--   BENCH_MODE=get     GET BENCH_PATH (a cached page is served from the cache)
--   BENCH_MODE=unique  GET BENCH_PATH with a query string of its own per request: no cache
--                      can answer, every request renders (the cold figures)
--   BENCH_MODE=post    POST a registration to BENCH_PATH as a new visitor: a CSRF cookie and
--                      token from BENCH_PAIRS (lines "cookie token", fetched beforehand), a
--                      distinct email and a distinct X-Forwarded-For address per request
--                      (in 10.BENCH_NET.0.0/16)
-- BENCH_COOKIE is sent with get and unique (a signed-in session). `done` prints one line,
-- BENCH_JSON {...}, for the Python side to read.
local mode = os.getenv("BENCH_MODE") or "get"
local path = os.getenv("BENCH_PATH") or "/"
local cookie = os.getenv("BENCH_COOKIE") or ""
local origin = os.getenv("BENCH_ORIGIN") or ""
local tag = os.getenv("BENCH_TAG") or "run"
local net = tonumber(os.getenv("BENCH_NET") or "0")
local threads = {}
local counter = 0
local csrf = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  if mode == "post" then
    for line in io.lines(os.getenv("BENCH_PAIRS")) do
      local c, t = line:match("^(%S+)%s+(%S+)$")
      if c then table.insert(csrf, {c, t}) end
    end
  end
end

function request()
  counter = counter + 1
  local headers = {["X-Forwarded-Proto"] = "https"}
  if cookie ~= "" then headers["Cookie"] = cookie end
  if mode == "get" then
    return wrk.format("GET", path, headers)
  end
  if mode == "unique" then
    local sep = path:find("?", 1, true) and "&" or "?"
    return wrk.format("GET", path .. sep .. "bench=" .. tag .. "-" .. tid .. "-" .. counter, headers)
  end
  local pair = csrf[(counter + tid * 7919) % #csrf + 1]
  local n = tid * 1000000 + counter
  headers["Cookie"] = "csrftoken=" .. pair[1]
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Origin"] = origin
  headers["Referer"] = origin .. path
  -- The run's own network (BENCH_NET, drawn per run), so that the runs of an hour do not add up
  -- to the rate limit per address.
  headers["X-Forwarded-For"] = string.format(
    "10.%d.%d.%d", net, (tid % 2) * 128 + math.floor(counter / 256) % 128, counter % 256)
  local body = "csrfmiddlewaretoken=" .. pair[2] .. "&name=Bench+visitor+" .. n
    .. "&email=bench-" .. tag .. "-" .. n .. "%40example.net&phone=&language=en&consent=on"
    .. "&accessibility_needs=&website="
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
    .. '"mean_us": %.1f, "errors_status": %d, "errors_connect": %d, "errors_read": %d, '
    .. '"errors_write": %d, "errors_timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, e.status, e.connect, e.read, e.write, e.timeout))
end
