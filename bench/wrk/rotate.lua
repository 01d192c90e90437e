-- wrk script for bench/endpoint_bench.py: rotate through request paths, report JSON.
--
--   wrk -t1 -c8 -d10s -s bench/wrk/rotate.lua http://127.0.0.1:PORT -- PATHS_FILE [ACCEPT]
--
-- PATHS_FILE holds one URL path (with its URL-encoded query string) a line.
-- Each request is a GET of the next path, with the Accept header given
-- (default application/sparql-results+json). done() prints one line
-- "WRKJSON {...}" with counts and latency percentiles in microseconds.

local paths = {}
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  wrk.headers["Accept"] = args[2] or "application/sparql-results+json"
  -- threads start at different places in the rotation
  next_index = (math.random(1, 1000003) % #paths)
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"min": %d, "mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
