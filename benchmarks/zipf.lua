-- wrk script: GET /api/v1/search?q=<question>, questions picked Zipf-like (popular ones repeat)
-- or each in turn (BENCH_MODE=distinct: every request a new question, so nothing is cached).
-- Questions come from the file named by BENCH_QUESTIONS, one URL-encoded query per line.
local questions = {}
local weights = {}
local total = 0
local mode = os.getenv("BENCH_MODE") or "zipf"
local s = tonumber(os.getenv("BENCH_ZIPF_S") or "1.0")
for line in io.lines(os.getenv("BENCH_QUESTIONS")) do
  if #line > 0 then
    questions[#questions + 1] = line
    total = total + 1 / ((#questions) ^ s)
    weights[#questions] = total
  end
end

local counter = 0
local thread_id = 0
local step = tonumber(os.getenv("BENCH_THREADS") or "2")

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  math.randomseed(os.time() + thread_id * 7919)
  -- BENCH_OFFSET: where this run starts in the list, so that runs never repeat a question.
  counter = tonumber(os.getenv("BENCH_OFFSET") or "0") + thread_id
end

local function pick()
  local r = math.random() * total
  local lo, hi = 1, #questions
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if weights[mid] < r then lo = mid + 1 else hi = mid end
  end
  return questions[lo]
end

function request()
  local q
  if mode == "distinct" then
    counter = counter + step
    q = questions[(counter % #questions) + 1]
  else
    q = pick()
  end
  return wrk.format("GET", "/api/v1/search?q=" .. q)
end

-- summary.errors.status counts responses with status >= 400 (wrk has no 3xx here).
function done(summary, latency, requests)
  local p = function(x) return latency:percentile(x) / 1000.0 end
  io.write(string.format(
    "BENCH requests=%d duration_s=%.3f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f " ..
    "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    p(50), p(95), p(99), summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
