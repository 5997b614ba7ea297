#!/usr/bin/env bash
# Publishes the PostgresAccess and InternalAppAccess samples with Native AOT (what their deploy files package)
# and fails on any trim/AOT warning. Needs the AOT toolchain (clang, zlib1g-dev), as the QuickStart check does.
set -euo pipefail
cd "$(dirname "$0")/.."

for sample in PostgresAccess InternalAppAccess; do
  log="artifacts/aot/$sample.log"
  mkdir -p "artifacts/aot/$sample"
  dotnet publish "samples/$sample" -c Release -r linux-x64 -p:PublishAot=true -o "artifacts/aot/$sample" > "$log" 2>&1 \
    || { cat "$log"; exit 1; }
  warnings=$(grep -cE 'warning (IL|CS|CA)[0-9]+' "$log" || true)
  size=$(stat -c %s "artifacts/aot/$sample/bootstrap")
  echo "$sample: Native AOT bootstrap $((size / 1024 / 1024)) MiB, $warnings warnings"
  if [ "$warnings" != "0" ]; then
    grep -E 'warning (IL|CS|CA)[0-9]+' "$log"
    exit 1
  fi
done
