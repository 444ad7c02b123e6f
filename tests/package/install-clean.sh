#!/bin/bash
# Installs the .deb from `make package` into a clean Debian 12 (a debootstrap
# chroot made on first use), starts `travesia` under Xvfb there, and checks
# that its window comes up and the .travesia file type is registered.
# Usage: tests/package/install-clean.sh [CHROOT_DIR]   (root; needs network to deb.debian.org)
set -euo pipefail
ROOT="${1:-/var/tmp/travesia-clean-bookworm}"
DEB=$(ls -1t target/release/bundle/deb/*.deb | head -1)
[ -f "$DEB" ] || { echo "no .deb: run make package first"; exit 1; }
if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
  debootstrap --variant=minbase bookworm "$ROOT" http://deb.debian.org/debian
fi
cp "$DEB" "$ROOT/tmp/travesia.deb"
mount -t proc proc "$ROOT/proc" 2>/dev/null || true
trap 'umount "$ROOT/proc" 2>/dev/null || true' EXIT
run() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
run apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/travesia.deb xvfb xauth shared-mime-info desktop-file-utils >/dev/null
echo "installed: $(run dpkg-query -W -f='${Package} ${Version}' travesia)"
run travesia --version
# What ships has no test switches: the e2e tests' dialog hook is not in it.
if run grep -qa TRAVESIA_TEST_ /usr/bin/travesia-app /usr/bin/travesia; then
  echo "a test hook is in the packaged binaries"; exit 1
fi
echo "test hooks: none in the packaged binaries"
run sh -c 'desktop-file-validate /usr/share/applications/Travesia.desktop && echo "desktop entry: valid ($(grep -E "^(Exec|MimeType)=" /usr/share/applications/Travesia.desktop | tr "\n" " "))"'
run sh -c 'test -f /usr/share/metainfo/app.travesia.editor.metainfo.xml && echo "metainfo: installed"'
run sh -c 'update-mime-database /usr/share/mime >/dev/null 2>&1; grep -q "application/x-travesia" /usr/share/mime/globs2 && echo "mime type: *.travesia -> application/x-travesia"'
# The file type's icon, where the MIME type names it.
run sh -c 'grep -qx "application/x-travesia:application-x-travesia" /usr/share/mime/icons && test -f /usr/share/icons/hicolor/scalable/mimetypes/application-x-travesia.svg && echo "mime icon: application-x-travesia (hicolor, scalable)"'
run sh -c 'test -f /usr/share/man/man1/travesia.1.gz && test -f /usr/share/doc/travesia/copyright && test -f /usr/share/doc/travesia/changelog.gz && echo "manual page, copyright and changelog: installed"'
# Start the window with an empty library; it must still run after 8 s and say nothing alarming.
run sh -c 'export TRAVESIA_DB=/tmp/lib.db; xvfb-run -a sh -c "travesia > /tmp/app.log 2>&1 & pid=\$!; sleep 8; kill -0 \$pid && echo window: running after 8 s; kill \$pid"'
run sh -c 'grep -iE "panic|error" /tmp/app.log | grep -v Gtk-WARNING || true'
run sh -c 'test -f /tmp/lib.db && echo "library: created at /tmp/lib.db"'
