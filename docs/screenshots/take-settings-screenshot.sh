#!/bin/bash
# Retakes docs/screenshots/settings-providers.png: Settings → Providers (hidden option --settings)
# with no keychain service (D-Bus pointed at nothing: the memory-only banner shows) and a key
# taken from the environment (the page names $OPENAI_API_KEY, never the key).
# Usage, from the checkout: xvfb-run -a -s "-screen 0 1280x800x24" docs/screenshots/take-settings-screenshot.sh BUILD_DIR
set -eu
OUT=${OUT:-$PWD/docs/screenshots/settings-providers.png}
cd "${1:-build}"
OPENAI_API_KEY=placeholder-not-a-key DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent \
    ./app/crucible --provider openai --settings &
APP=$!
sleep "${WAIT:-4}"
WID=$(xdotool search --name '^Settings' | head -1)
import -window "$WID" "$OUT"
kill "$APP"
