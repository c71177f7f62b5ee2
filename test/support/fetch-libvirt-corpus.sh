#!/usr/bin/env bash
# Refetches the XML round-trip corpus (test/fixtures/libvirt-corpus/) from Debian's libvirt
# source package: libvirt's own test XMLs for domains, networks, pools, volumes, snapshots and
# capabilities. The chosen files are listed in files.txt ("SOURCE-PATH DEST-PATH", relative to
# the package's tests/ folder and to the corpus folder); this script copies them again, so a
# run on the same package version changes nothing.
#   --reselect   choose the files again (test/support/select-libvirt-corpus.ts) and rewrite
#                files.txt, then copy; old fixture files not chosen any more are removed.
# Needs apt with a deb-src entry for the running suite; run as root, it adds one when missing
# (/etc/apt/sources.list.d/virtdeck-deb-src.sources) and runs apt-get update.
# LIBVIRT_SRC_VERSION=9.0.0-4+deb12u2 pins the package version (default: the suite's current).
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$here/test/fixtures/libvirt-corpus
die() { echo "fetch-libvirt-corpus: $*" >&2; exit 1; }
reselect=0
[ "${1:-}" = --reselect ] && reselect=1

command -v apt-get >/dev/null || die "needs apt-get (Debian or Ubuntu)"
command -v dpkg-source >/dev/null || die "needs dpkg-source: apt-get install dpkg-dev"
. /etc/os-release
suite=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
if ! grep -rqsE "^(Types: *deb-src|deb-src )" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  [ "$(id -u)" -eq 0 ] || die "no deb-src entry in apt's sources: add one for $suite (or run as root)"
  cat >/etc/apt/sources.list.d/virtdeck-deb-src.sources <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update -qq
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
pkg=libvirt${LIBVIRT_SRC_VERSION:+=$LIBVIRT_SRC_VERSION}
(cd "$scratch" && apt-get source -qq --download-only "$pkg" >/dev/null 2>&1) || die "apt-get source $pkg failed"
dsc=$(ls "$scratch"/libvirt_*.dsc)
version=$(sed -n 's/^Version: //p' "$dsc")
(cd "$scratch" && dpkg-source -x --skip-patches "$dsc" src >"$scratch/unpack.log" 2>&1) || { cat "$scratch/unpack.log" >&2; die "unpacking $dsc failed"; }
tests=$scratch/src/tests

if [ "$reselect" = 1 ]; then
  # Source folder in the package → folder in the corpus (snapshots: in and out files differ).
  node --import tsx "$here/test/support/select-libvirt-corpus.ts" "$tests" | awk '
    BEGIN {
      m["qemuxml2argvdata"] = "domains"; m["networkxml2xmlin"] = "networks"
      m["storagepoolxml2xmlin"] = "pools"; m["storagevolxml2xmlin"] = "volumes"
      m["qemudomainsnapshotxml2xmlin"] = "snapshots/in"; m["qemudomainsnapshotxml2xmlout"] = "snapshots/out"
      m["capabilityschemadata"] = "capabilities"; m["vircaps2xmldata"] = "capabilities"
      m["domaincapsdata"] = "domain-capabilities"
    }
    { n = split($0, p, "/"); print $0, m[p[1]] "/" p[n] }' >"$scratch/files.txt"
  for d in domains networks pools volumes snapshots capabilities domain-capabilities; do rm -rf "${corpus:?}/$d"; done
  mkdir -p "$corpus"
  cp "$scratch/files.txt" "$corpus/files.txt"
fi

[ -s "$corpus/files.txt" ] || die "no $corpus/files.txt: run with --reselect"
n=0
while read -r src dest; do
  [ -f "$tests/$src" ] || die "libvirt $version has no tests/$src (try --reselect)"
  mkdir -p "$(dirname "$corpus/$dest")"
  cp "$tests/$src" "$corpus/$dest"
  n=$((n + 1))
done <"$corpus/files.txt"
echo "$version" >"$corpus/VERSION"
echo "fetch-libvirt-corpus: $n files from libvirt $version into ${corpus#"$here"/}"
