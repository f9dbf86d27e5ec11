#!/bin/sh
# Make sure the system packages the tests need are installed (Debian/Ubuntu); never start services.
# `sysdeps.sh demo` (make sysdeps-demo): only what `make demo` needs, Prosody and the libraries
# a Qt window needs, none of the test tools.
set -eu
QT_LIBS="libxss1 libxcb-sync1 libx11-6 libwayland-client0 libxcb-cursor0 libxkbcommon-x11-0 \
libxkbcommon0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 \
libxcb-shape0 libxcb-xkb1 libxcb-xinerama0 libegl1 libgl1 libopengl0 libfontconfig1 libfreetype6 \
libglib2.0-0 libdbus-1-3 fonts-dejavu-core"
if [ "${1:-}" = demo ]; then
    PACKAGES="prosody openssl $QT_LIBS"
else
    PACKAGES="prosody openssl xvfb xdotool openbox x11-utils dbus dbus-daemon gnome-keyring \
$QT_LIBS libwayland-server0 tzdata desktop-file-utils appstream"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "sysdeps: not a Debian/Ubuntu system; install the equivalents of: $PACKAGES" >&2
    exit 0
fi
missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in *" installed") ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "sysdeps: these system packages are missing:$missing" >&2
    echo "sysdeps: install them with:" >&2
    echo "    sudo apt-get install -y --no-install-recommends$missing" >&2
    echo "sysdeps: (policy-rc.d keeps Prosody's system service from starting: " >&2
    echo "    printf '#!/bin/sh\\nexit 101\\n' | sudo tee /usr/sbin/policy-rc.d && sudo chmod +x /usr/sbin/policy-rc.d)" >&2
    exit 1
fi

echo "sysdeps: installing:$missing"
# Installing prosody must not start the distribution's system service: policy-rc.d exit 101
# tells invoke-rc.d to skip it. Put ours in place only if there is none, and remove only ours.
ours=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# temporary, from attend tools/sysdeps.sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    ours=1
fi
trap '[ -n "$ours" ] && rm -f /usr/sbin/policy-rc.d' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
