-- wrk script: POST the bundled scenario to /api/v1/forecast (body read from scenario.json,
-- written by bench/serve-load.sh). Run by bench/serve-load.sh; numbers in docs/BENCHMARKS.md.
local f = assert(io.open(os.getenv("PARLEY_BODY") or "scenario.json", "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.path = "/api/v1/forecast"

local errors = 0
function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx+socket errors %d, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
