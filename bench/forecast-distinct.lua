-- wrk script: like forecast.lua, but every request's scenario has its own title, so no two
-- requests are the same and each is computed (no answer comes from the server's cache).
-- Run by bench/serve-load.sh distinct; numbers in docs/BENCHMARKS.md.
local f = assert(io.open(os.getenv("PARLEY_BODY") or "scenario.json", "r"))
local body = f:read("*a")
f:close()
local n = 0
local errors = 0

request = function()
  n = n + 1
  local b = string.gsub(body, '"title":"', '"title":"' .. n .. ' ', 1)
  return wrk.format("POST", "/api/v1/forecast", {["Content-Type"] = "application/json"}, b)
end

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
