#!/usr/bin/env bash
# Tests deploy/package-lambda.sh on made-up publish folders: what goes into the zip (bootstrap with mode 755 at the
# root, native libraries and data files at their paths), what stays out (*.dbg, *.pdb, documentation *.xml), and
# the refusals (no executable, two executables, a managed .dll named as the executable). The zip of a real Native
# AOT publish is checked by .ci/aot-smoke.sh, which runs the bootstrap it unpacks.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v zip > /dev/null && command -v unzip > /dev/null || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends zip unzip > /dev/null
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# The entries of a zip as "<mode> <path>" lines, sorted by path (zipinfo's permission string, e.g. -rwxr-xr-x).
entries() { unzip -Z "$1" | awk '$1 ~ /^[-d]r/ { print $1, $NF }' | sort -k2; }

elf() { # <path>: a file whose first bytes are an ELF header
  printf '\177ELF\002\001\001\000fake native code\n' > "$1"
}

echo "--- a publish with a native library, symbols, documentation and a data folder"
fake="$work/publish"
mkdir -p "$fake/events" "$fake/runtimes"
elf "$fake/Acme.WikiAccess"; chmod 700 "$fake/Acme.WikiAccess"
elf "$fake/libe_sqlite3.so"; chmod 755 "$fake/libe_sqlite3.so"
elf "$fake/Acme.WikiAccess.dbg"
echo pdb > "$fake/Apono.Integration.Sdk.pdb"
echo '<doc/>' > "$fake/Apono.Integration.Sdk.xml"
echo '<doc/>' > "$fake/Acme.WikiAccess.xml"
echo '<settings/>' > "$fake/settings.xml"
echo '{}' > "$fake/appsettings.json"
echo '{"event_type":"get-status"}' > "$fake/events/get-status.json"
bash deploy/package-lambda.sh "$fake" "$work/out/function.zip"
got="$(entries "$work/out/function.zip")"
want="$(printf '%s\n' '-rw-r--r-- appsettings.json' '-rwxr-xr-x bootstrap' '-rw-r--r-- events/get-status.json' \
  '-rwxr-xr-x libe_sqlite3.so' '-rw-r--r-- settings.xml' | sort -k2)"
if [ "$got" != "$want" ]; then
  fail "zip entries differ"; diff <(echo "$want") <(echo "$got") || true
fi
first="$(unzip -Z1 "$work/out/function.zip" | sed -n 1p)"
[ "$first" = bootstrap ] || fail "bootstrap is not the first entry (got $first)"
(cd "$work" && mkdir unpacked && cd unpacked && unzip -q ../out/function.zip && cmp -s bootstrap "$fake/Acme.WikiAccess") \
  || fail "bootstrap is not the publish's executable"

echo "--- repacking replaces the zip, it does not add to it"
rm "$fake/appsettings.json"
bash deploy/package-lambda.sh "$fake" "$work/out/function.zip" > /dev/null
grep -qx appsettings.json <<< "$(unzip -Z1 "$work/out/function.zip")" && fail "a file deleted from the publish stayed in the zip"

echo "--- an existing bootstrap is taken as the executable"
boot="$work/boot"; mkdir -p "$boot"
elf "$boot/bootstrap"; chmod 755 "$boot/bootstrap"; elf "$boot/other-tool"; chmod 755 "$boot/other-tool"
bash deploy/package-lambda.sh "$boot" "$work/boot.zip" > /dev/null
[ "$(entries "$work/boot.zip")" = "$(printf '%s\n' '-rwxr-xr-x bootstrap' '-rwxr-xr-x other-tool')" ] || fail "bootstrap folder: $(entries "$work/boot.zip")"

expect_refusal() { # <description> <expected message part> <args...>
  local what="$1" message="$2"; shift 2
  local code=0 err
  err="$(bash deploy/package-lambda.sh "$@" 2>&1 > /dev/null)" || code=$?
  if [ "$code" -ne 2 ] || [[ "$err" != *"$message"* ]]; then fail "$what: exit $code, '$err'"; else echo "refused ($what): $err"; fi
}
echo "--- refusals"
two="$work/two"; mkdir -p "$two"; elf "$two/a"; elf "$two/b"; chmod 755 "$two/a" "$two/b"
expect_refusal "two executables" "has 2 native executables (a b)" "$two" "$work/two.zip"
none="$work/none"; mkdir -p "$none"; echo managed > "$none/Acme.WikiAccess.dll"
expect_refusal "managed publish" "has 0 native executables" "$none" "$work/none.zip"
expect_refusal "a .dll named as the executable" "is not a native (ELF) executable" "$none" "$work/none.zip" Acme.WikiAccess.dll
expect_refusal "missing folder" "is not a folder" "$work/missing" "$work/x.zip"
expect_refusal "no arguments" "Usage:"
[ ! -e "$work/two.zip" ] && [ ! -e "$work/none.zip" ] || fail "a refused run wrote a zip"

if [ "$failures" -ne 0 ]; then
  echo "package-lambda: $failures check(s) failed" >&2
  exit 1
fi
echo "package-lambda: all checks passed"
