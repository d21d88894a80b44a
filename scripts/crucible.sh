#!/bin/bash
# Crucible's two commands, for a fresh Debian 12 (bookworm) or Debian 13 (trixie) machine:
#
#   ./scripts/crucible.sh run  [app args...]   install packages, configure, build, launch the GUI
#   ./scripts/crucible.sh test [ctest args...] install packages, configure, build, run every test
#
# Idempotent: apt is skipped when dpkg already has every package; cmake is re-run only when the
# build directory is new or its options differ; ninja rebuilds only what changed.
# Works as root (no sudo needed) or as a user with sudo. Build: ./build (Ninja, RelWithDebInfo).
#
# Environment knobs:
#   CRUCIBLE_BUILD_DIR=DIR     build directory (default: <checkout>/build)
#   CRUCIBLE_JOBS=N            parallel compile jobs (default: ninja's choice)
#   CRUCIBLE_SKIP_APT=1        never call apt-get (e.g. packages come from elsewhere)
#   CRUCIBLE_REQUIRE_KSYNTAXHIGHLIGHTING=ON   fail unless KF6 SyntaxHighlighting is installed
#                              (it is taken automatically whenever apt has it: Debian 13)
#   CRUCIBLE_XVFB_SECONDS=N    headless `run` only: seconds to keep the app up under Xvfb before
#                              taking a screenshot and closing it (default 8; 0 = until Ctrl+C)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${CRUCIBLE_BUILD_DIR:-$ROOT/build}
export DEBIAN_FRONTEND=noninteractive

# Debian 12 names (shared/reference/environments.md). Debian 13 also gets KF6 SyntaxHighlighting.
PACKAGES=(build-essential cmake ninja-build pkg-config dbus-daemon gnome-keyring
          qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6sql6-sqlite libgl-dev
          qtkeychain-qt6-dev nlohmann-json3-dev libcurl4-openssl-dev libvalijson-dev
          json-schema-test-suite libpcre2-dev libsqlite3-dev libdtl-dev libkainjow-mustache-dev
          xvfb xauth imagemagick x11-utils xdotool)
KF6_PACKAGE=libkf6syntaxhighlighting-dev
# Taken whenever apt has them: KF6 (Debian 13 only) and Qt6 OpenGL's headers, which Qt Charts'
# CMake package needs (a package of its own on Debian 12; inside qt6-base-dev on Debian 13).
OPTIONAL_PACKAGES=("$KF6_PACKAGE" libqt6opengl6-dev)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'crucible.sh: %s\n' "$*" >&2; exit 1; }

usage() {
    cat >&2 <<EOF
usage: $0 run  [arguments for crucible...]
       $0 test [arguments for ctest...]
EOF
    exit 2
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo env DEBIAN_FRONTEND=noninteractive "$@"
    else
        die "installing packages needs root: run this as root, or install sudo"
    fi
}

is_installed() { # pkg -> 0 when dpkg says "install ok installed"
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]
}

has_candidate() { # pkg -> 0 when the current apt lists can install it
    local candidate
    # Debian 12 has no KF6 at all (not even in backports): skip the slow apt-cache call there.
    [ "$(os_field VERSION_CODENAME)" != bookworm ] || return 1
    candidate=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

apt_lists_empty() {
    ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

os_field() { # NAME -> value from /etc/os-release (empty when absent)
    [ -r /etc/os-release ] || return 0
    # shellcheck disable=SC1091
    (. /etc/os-release && eval "echo \"\${$1:-}\"")
}

distro() {
    local name
    name=$(os_field PRETTY_NAME)
    echo "${name:-an unknown distribution}"
}

missing_packages() { # pkgs... -> the ones dpkg does not have installed, one per line
    local installed
    installed=$(dpkg-query -W -f='${db:Status-Abbrev}${Package}\n' "$@" 2>/dev/null |
                sed -n 's/^ii *//p') || true
    local p
    for p in "$@"; do
        grep -qxF "$p" <<<"$installed" || echo "$p"
    done
}

WANT_KF6=OFF
install_packages() {
    command -v dpkg-query >/dev/null 2>&1 || die "this script needs a Debian-based system (dpkg/apt)"
    local wanted=("${PACKAGES[@]}")
    local pkg
    for pkg in "${OPTIONAL_PACKAGES[@]}"; do
        if is_installed "$pkg" || has_candidate "$pkg"; then
            wanted+=("$pkg")
        fi
    done
    local missing
    missing=$(missing_packages "${wanted[@]}")
    # Empty apt lists (fresh container): we cannot know whether KF6 exists yet, so look.
    if [ -z "$missing" ] && ! is_installed "$KF6_PACKAGE" && apt_lists_empty &&
       [ -z "${CRUCIBLE_SKIP_APT:-}" ]; then
        missing="(apt lists are empty; checking for $KF6_PACKAGE)"
    fi
    if [ -n "$missing" ] && [ -z "${CRUCIBLE_SKIP_APT:-}" ]; then
        say "Installing packages on $(distro): ${missing//$'\n'/ }"
        as_root apt-get update -q
        for pkg in "${OPTIONAL_PACKAGES[@]}"; do
            if ! is_installed "$pkg" && has_candidate "$pkg" && [[ " ${wanted[*]} " != *" $pkg "* ]]; then
                wanted+=("$pkg")
            fi
        done
        as_root apt-get install -y -q --no-install-recommends "${wanted[@]}"
    elif [ -n "$missing" ]; then
        say "CRUCIBLE_SKIP_APT is set; not installing: ${missing//$'\n'/ }"
    fi
    if is_installed "$KF6_PACKAGE"; then
        WANT_KF6=ON
    elif [ "${CRUCIBLE_REQUIRE_KSYNTAXHIGHLIGHTING:-OFF}" = ON ]; then
        die "CRUCIBLE_REQUIRE_KSYNTAXHIGHLIGHTING=ON but $KF6_PACKAGE is not installable on $(distro)"
    fi
}

cache_value() { # NAME -> value in $BUILD/CMakeCache.txt (empty when absent)
    sed -n "s/^$1:[A-Z]*=//p" "$BUILD/CMakeCache.txt" 2>/dev/null | head -1
}

configure() {
    local build_type=RelWithDebInfo
    if [ -f "$BUILD/CMakeCache.txt" ]; then
        local generator
        generator=$(cache_value CMAKE_GENERATOR)
        [ "$generator" = Ninja ] ||
            die "$BUILD was configured with '$generator', not Ninja: remove it (rm -rf '$BUILD') and retry"
        if [ "$(cache_value CMAKE_BUILD_TYPE)" = "$build_type" ] &&
           [ "$(cache_value CRUCIBLE_REQUIRE_KSYNTAXHIGHLIGHTING)" = "$WANT_KF6" ] &&
           [ "$(cache_value BUILD_TESTING)" = ON ] && [ -f "$BUILD/build.ninja" ]; then
            return 0 # up to date; ninja re-runs cmake itself when a CMakeLists.txt changes
        fi
    fi
    say "Configuring $BUILD (RelWithDebInfo, KSyntaxHighlighting required: $WANT_KF6)"
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=$build_type -DBUILD_TESTING=ON \
          -DCRUCIBLE_REQUIRE_KSYNTAXHIGHLIGHTING=$WANT_KF6
}

build() { # [targets...]
    local args=()
    if [ -n "${CRUCIBLE_JOBS:-}" ]; then args+=(-j "$CRUCIBLE_JOBS"); fi
    if [ $# -gt 0 ]; then args+=(--target "$@"); fi
    say "Building ${*:-everything}"
    cmake --build "$BUILD" "${args[@]}"
}

# No display: run the app under a virtual X server for a few seconds, screenshot it, close it.
run_headless() {
    local seconds=${CRUCIBLE_XVFB_SECONDS:-8}
    local shot=$BUILD/crucible-xvfb.png
    say "No \$DISPLAY or \$WAYLAND_DISPLAY: starting Crucible under xvfb-run (a virtual X server);" \
        "nothing appears on screen"
    if [ "$seconds" = 0 ]; then
        exec xvfb-run -a -s "-screen 0 1280x800x24" "$BUILD/app/crucible" "$@"
    fi
    # Inside xvfb-run: start the app, and if it is still up after $seconds, screenshot and close it.
    # Exit status: the app's own when it quit early (e.g. --version), 0 when it ran the whole time.
    local status=0
    # shellcheck disable=SC2016 # expanded by the inner bash
    xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
        seconds=$1 shot=$2; shift 2
        "$@" & app=$!
        for ((i = 0; i < seconds * 5; i++)); do
            kill -0 $app 2>/dev/null || { wait $app; exit $?; }
            sleep 0.2
        done
        import -window root "$shot" 2>/dev/null || true
        kill $app; wait $app 2>/dev/null || true
        echo "crucible ran for ${seconds}s under Xvfb; screenshot: $shot" >&2
    ' bash "$seconds" "$shot" "$BUILD/app/crucible" "$@" || status=$?
    return $status
}

cmd_run() {
    install_packages
    configure
    build crucible crucible-cli
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
        say "Starting $BUILD/app/crucible"
        exec "$BUILD/app/crucible" "$@"
    fi
    run_headless "$@"
}

cmd_test() {
    install_packages
    configure
    build
    say "Running tests (ctest)"
    local jobs
    jobs=$(nproc 2>/dev/null || echo 2)
    cd "$BUILD"
    QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs" "$@"
}

[ $# -ge 1 ] || usage
command=$1
shift
case "$command" in
    run) cmd_run "$@" ;;
    test) cmd_test "$@" ;;
    -h|--help|help) usage ;;
    *) printf 'crucible.sh: unknown command "%s"\n' "$command" >&2; usage ;;
esac
