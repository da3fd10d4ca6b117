#!/bin/sh
# Fetch the real ntfy server (Debian trixie's `ntfy` package, 2.11) for the interop tests, without touching the
# system's apt state: a private apt configuration (own sources list, lists and cache folders) under .cache/ntfy,
# `apt-get download ntfy`, then `dpkg -x` into .cache/ntfy/root. The binary needs only libc and libsqlite3, which
# bookworm has. Prints the binary's path; exits non-zero (with the steps to do by hand) when it cannot.
set -eu
cd "$(dirname "$0")/.."
CACHE="$PWD/.cache/ntfy"
BIN="$CACHE/root/usr/bin/ntfy"
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi

# The archive URI the system already uses (deb822 first, then the one-line format); Debian's main mirror otherwise.
URI=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n' | grep -v security | head -n 1 || true)
if [ -z "$URI" ]; then
  URI=$(sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\2/p' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1 || true)
fi
URI=${URI:-http://deb.debian.org/debian}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

steps() {
  cat >&2 <<STEPS
Could not fetch the ntfy server (needed by the ntfy interop tests). Steps, from the repository root:
  mkdir -p .cache/ntfy/apt/lists/partial .cache/ntfy/apt/cache/archives/partial .cache/ntfy/root
  echo 'deb [signed-by=$KEYRING] $URI trixie main' > .cache/ntfy/apt/sources.list
  apt-get -o Dir::Etc::SourceList=\$PWD/.cache/ntfy/apt/sources.list -o Dir::Etc::SourceParts=/dev/null \\
    -o Dir::State::Lists=\$PWD/.cache/ntfy/apt/lists -o Dir::Cache=\$PWD/.cache/ntfy/apt/cache update
  (cd .cache/ntfy && apt-get <the same -o options> download ntfy)
  dpkg -x .cache/ntfy/ntfy_*.deb .cache/ntfy/root
(or put any ntfy 2.11 binary at $BIN)
STEPS
  exit 1
}

command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || steps
[ -r "$KEYRING" ] || steps
mkdir -p "$CACHE/apt/lists/partial" "$CACHE/apt/cache/archives/partial" "$CACHE/root"
echo "deb [signed-by=$KEYRING] $URI trixie main" > "$CACHE/apt/sources.list"
set -- -q -o Dir::Etc::SourceList="$CACHE/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null \
  -o Dir::State::Lists="$CACHE/apt/lists" -o Dir::Cache="$CACHE/apt/cache" -o Dir::State::Status=/var/lib/dpkg/status \
  -o APT::Sandbox::User=root
apt-get "$@" update >&2 || steps
(cd "$CACHE" && rm -f ntfy_*.deb && apt-get "$@" download ntfy >&2) || steps
dpkg -x "$CACHE"/ntfy_*.deb "$CACHE/root" || steps
[ -x "$BIN" ] || steps
# The lists are only needed for the download: drop them (~10 MB), keep the .deb for the record.
rm -rf "$CACHE/apt"
echo "$BIN"
