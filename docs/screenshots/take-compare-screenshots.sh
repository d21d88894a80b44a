#!/bin/bash
# Retakes docs/screenshots/compare.png (four Simulator columns with different paces, 3 repeats,
# streaming; Summary tab) and compare-charts.png (the same run finished; Charts tab: cost vs
# latency with the Pareto frontier). Offscreen, no X server needed.
# Usage, from the checkout: docs/screenshots/take-compare-screenshots.sh BUILD_DIR
set -eu
DIR=${OUT_DIR:-$PWD/docs/screenshots}
cd "${1:-build}"
SYS=$'You are a release-notes writer. Answer in plain Markdown.'
USR=$'Summarize this change for users in three bullet points:\n\nThe compare view now streams {{n}} models side by side with live TTFT, tokens/s and cost.'
shot() { # OUT WAIT_MS TAB
    QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} ./app/crucible --system "$SYS" --run-prompt "$USR" \
        --size 1920x1080 --repeats 3 --tab "$3" \
        --model sim-a --base-url "simulator://local?ttft_ms=220&tokens_per_s=180&tokens=260" \
        --column "simulator:sim-b@simulator://local?ttft_ms=650&tokens_per_s=70&tokens=200" \
        --column "simulator:sim-c@simulator://local?ttft_ms=120&tokens_per_s=320&tokens=420" \
        --column "simulator:sim-d@simulator://local?ttft_ms=900&tokens_per_s=90&tokens=450" \
        --grab "$1" --grab-after "$2"
    echo "wrote $1"
}
shot "$DIR/compare.png" "${WAIT_MS:-4200}" summary
shot "$DIR/compare-charts.png" "${CHARTS_WAIT_MS:-21000}" charts
