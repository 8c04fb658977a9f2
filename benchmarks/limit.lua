-- wrk script: each thread stops after WRK_MAX_REQUESTS responses (a hard bound
-- beside wrk's own -d duration) and counts the X-Warta-Cache answers it saw.
local max = tonumber(os.getenv("WRK_MAX_REQUESTS") or "0")
local count = 0
local hits = 0

function response(status, headers, body)
   count = count + 1
   if headers["X-Warta-Cache"] == "hit" then
      hits = hits + 1
   end
   if max > 0 and count >= max then
      wrk.thread:stop()
   end
end
