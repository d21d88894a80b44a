#!/bin/bash
# Retakes docs/screenshots/main-window.png: starts the GUI with a demo prompt and three Simulator
# columns (the third fails mid-stream: the error stays in its column) (hidden options --system/--run-prompt/--model/--base-url/--column/--grab), lets them
# stream, and has the window grab itself (no X server needed: the offscreen platform).
# Usage, from the checkout: docs/screenshots/take-screenshot.sh BUILD_DIR
set -eu
OUT=${OUT:-$PWD/docs/screenshots/main-window.png}
cd "${1:-build}"
SYS=$'# Role\nYou are a concise senior C++ reviewer.\nAnswer in *Markdown*, at most 120 words.'
USR=$'## Task\nExplain why streamed {{language}} tokens should be batched (about every `30 ms`) before they reach a text widget.\n\n## Context\nThe window shows **live** TTFT, tokens/s and cost readouts.'
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} ./app/crucible --system "$SYS" --run-prompt "$USR" \
    --model sim-a --base-url "simulator://local?ttft_ms=240&tokens_per_s=220&tokens=480" \
    --column "simulator:sim-b@simulator://local?ttft_ms=600&tokens_per_s=60&tokens=300" \
    --column "simulator:sim-c@simulator://local?ttft_ms=150&tokens_per_s=90&fail=server&fail_after=40" \
    ${EXTRA_COLUMNS:-} \
    --grab "$OUT" --grab-after "${WAIT_MS:-3500}"
echo "wrote $OUT"
