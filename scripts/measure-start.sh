#!/usr/bin/env bash
# Times the README's run command until the app answers: the services' /health (through their
# stable ports: identity 5102, data 5101) is ready only after postgres, their databases, redis
# and mail are healthy.
# Usage: scripts/measure-start.sh   (run from a clone; stops the AppHost it started)
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s.%N)
dotnet run --project Runnerly.AppHost > "${TMPDIR:-/tmp}/runnerly-start.log" 2>&1 &
apphost=$!
trap 'kill -TERM $apphost 2>/dev/null || true' EXIT

until curl -sf -m 2 http://localhost:5101/health > /dev/null && curl -sf -m 2 http://localhost:5102/health > /dev/null; do
  kill -0 $apphost 2>/dev/null || { echo "the AppHost exited; see ${TMPDIR:-/tmp}/runnerly-start.log"; exit 1; }
  sleep 0.5
done
echo "healthy after $(echo "$(date +%s.%N) - $start" | bc) s"
