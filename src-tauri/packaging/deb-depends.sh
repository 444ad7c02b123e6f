#!/bin/sh
# Prints the Debian dependencies of the given binaries as a JSON list, the way
# Debian's own packages get theirs: dpkg-shlibdeps reads the shared libraries
# each binary needs and names the packages (with versions) that provide them.
# Usage: deb-depends.sh BINARY...
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/debian"
: > "$work/debian/control"
bins=""
for b in "$@"; do bins="$bins $(realpath "$b")"; done
# shellcheck disable=SC2086
(cd "$work" && dpkg-shlibdeps -O $bins 2>/dev/null) |
  sed -n 's/^shlibs:Depends=//p' |
  python3 -c 'import json, sys; print(json.dumps([d.strip() for d in sys.stdin.read().split(",") if d.strip()]))'
