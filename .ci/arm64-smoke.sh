#!/usr/bin/env bash
# linux-arm64 (Graviton) Native AOT, cross-compiled on this x64 machine and run under qemu-user:
#  - installs Debian's aarch64 cross toolchain (binutils, gcc's C runtime and libc for arm64), clang as the
#    cross linker (the ILCompiler passes --target=aarch64-linux-gnu, which only clang understands) and qemu-user;
#  - publishes QuickStart and PostgresAccess with -r linux-arm64 -p:PublishAot=true (the SDK restores the
#    linux-arm64 ILCompiler and runtime packages) with zero warnings, and checks the result is an aarch64 ELF;
#  - runs each binary under qemu-aarch64 against the in-test Runtime API (tests/RuntimeApiSmoke): exact replies,
#    then SIGTERM and exit code 0.
# PostgresAccess is run without a database: it answers the SDK's own error for an unknown event and the sample's
# InvalidRequest for a get-status with no deploy-time target configured (correctness of the arm64 build, not of the sample).
set -euo pipefail
cd "$(dirname "$0")/.."

sysroot=/usr/aarch64-linux-gnu
need=()
command -v clang > /dev/null || need+=(clang)
command -v aarch64-linux-gnu-objcopy > /dev/null || need+=(binutils-aarch64-linux-gnu)
[ -e /usr/lib/gcc-cross/aarch64-linux-gnu ] || need+=(gcc-aarch64-linux-gnu)
[ -e "$sysroot/lib/libc.so" ] || need+=(libc6-dev-arm64-cross)
command -v qemu-aarch64 > /dev/null || need+=(qemu-user)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

publish() { # <project dir> <output dir>
  local log="$2.log"
  dotnet publish "$1" -c Release -r linux-arm64 -p:PublishAot=true -p:ObjCopyName=aarch64-linux-gnu-objcopy \
    -warnaserror -o "$2" > "$log" 2>&1 || { cat "$log"; exit 1; }
  if grep -Eq 'warning [A-Z]+[0-9]+|warning :' "$log"; then
    grep -E 'warning [A-Z]+[0-9]+|warning :' "$log"
    echo "FAIL: the linux-arm64 Native AOT publish of $1 printed warnings" >&2
    exit 1
  fi
}

# RuntimeApiSmoke starts the binary itself; this wrapper execs qemu so that SIGTERM reaches the emulated process.
wrap() { # <arm64 binary> -> prints the wrapper's path
  local wrapper="$1.qemu"
  printf '#!/bin/sh\nexec qemu-aarch64 -L %s %s "$@"\n' "$sysroot" "$1" > "$wrapper"
  chmod +x "$wrapper"
  echo "$wrapper"
}

check_elf() { # <binary>
  local header
  header="$(file -b "$1" 2>/dev/null || readelf -h "$1")"
  case "$header" in
    *aarch64*|*AArch64*) echo "$1: $(stat -c %s "$1") bytes, $header" | cut -c1-200 ;;
    *) echo "FAIL: $1 is not an arm64 binary: $header" >&2; exit 1 ;;
  esac
}

dotnet build tests/RuntimeApiSmoke -c Release -nologo -v q

echo "--- QuickStart linux-arm64 ($(date -u +%H:%M:%S))"
publish samples/QuickStart "$out/quickstart"
check_elf "$out/quickstart/QuickStart"
dotnet run --project tests/RuntimeApiSmoke -c Release --no-build -- "$(wrap "$out/quickstart/QuickStart")" \
  samples/QuickStart/events/grant-access.json '{"status":"ok"}' \
  samples/QuickStart/events/create-credentials.json '{"status":"ok","secret":"created-credentials-secret"}' \
  samples/QuickStart/events/get-status.json '{"status":"active"}'

echo "--- PostgresAccess linux-arm64 ($(date -u +%H:%M:%S))"
publish samples/PostgresAccess "$out/postgres"
binary="$out/postgres/bootstrap"
[ -x "$binary" ] || binary="$out/postgres/PostgresAccess"
check_elf "$binary"
printf '{"event_type":"no-such-event"}' > "$out/unknown.json"
printf '{"event_type":"get-status","params":{"custom_parameters":{}}}' > "$out/get-status-no-params.json"
dotnet run --project tests/RuntimeApiSmoke -c Release --no-build -- "$(wrap "$binary")" \
  "$out/unknown.json" 'error:{"errorType":"InvalidRequest","errorMessage":"event_type '"'"'no-such-event'"'"' is not an Apono event; expected one of: list-resources, list-resources-tags, grant-access, revoke-access, create-credentials, reset-credentials, delete-credentials, get-status."}' \
  "$out/get-status-no-params.json" 'error:{"errorType":"InvalidRequest","errorMessage":"No PostgreSQL target is configured: set PostgresAccess:Targets:<name>:Host, AdminUser and AdminSecret in the function'"'"'s environment (PostgresAccess__Targets__<name>__Host, ...)."}'
