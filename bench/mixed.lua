-- wrk's requests for bench/api_mixed.py: 70% reads, 20% updates, 10% creates, of the seeded
-- tasks FIRST_TASK .. FIRST_TASK + TASKS - 1 (environment variables), all of one person.
local first = tonumber(os.getenv("FIRST_TASK"))
local count = tonumber(os.getenv("TASKS"))
local urgencies = { "not_urgent", "urgent", "very_urgent" }
wrk.headers["Content-Type"] = "application/json"

request = function()
  local roll = math.random(100)
  local task = first + math.random(count) - 1
  if roll <= 70 then
    return wrk.format("GET", "/api/v1/tasks/" .. task)
  elseif roll <= 90 then
    local body = '{"urgency": "' .. urgencies[math.random(3)] .. '"}'
    return wrk.format("PATCH", "/api/v1/tasks/" .. task, nil, body)
  end
  return wrk.format("POST", "/api/v1/tasks", nil, '{"title": "made under load"}')
end
