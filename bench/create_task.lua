-- wrk: POST a new task on every request; the token comes from the TOKEN environment variable.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/v1/tasks", nil, '{"title": "load ' .. counter .. '", "urgency": "urgent"}')
end
