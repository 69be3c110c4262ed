-- wrk script for bench/run.sh: one of the quota-server's metered routes, chosen by environment variables.
--
--   BENCH_ROUTE    smoke | check | consume | usage | tokens
--   BENCH_ORG      the organisation (tenant id) the access token belongs to (not needed for smoke and tokens)
--   BENCH_USER     tokens only: the user id (the user the bearer token belongs to)
--   BENCH_TOKEN    an org-scoped access token (Authorization: Bearer), for tokens the user's JWT; not needed for smoke
--   BENCH_RUN      a prefix that makes request ids unique across wrk runs against the same server
--   BENCH_OUT      file the result is written to (one JSON object)
--   BENCH_RATE     optional: pace the run at this many requests/s in total (open-loop approximation, see below)
--   BENCH_THREADS  wrk's -t, needed with BENCH_RATE (each thread paces itself at BENCH_RATE / BENCH_THREADS)
--
-- Bodies: check sends a fixed body (wrk's static fast path); consume and usage build a body per request with a
-- unique request_id (run prefix, thread number, counter), usage also with occurredAt = now (UTC, ISO-8601 Z);
-- tokens (POST /api/v1/tokens/consume) builds {"userId", "provider":"openai", "tokens":10, "prompt"} per request,
-- with a prompt made unique the same way (the echo provider answers it back).
-- Every response's status is counted per thread (2xx, 429, 402, other) and added up in done(); 402 (quota
-- exhausted) also counts as "other", so "other" stays "every non-2xx answer but 429".
--
-- Pacing: wrk has no constant-rate mode (that is wrk2, which Debian does not package). With BENCH_RATE set,
-- delay() holds each connection back so that each thread starts at most BENCH_RATE / BENCH_THREADS requests per
-- second. When the server falls behind, requests go out as soon as a connection is free and are counted as
-- "late"; wrk measures latency from the moment a request is written, so unlike wrk2 the queueing delay of a
-- late request is NOT in the percentiles (the late count tells whether that happened).

local route = os.getenv("BENCH_ROUTE") or "smoke"
local org = os.getenv("BENCH_ORG") or ""
local token = os.getenv("BENCH_TOKEN") or ""
local user = os.getenv("BENCH_USER") or ""
local run_id = os.getenv("BENCH_RUN") or tostring(os.time())
local out_file = os.getenv("BENCH_OUT")
local rate = tonumber(os.getenv("BENCH_RATE") or "")
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")

local json_headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
}

if route == "smoke" then
    wrk.method = "GET"
    wrk.path = "/api/diag/smoke"
elseif route == "check" then
    wrk.method = "POST"
    wrk.path = "/api/quota/check"
    wrk.headers = json_headers
    wrk.body = '{"orgId":"' .. org .. '","metric":"api_call"}'
elseif route == "consume" or route == "usage" or route == "tokens" then
    -- dynamic: request() below
else
    error("unknown BENCH_ROUTE " .. route)
end

-- main state: remember the threads so done() can collect their counters ---------------------------------------
local threads = {}
local next_thread = 0

function setup(thread)
    next_thread = next_thread + 1
    thread:set("tid", next_thread)
    table.insert(threads, thread)
end

-- thread states -------------------------------------------------------------------------------------------------
local counter = 0
n2xx, n429, n402, nother, late = 0, 0, 0, 0, 0

function init(args)
    prefix = run_id .. "-" .. route .. "-" .. tostring(tid) .. "-"
end

if route == "consume" then
    function request()
        counter = counter + 1
        local body = '{"orgId":"' .. org .. '","value":1,"request_id":"' .. prefix .. counter .. '"}'
        return wrk.format("POST", "/api/quota/consume", json_headers, body)
    end
elseif route == "usage" then
    local stamp_second, stamp = -1, nil
    function request()
        counter = counter + 1
        local t = os.time()
        if t ~= stamp_second then
            stamp_second, stamp = t, os.date("!%Y-%m-%dT%H:%M:%SZ", t)
        end
        local body = '{"orgId":"' .. org .. '","metric":"api_call","value":1,"occurredAt":"' .. stamp
                .. '","request_id":"' .. prefix .. counter .. '"}'
        return wrk.format("POST", "/api/v1/usage", json_headers, body)
    end
elseif route == "tokens" then
    local head = '{"userId":"' .. user .. '","provider":"openai","tokens":10,"prompt":"bench prompt '
    function request()
        counter = counter + 1
        local body = head .. prefix .. counter .. ': say something short"}'
        return wrk.format("POST", "/api/v1/tokens/consume", json_headers, body)
    end
end

function response(status, headers, body)
    if status >= 200 and status < 300 then
        n2xx = n2xx + 1
    elseif status == 429 then
        n429 = n429 + 1
    else
        if status == 402 then
            n402 = n402 + 1
        end
        nother = nother + 1
        if nother <= 3 then
            io.stderr:write("bench: " .. route .. " answered " .. status .. ": " .. tostring(body):sub(1, 300) .. "\n")
        end
    end
end

if rate then
    local ffi = require("ffi")
    ffi.cdef [[
        typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
        int clock_gettime(int clock_id, bench_timespec *tp);
    ]]
    local ts = ffi.new("bench_timespec")
    local function now_ms()
        ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
        return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
    end
    local interval = 1000 * nthreads / rate -- ms between two requests of this thread
    local next_at = nil

    function delay()
        local now = now_ms()
        if next_at == nil then
            next_at = now
        end
        next_at = next_at + interval
        if next_at < now - interval then
            -- more than one slot behind: the server (or the connections) cannot keep up; do not burst to catch up
            late = late + 1
            next_at = now
        end
        local wait = next_at - now
        if wait < 0 then
            return 0
        end
        return math.floor(wait + 0.5)
    end
end

-- main state again ----------------------------------------------------------------------------------------------
function done(summary, latency, requests)
    local s2, s429, s402, so, lt = 0, 0, 0, 0, 0
    for _, t in ipairs(threads) do
        s2 = s2 + (t:get("n2xx") or 0)
        s429 = s429 + (t:get("n429") or 0)
        s402 = s402 + (t:get("n402") or 0)
        so = so + (t:get("nother") or 0)
        lt = lt + (t:get("late") or 0)
    end
    local seconds = summary.duration / 1e6
    local e = summary.errors
    local result = string.format(
        '{"route":"%s","requests":%d,"seconds":%.3f,"rps":%.1f,"ok":%d,"s429":%d,"s402":%d,"other":%d,'
            .. '"late":%d,"socket_errors":%d,"timeouts":%d,"mean_ms":%.3f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,'
            .. '"p999_ms":%.3f,"max_ms":%.3f,"target_rps":%s}',
        route, summary.requests, seconds, summary.requests / seconds, s2, s429, s402, so, lt,
        e.connect + e.read + e.write, e.timeout, latency.mean / 1000,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency:percentile(99.9) / 1000, latency.max / 1000, rate and string.format("%.1f", rate) or "null")
    if out_file then
        local f = assert(io.open(out_file, "w"))
        f:write(result, "\n")
        f:close()
    end
    io.write(result, "\n")
end
