#!/bin/sh
# Pack Attend.app into a compressed, read-only disk image with a link to /Applications (macOS).
#   sh packaging/macos/make-dmg.sh [dist/Attend.app] [dist/Attend-VERSION.dmg]
# Build the .app first: python -m PyInstaller --noconfirm packaging/attend.spec
# The image is not signed or notarised: see README, Installers.
set -eu
APP=${1:-dist/Attend.app}
VERSION=$(python3 -c 'import plistlib,sys; print(plistlib.load(open(sys.argv[1], "rb"))["CFBundleShortVersionString"])' "$APP/Contents/Info.plist")
DMG=${2:-dist/Attend-$VERSION.dmg}
[ -d "$APP" ] || { echo "make-dmg: no $APP" >&2; exit 1; }
# The URL scheme must have made it into the bundle, or xmpp: links will not reach Attend.
plutil -extract CFBundleURLTypes.0.CFBundleURLSchemes.0 raw "$APP/Contents/Info.plist" | grep -qx xmpp \
    || { echo "make-dmg: $APP does not declare the xmpp URL scheme" >&2; exit 1; }

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Attend $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO \
    -imagekey zlib-level=9 -ov "$DMG"
hdiutil verify "$DMG"
echo "make-dmg: wrote $DMG"
