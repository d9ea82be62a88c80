#!/usr/bin/env bash
# Container check (not in CI: it needs a container engine). As a new user would: build the
# image, start compose (cspbot + PostgreSQL), wait for /readyz, import the demo, ask a
# question over HTTP (a signed Slack event, answered to a stand-in Slack Web API inside the
# container), stop PostgreSQL and see /readyz turn 503 and come back, then stop cspbot with
# SIGTERM and check it shut down in order within 10 seconds.
#
#   bash bench/container_check.sh            # from the repository root; a few minutes
#
# Base images: image registries cannot be reached from the development machines. Build
# local stand-ins for python:3.11-slim and postgres:16 first, with Debian's docker.io and
# debootstrap (as root; a few minutes the first time; it also starts dockerd):
#
#   bash ../shared/tools/container-base.sh
#
# Needs `docker compose` or `docker-compose`, and python3 on the host. Uses its own compose
# project (cspbot-check), env file and volumes, and removes them at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
project=cspbot-check
port=${CHECK_PORT:-3800}
work=$(mktemp -d /tmp/cspbot-check.XXXXXX)
envfile="$work/check.env"
secret=check-signing-secret
cat >"$envfile" <<ENV
POSTGRES_PASSWORD=check-password
CSPBOT_PORT=$port
CSPBOT_SWEEP_SECONDS=5
CSPBOT_LOG_FORMAT=json
CSPBOT_METRICS=true
SLACK_BOT_TOKEN=xoxb-container-check
SLACK_SIGNING_SECRET=$secret
SLACK_API_URL=http://127.0.0.1:9999/api/
ENV
dc() { "${compose[@]}" -p "$project" --env-file "$envfile" -f compose.yaml "$@"; }
# compose.yaml reads .env; the check's own file stands in for it while it runs.
[ -e .env ] && { echo "a .env exists here: move it away while the check runs" >&2; exit 2; }
cleanup() {
  status=$?
  if [ $status -ne 0 ]; then echo "--- cspbot's last log lines"; dc logs --tail 40 cspbot || true; fi
  dc down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$work" .env
  exit $status
}
trap cleanup EXIT
cp "$envfile" .env

step() { printf '\n== %s\n' "$*"; }
status_of() {  # the HTTP status of GET $1, or 000 when nothing answers
  python3 -c "import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=5).status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print('000')" "$1"
}
wait_status() {  # wait_status URL STATUS SECONDS
  for _ in $(seq "$3"); do [ "$(status_of "$1")" = "$2" ] && return 0; sleep 1; done
  echo "$1 did not answer $2 within $3 s (last: $(status_of "$1"))" >&2; return 1
}

step "build the image"
started=$(date +%s)
docker build --network host -t cspbot:latest . >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
echo "built in $(( $(date +%s) - started )) s; size $(docker image inspect cspbot:latest --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"

step "compose up: PostgreSQL, then cspbot once PostgreSQL is healthy"
started=$(date +%s)
dc up -d
wait_status "http://127.0.0.1:$port/readyz" 200 120
echo "/readyz 200 after $(( $(date +%s) - started )) s"
dc ps

step "import the demo data"
dc exec -T cspbot cspbot import --demo | head -5

step "ask a question over HTTP (signed Slack event; the answer reaches a stand-in Web API)"
dc exec -T cspbot python - "$secret" <<'PY'
import hashlib, hmac, json, sys, threading, time, urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

answers = []

class SlackApi(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length") or 0)).decode()
        method = self.path.rsplit("/", 1)[-1]
        if method == "chat.postMessage" and '"DCHECK0001"' in body:
            answers.append(json.loads(body).get("text", ""))
        reply = {"ok": True, "user_id": "UBOTCHECK", "bot_id": "BCHECK", "team_id": "TCHECK",
                 "ts": "1.000100", "channel": {"id": "DCHECK0001"},
                 "user": {"id": "UCHECK0001", "profile": {}}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    do_GET = do_POST
    def log_message(self, *args):
        pass

server = HTTPServer(("127.0.0.1", 9999), SlackApi)
threading.Thread(target=server.serve_forever, daemon=True).start()
event = {"type": "message", "channel_type": "im", "user": "UCHECK0001", "channel": "DCHECK0001",
         "text": "who leads on ASB in Ashfield?", "ts": "1700000100.000100"}
body = json.dumps({"type": "event_callback", "team_id": "TCHECK", "event_id": "EvCheck1",
                   "event": event})
stamp = str(int(time.time()))
signature = "v0=" + hmac.new(sys.argv[1].encode(), f"v0:{stamp}:{body}".encode(),
                             hashlib.sha256).hexdigest()
request = urllib.request.Request(
    "http://127.0.0.1:3000/slack/events", data=body.encode(), method="POST",
    headers={"content-type": "application/json", "x-slack-request-timestamp": stamp,
             "x-slack-signature": signature})
print("acknowledged:", urllib.request.urlopen(request, timeout=5).status)
for _ in range(100):
    if answers:
        break
    time.sleep(0.1)
assert answers, "no answer reached the stand-in Slack Web API"
print("answer:", answers[0][:200])
PY

step "stop PostgreSQL: /readyz turns 503, /healthz stays 200"
dc stop postgres
wait_status "http://127.0.0.1:$port/readyz" 503 60
python3 -c "import urllib.request, urllib.error
try: urllib.request.urlopen('http://127.0.0.1:$port/readyz')
except urllib.error.HTTPError as e: print('/readyz', e.code, e.read().decode())"
echo "/healthz $(status_of "http://127.0.0.1:$port/healthz")"

step "start PostgreSQL again: /readyz comes back"
started=$(date +%s)
dc start postgres
wait_status "http://127.0.0.1:$port/readyz" 200 120
echo "/readyz 200 again after $(( $(date +%s) - started )) s"

step "metrics: the answer, and the demo's reminders planned at the sweep after the import"
python3 -c "import urllib.request; text = urllib.request.urlopen('http://127.0.0.1:$port/metrics').read().decode(); print('\n'.join(l for l in text.splitlines() if l.startswith(('cspbot_messages_answered_total', 'cspbot_reminders{'))))"

step "SIGTERM: cspbot finishes what is in flight and exits within 10 s"
started=$(date +%s)
dc stop -t 15 cspbot
took=$(( $(date +%s) - started ))
dc logs cspbot 2>/dev/null | grep -E 'reminders stopped|Finished server process' | tail -2
echo "stopped in $took s"
[ "$took" -le 10 ] || { echo "cspbot took $took s to stop" >&2; exit 1; }
code=$(docker inspect "$(dc ps -aq cspbot)" --format '{{.State.ExitCode}}')
echo "exit code $code"

step "every log line was JSON"
docker logs "$(dc ps -aq cspbot)" 2>&1 | python3 -c "import json, sys
lines = [l for l in sys.stdin.read().splitlines() if l.strip()]
def is_object(line):
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
bad = [l for l in lines if not is_object(l)]
print(*bad[:5], sep='\n')
print(f'{len(lines)} lines, {len(bad)} not JSON'); sys.exit(1 if bad else 0)"

printf '\nthe container check passed\n'
