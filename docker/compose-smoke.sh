#!/usr/bin/env bash
# docker-compose.yml for real: up → /health/ready answers 200 → sign in as the demo agent through the login form
# (antiforgery token and cookie) → the queue /agent/tickets with its tickets → down -v (also on failure).
# Needs the images (docker/build-images.sh). Runs as its own compose project (helpdesk-smoke), so a stack you
# started yourself is never touched; HELPDESK_PORT (default 8080) is the host port.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${HELPDESK_PORT:-8080}
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
echo "compose-smoke: docker-compose up -d"
"${compose[@]}" up -d 2>&1 | sed 's/^/  /'

# The first start migrates and seeds the demo data.
for _ in $(seq 1 180); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready" || true)
  [ "$code" = 200 ] && break
  state=$(docker inspect --format '{{.State.Status}}' "$("${compose[@]}" ps -q app)" 2>/dev/null || echo unknown)
  [ "$state" = exited ] && fail "the app container exited"
  sleep 1
done
[ "$code" = 200 ] || fail "GET /health/ready answered ${code:-nothing} after 180 s"
echo "compose-smoke: GET /health/ready = 200 after $(($(date +%s) - started)) s"

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
echo "compose-smoke: passed in $(($(date +%s) - started)) s"
