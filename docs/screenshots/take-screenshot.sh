#!/bin/bash
# Retakes docs/screenshots/main-window.png: starts the GUI with a demo prompt (hidden options
# --system/--run-prompt/--model/--base-url), lets the Simulator stream, grabs the window.
# Usage, from the checkout: xvfb-run -a -s "-screen 0 1280x800x24" docs/screenshots/take-screenshot.sh BUILD_DIR
set -eu
OUT=${OUT:-$PWD/docs/screenshots/main-window.png}
cd "${1:-build}"
SYS=$'# Role\nYou are a concise senior C++ reviewer.\nAnswer in *Markdown*, at most 120 words.'
USR=$'## Task\nExplain why streamed {{language}} tokens should be batched (about every `30 ms`) before they reach a text widget.\n\n## Context\nThe window shows **live** TTFT, tokens/s and cost readouts.'
./app/crucible --system "$SYS" --run-prompt "$USR" --model sim-a \
    --base-url "simulator://local?ttft_ms=240&tokens_per_s=220&tokens=480" &
APP=$!
sleep "${WAIT:-6}"
WID=$(xdotool search --name '^Crucible$' | head -1)
import -window "$WID" "$OUT"
kill "$APP"
