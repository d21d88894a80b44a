#!/bin/bash
# Full build + test inside a cached Debian 13 (trixie) chroot, where KF6 SyntaxHighlighting exists
# and is REQUIRED. Run as root from the checkout. Recipe: shared/reference/environments.md.
#   PREPARE_ONLY=1  only create/refresh the chroot and its packages
#   SHOT='./app/crucible'  also take an Xvfb screenshot -> $CHROOT/root/out/xvfb.png
#   CMAKE_ARGS=...  configure options (default: KSyntaxHighlighting REQUIRED); build in /root/build
#   CHROOT_CMD=...  run this (bash, from /src, as root) instead of the cmake build + ctest above,
#                   e.g. CHROOT_CMD='CRUCIBLE_BUILD_DIR=/root/build-readme ./scripts/crucible.sh test'
# Mounts (/proc, the checkout read-only at /src, ../shared read-only at /shared) are removed on
# every exit. By hand, if ever needed: umount /var/tmp/trixie-check/{shared,src,proc}
set -euo pipefail
CHROOT=${CHROOT:-/var/tmp/trixie-check}
SRC=$(realpath "${SRC:-$PWD}")
CMAKE_ARGS=${CMAKE_ARGS:-"-DCRUCIBLE_REQUIRE_KSYNTAXHIGHLIGHTING=ON"}
MIRROR=${MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
  /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v '^[[:space:]]*#' |
  grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)}
PKGS="g++ cmake ninja-build pkg-config qt6-base-dev qt6-charts-dev qt6-svg-dev
 libqt6sql6-sqlite qtkeychain-qt6-dev libkf6syntaxhighlighting-dev
 nlohmann-json3-dev libcurl4-openssl-dev libvalijson-dev json-schema-test-suite
 libpcre2-dev libsqlite3-dev libdtl-dev libkainjow-mustache-dev
 xvfb xauth imagemagick x11-utils xdotool"
# shellcheck disable=SC2116,SC2086 # one line, single spaces (compared with $CHROOT/root/.deps)
PKGS=$(echo $PKGS)
if [ "$(id -u)" != 0 ]; then exec sudo -E "$0" "$@"; fi
command -v debootstrap >/dev/null || { apt-get update -qq; apt-get install -y -qq debootstrap; }
# Each chroot command runs in its own process group (setsid) in the background, so a signal to
# this script is handled at once: the trap stops that group, then the EXIT trap unmounts.
CHILD=
in_chroot() {
  setsid chroot "$CHROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
    PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive /bin/bash -ec "$1" &
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  CHILD=
  return "$rc"
}
on_signal() {
  if [ -n "$CHILD" ]; then
    kill -TERM -- "-$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
  fi
  exit "$1"
}
# Unmount everything we bound, on success, failure or interruption. A busy mount (a process
# still inside after a kill) is detached lazily so the chroot is never left with host dirs bound.
unmount() {
  mountpoint -q "$1" || return 0
  umount "$1" 2>/dev/null || umount -l "$1" || echo "trixie-chroot: could not unmount $1" >&2
}
cleanup() {
  unmount "$CHROOT/shared"; unmount "$CHROOT/src"; unmount "$CHROOT/proc"
  return 0
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
[ -x "$CHROOT/usr/bin/apt-get" ] ||
  debootstrap --variant=minbase trixie "$CHROOT" ${MIRROR:+"$MIRROR"}
cleanup # mounts left by a killed run (possibly of another checkout): start from a clean state
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
mount -t proc proc "$CHROOT/proc"
if [ "$(cat "$CHROOT/root/.deps" 2>/dev/null)" != "$PKGS" ]; then
  in_chroot "apt-get update -qq && apt-get install -y -qq --no-install-recommends $PKGS && apt-get clean"
  echo "$PKGS" > "$CHROOT/root/.deps"
fi
[ -n "${PREPARE_ONLY:-}" ] && exit 0
mkdir -p "$CHROOT/src" "$CHROOT/shared"
mount --bind "$SRC" "$CHROOT/src"; mount -o remount,bind,ro "$CHROOT/src"
# tests may read ../shared (fixtures, tokenizer vectors): bind it beside /src when present
if [ -d "$SRC/../shared" ]; then
  mount --bind "$SRC/../shared" "$CHROOT/shared"; mount -o remount,bind,ro "$CHROOT/shared"
fi
if [ -n "${CHROOT_CMD:-}" ]; then
  in_chroot "cd /src && $CHROOT_CMD"
else
  in_chroot "cmake -S /src -B /root/build -G Ninja $CMAKE_ARGS
    cmake --build /root/build
    cd /root/build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j2"
fi
if [ -n "${SHOT:-}" ]; then
  in_chroot "cd /root/build && mkdir -p /root/out && xvfb-run -a -s '-screen 0 1280x800x24' \
    bash -c '$SHOT & APP=\$!; sleep 3; import -window root /root/out/xvfb.png; kill \$APP; wait \$APP || true'"
fi
