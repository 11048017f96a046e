#!/usr/bin/env bash
# docker-compose.yml for real: up (nginx, two app replicas, Redis, PostgreSQL) → /health/ready answers 200 through
# nginx → both replicas answer behind it → sign in as the demo agent through the login form (antiforgery token and
# cookie, whichever replica each request reaches) → the queue /agent/tickets with its tickets → the live hub's
# WebSocket upgrade through nginx → down -v (also on failure).
# Needs the images (docker/build-images.sh). Runs as its own compose project (helpdesk-smoke), so a stack you
# started yourself is never touched; HELPDESK_PORT (default 8080) is the host port, HELPDESK_SMOKE_REPLICAS (default
# 2) the number of app replicas (--scale web=N).
set -euo pipefail
cd "$(dirname "$0")/.."

port=${HELPDESK_PORT:-8080}
want=${HELPDESK_SMOKE_REPLICAS:-2} # app replicas behind nginx
export HELPDESK_PORT=$port
base="http://localhost:$port"
compose=(docker-compose -p helpdesk-smoke -f docker-compose.yml)
work=$(mktemp -d)
started=$(date +%s)

finish() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    echo "compose-smoke: FAILED; the containers' last log lines:" >&2
    "${compose[@]}" logs --no-color --tail 40 >&2 2>&1 || true
  fi
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap finish EXIT

fail() { echo "compose-smoke: $*" >&2; exit 1; }

"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true # a run killed halfway
echo "compose-smoke: docker-compose up -d --scale web=$want"
"${compose[@]}" up -d --scale web="$want" 2>&1 | sed 's/^/  /'

# The first start migrates and seeds the demo data.
for _ in $(seq 1 180); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready" || true)
  [ "$code" = 200 ] && break
  for id in $("${compose[@]}" ps -q web); do
    state=$(docker inspect --format '{{.State.Status}}' "$id" 2>/dev/null || echo unknown)
    [ "$state" = exited ] && fail "an app container exited"
  done
  sleep 1
done
[ "$code" = 200 ] || fail "GET /health/ready answered ${code:-nothing} after 180 s"
echo "compose-smoke: GET /health/ready = 200 after $(($(date +%s) - started)) s"

# Two replicas behind nginx, both ready (the second may still be waiting for the first one's migrations and seeding).
replicas=$("${compose[@]}" ps -q web | wc -l)
[ "$replicas" -ge "$want" ] || fail "$replicas web replica(s) running, expected $want"
declare -A answered=()
for _ in $(seq 1 240); do
  # X-HelpDesk-Upstream lists every replica nginx tried ("a, b"): the last one answered.
  response=$(curl -s -o /dev/null -D - -w 'code=%{http_code}' "$base/health/ready" | tr -d '\r' || true)
  upstream=$(awk -F': ' 'tolower($1) == "x-helpdesk-upstream" {print $2}' <<<"$response" | awk -F', ' '{print $NF}')
  [ -n "$upstream" ] && [ "${response##*code=}" = 200 ] && answered[$upstream]=1
  [ ${#answered[@]} -ge "$replicas" ] && break
  sleep 0.5
done
[ ${#answered[@]} -ge "$replicas" ] || fail "only ${!answered[*]} answered through nginx, expected $replicas replicas"
echo "compose-smoke: $replicas replicas behind nginx, each answered ready: ${!answered[*]}"

# Sign in through the real form: its antiforgery token and cookie, then the redirect to the agent's queue.
jar="$work/cookies"
curl -sf -c "$jar" -b "$jar" "$base/account/login" -o "$work/login.html" || fail "GET /account/login failed"
token=$(sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' "$work/login.html" | head -n 1)
[ -n "$token" ] || token=$(sed -n 's/.*name="__RequestVerificationToken"[^>]*value="\([^"]*\)".*/\1/p' "$work/login.html" | head -n 1)
[ -n "$token" ] || fail "no __RequestVerificationToken on /account/login"
result=$(curl -s -L -c "$jar" -b "$jar" -o "$work/queue.html" -w '%{http_code} %{url_effective}' \
  --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "Input.Email=agent@demo.local" \
  --data-urlencode "Input.Password=HelpDesk!2026" \
  "$base/account/login")
[ "$result" = "200 $base/agent/tickets" ] || fail "sign-in ended at '$result', expected '200 $base/agent/tickets'"
page=$(cat "$work/queue.html")
# Signed in (the header's user and sign-out button), the queue's views and the demo tickets.
for expected in 'id="nav-user"' 'id="nav-logout"' 'id="views"' 'class="ticket-link">HD-'; do
  [[ "$page" == *"$expected"* ]] || fail "/agent/tickets lacks '$expected'"
done
user=$(sed -n 's/.*id="nav-user">\([^<]*\)<.*/\1/p' "$work/queue.html" | head -n 1)
tickets=$(grep -oE 'HD-[0-9]+' "$work/queue.html" | sort -u | wc -l)
echo "compose-smoke: signed in as agent@demo.local ($user): GET /agent/tickets = 200, $tickets tickets listed"

# The live hub through nginx: a WebSocket upgrade (no negotiation, as live.js connects) is answered 101.
upgrade=$(curl -s -i -N --max-time 3 -b "$jar" -H "Connection: Upgrade" -H "Upgrade: websocket" -H "Sec-WebSocket-Version: 13" \
  -H "Sec-WebSocket-Key: aGVscGRlc2stc21va2UtMQ==" "$base/hubs/tickets" | head -n 1 | tr -d '\r' || true)
[[ "$upgrade" == *" 101 "* ]] || fail "the live hub's WebSocket upgrade through nginx answered '$upgrade', expected 101"
echo "compose-smoke: live hub WebSocket through nginx: $upgrade"
echo "compose-smoke: passed in $(($(date +%s) - started)) s"
