#!/usr/bin/env bash
# What a runner feels on the dashboard: one runner with Strava athlete 1012's history (about 1,300 runs),
# /dashboard loaded through the gateway with that runner's session by 10 concurrent connections.
#
# Usage: scripts/measure-dashboard.sh [Debug|Release] [seconds] [rounds]
#   Starts the app as the README does (`dotnet run --project Runnerly.AppHost`, -c Release when asked) with a fresh
#   local data folder, signs a runner up (identity's form, the confirmation link from smtp4dev's API), signs in to
#   the web through the OIDC flow with a cookie jar, links athlete 1012 on strava-sim through the web's
#   "Connect Strava", waits for the history, checks /dashboard is the signed-in page, then runs
#   `wrk -t2 -c10 -d<seconds>s --latency` (after a 10 s warm-up) <rounds> times; stops the app with SIGTERM.
#   RUNNERLY_ATTACH=1 measures an app already running on :5100 (it then needs a runner it can create).
#   The gateway's per-client limit (200 r/s, burst 100) would cap one client address at 200 pages/s: the script
#   raises it for its own app (Gateway__RateLimits__PerClient__*) so the page itself is measured; the other
#   limits stay. Set RUNNERLY_KEEP_LIMITS=1 to measure with the limits as configured.
set -euo pipefail
cd "$(dirname "$0")/.."
{ # read whole before it runs: an edit to this file during a measurement does not change it

config=${1:-Debug}
seconds=${2:-20}
rounds=${3:-3}
site=http://localhost:5100
work=$(mktemp -d "${TMPDIR:-/tmp}/runnerly-dashboard.XXXXXX")
chmod 755 "$work" # as root, local PostgreSQL runs as postgres and must reach its data folder in here
jar=$work/cookies
email="dash-$(date +%s)-$RANDOM@runnerly.test"
password="correct horse battery staple"
log() { echo "[$(date +%T)] $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

apphost=
stop() {
  if [[ -n $apphost ]] && kill -0 "$apphost" 2>/dev/null; then
    log "stopping the AppHost ($apphost)"
    kill -TERM "$apphost"
    for _ in $(seq 1 120); do kill -0 "$apphost" 2>/dev/null || break; sleep 0.5; done
    # The databases of this run (about 100 MB); its log and pages stay in $work.
    for _ in $(seq 1 60); do pgrep -f "$work/infra" > /dev/null || break; sleep 0.5; done
    pgrep -f "$work/infra" > /dev/null || rm -rf "$work/infra"
  fi
}
trap stop EXIT

if [[ ${RUNNERLY_ATTACH:-0} != 1 ]]; then
  if curl -s -o /dev/null -m 2 "$site/"; then
    echo "something already answers on $site; stop it or set RUNNERLY_ATTACH=1" >&2
    exit 1
  fi
  if [[ ${RUNNERLY_KEEP_LIMITS:-0} != 1 ]]; then
    export Gateway__RateLimits__PerClient__PermitsPerSecond=100000 Gateway__RateLimits__PerClient__Burst=100000
  fi
  export Runnerly__DataDirectory=$work/infra
  log "starting the app ($config), log in $work/apphost.log"
  dotnet run -c "$config" --project Runnerly.AppHost > "$work/apphost.log" 2>&1 &
  apphost=$!
  until [[ $(curl -s -o /dev/null -w '%{http_code}' -m 5 "$site/" || true) == 200 ]] \
      && curl -sf -m 5 http://localhost:5101/health > /dev/null && curl -sf -m 5 http://localhost:5102/health > /dev/null; do
    kill -0 "$apphost" 2>/dev/null || { echo "the AppHost exited; see $work/apphost.log" >&2; exit 1; }
    sleep 1
  done
  log "the gateway serves the web"
fi

# The mail server's HTTP API: the --urls of this app's smtp4dev, a child of the orchestrator (DCP) that listens on the
# gateway's port for it (other apps and test runs on the machine have their own).
mail_url() {
  local dcp
  dcp=$(ss -Hltnp 'sport = :5100' | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
  ps -o args= --ppid "$dcp" | grep -o 'Rnwood\.Smtp4dev\.dll --urls=http://[^ ]*' | grep -o 'http://[^ ]*' | head -n 1
}
# Browsers treat http://localhost as a secure context and send its Secure cookies (the OIDC correlation and nonce
# cookies are Secure); curl does not, so the jar's Secure flags are cleared between steps.
insecure_jar() { awk 'BEGIN { FS = OFS = "\t" } NF == 7 { $4 = "FALSE" } { print }' "$jar" > "$jar.tmp" && mv "$jar.tmp" "$jar"; }
# Follows redirects one at a time, as a browser would (the jar fixed at each step); prints where it ends.
follow() {
  local url=$1 next
  for _ in $(seq 1 10); do
    insecure_jar
    next=$(curl -s -o /dev/null -c "$jar" -b "$jar" -w '%{redirect_url}' "$url")
    [[ -z $next ]] && break
    url=$next
    [[ $url == "$site/dashboard" ]] && break # from here on, the web with its session cookie only
  done
  echo "$url"
}
# CPU time of every process by what it is (a Runnerly service or the AppHost, postgres, the Redis server, the mail
# server, the orchestrator (DCP), the Aspire dashboard), from /proc in clock ticks: `cpu_by_process > file` before a
# round, `cpu_by_process file pages` after it prints the seconds each spent during the round and per page.
cpu_by_process() {
  python3 - "$@" <<'PY'
import json, os, re, sys
ticks = os.sysconf("SC_CLK_TCK")
now = {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        args = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    name = (m.group(1).lower() if (m := re.search(r"Runnerly\.(\w+)(?:\.dll)?\b", args)) else
            "postgres" if "postgres" in args else "redis" if re.search(r"garnet|redis-server", args, re.I) else
            "mail" if "smtp4dev" in args.lower() else "wrk" if args.startswith("wrk") else
            "aspire-dashboard" if "Aspire.Dashboard" in args else "dcp" if re.search(r"\bdcp\b", args) else None)
    if name:
        now[pid] = [name, int(fields[11]) + int(fields[12])]
if len(sys.argv) == 1:
    json.dump(now, sys.stdout)
    sys.exit()
before, pages = json.load(open(sys.argv[1])), int(sys.argv[2])
spent = {}
for pid, (name, used) in now.items():
    spent[name] = spent.get(name, 0) + (used - before.get(pid, [name, 0])[1]) / ticks
total = sum(spent.values())
print(f"CPU during the round: {total:.1f} s, {1000 * total / max(pages, 1):.1f} ms a page; by process:")
for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
    if seconds >= 0.05:
        print(f"  {name:<14} {seconds:6.1f} s  {1000 * seconds / max(pages, 1):5.2f} ms a page")
PY
}
# Cookies from a jar by name, as a Cookie header's value. The web gets only its session cookie (chunked: runnerly,
# runnerlyC1, …) and what a step needs: with every other cookie for localhost, the jar's Cookie header grows past what
# curl sends, and curl then leaves the session out.
cookies() { awk -F'\t' -v names="$2" 'NF == 7 && $6 ~ names { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$1"; }
token_of() { grep -o '<input[^>]*name="__RequestVerificationToken"[^>]*>' | head -n 1 | sed 's/.*value="\([^"]*\)".*/\1/'; }

# Sign up through identity's form.
form=$(curl -sf -c "$jar" -b "$jar" "$site/identity/sign-up")
code=$(curl -s -o "$work/signed-up.html" -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "Email=$email" --data-urlencode "Password=$password" \
  --data-urlencode "__RequestVerificationToken=$(token_of <<< "$form")" "$site/identity/sign-up")
[[ $code == 200 || $code == 302 ]] || { echo "sign-up answered $code; see $work/signed-up.html" >&2; exit 1; }
mail=$(mail_url)
log "signed up $email; waiting for the confirmation email at $mail"
for _ in $(seq 1 600); do
  id=$(curl -sf "$mail/api/messages?pageSize=1000" | jq -r --arg to "$email" \
    '[.results[] | select(any(.to[]; ascii_downcase == $to))][0].id // empty' || true)
  [[ -n $id ]] && break
  sleep 0.2
done
[[ -n ${id:-} ]] || { echo "no confirmation email for $email" >&2; exit 1; }
link=$(curl -sf "$mail/api/messages/$id/plaintext" | grep -o 'https\?://[^ ]*' | head -n 1)
curl -sf -o /dev/null -c "$jar" -b "$jar" "$site/${link#*://*/}"

# Sign in to the web: /dashboard → identity's sign-in form → back through /signin-oidc to /dashboard.
page=$(curl -sf -L -c "$jar" -b "$jar" -w '\n%{url_effective}' "$site/dashboard")
form_url=$(tail -n 1 <<< "$page")
insecure_jar
next=$(curl -s -o /dev/null -c "$jar" -b "$jar" -w '%{redirect_url}' \
  --data-urlencode "Email=$email" --data-urlencode "Password=$password" \
  --data-urlencode "__RequestVerificationToken=$(head -n -1 <<< "$page" | token_of)" "$form_url")
final=$(follow "$next")
[[ $final == "$site/dashboard" ]] || { echo "sign-in ended on $final" >&2; exit 1; }
log "signed in to the web"

# Connect Strava from the dashboard: strava-sim's authorize page answered as athlete 1012, back through the gateway.
session=$(cookies "$jar" '^runnerly(C[0-9]+)?$')
page=$(curl -sf -c "$work/antiforgery" -H "Cookie: $session" "$site/dashboard")
antiforgery=$(cookies "$work/antiforgery" '^\.AspNetCore\.Antiforgery\.')
# The web answers with a page that moves on to Strava's authorize page (meta refresh and a link).
authorize=$(curl -s -c "$work/binding" -H "Cookie: $session; $antiforgery" \
  --data-urlencode "__RequestVerificationToken=$(token_of <<< "$page")" "$site/settings/strava/connect" \
  | grep -o 'href="[^"]*"' | head -n 1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g')
insecure_jar
query() { python3 -c 'import sys, urllib.parse; print(urllib.parse.parse_qs(urllib.parse.urlsplit(sys.argv[1]).query)[sys.argv[2]][0])' "$authorize" "$1"; }
callback=$(curl -s -o /dev/null -w '%{redirect_url}' --data-urlencode "client_id=$(query client_id)" \
  --data-urlencode "redirect_uri=$(query redirect_uri)" --data-urlencode "state=$(query state)" \
  -d athlete=1012 -d action=authorize -d scope=read -d scope=activity:read_all "${authorize%%\?*}")
binding=$(cookies "$work/binding" '^runnerly_strava_link$')
back=$(curl -s -o /dev/null -H "Cookie: $binding" -w '%{http_code} %{redirect_url}' "$callback")
log "Strava callback answered $back; waiting for the history"
for _ in $(seq 1 600); do
  status=$(curl -s -H "Cookie: $session" "$site/dashboard/strava-status" || true)
  [[ $(jq -r '.backfillComplete // false' <<< "$status" 2>/dev/null) == true ]] && break
  sleep 1
done
log "Strava: $status"

cookie=$session
# The real signed-in dashboard, not a redirect to sign-in.
code=$(curl -s -o "$work/dashboard.html" -w '%{http_code}' -H "Cookie: $cookie" "$site/dashboard")
[[ $code == 200 ]] && grep -q 'Latest runs' "$work/dashboard.html" && grep -q 'Your running' "$work/dashboard.html" \
  || { echo "/dashboard answered $code without the runner's runs; see $work/dashboard.html" >&2; exit 1; }
log "/dashboard: $(wc -c < "$work/dashboard.html") bytes, $(grep -o '<tr' "$work/dashboard.html" | wc -l) table rows"

log "warm-up 10 s (load $(load))"
wrk -t2 -c10 -d10s -H "Cookie: $cookie" "$site/dashboard" > /dev/null
for round in $(seq 1 "$rounds"); do
  echo "== $config, round $round, load before: $(load)"
  cpu_by_process > "$work/cpu-before.json"
  wrk -t2 -c10 -d"${seconds}s" --latency -H "Cookie: $cookie" "$site/dashboard" | tee "$work/round.txt"
  echo "== load after: $(load)"
  cpu_by_process "$work/cpu-before.json" "$(awk '/requests in/ { print $1 }' "$work/round.txt")"
done
exit
}
