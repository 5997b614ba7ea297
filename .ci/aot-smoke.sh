#!/usr/bin/env bash
# Native AOT smoke test: publish QuickStart as a native linux-x64 binary with zero warnings (trim, AOT, compiler),
# zip it with deploy/package-lambda.sh, then run the bootstrap from that zip against the in-test Lambda Runtime API
# (tests/RuntimeApiSmoke) and check its answers.
set -euo pipefail
cd "$(dirname "$0")/.."

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
log="$out/publish.log"

dotnet publish samples/QuickStart/QuickStart.csproj -c Release -r linux-x64 -p:PublishAot=true -warnaserror \
  -o "$out/bin" 2>&1 | tee "$log"
if grep -Eq 'warning [A-Z]+[0-9]+|warning :' "$log"; then
  echo "FAIL: the Native AOT publish printed warnings (above)" >&2
  exit 1
fi

binary="$out/bin/QuickStart"
echo "native binary: $(stat -c %s "$binary") bytes ($(du -h "$binary" | cut -f1)), stripped symbols in QuickStart.dbg"

# provided.al2023 has glibc 2.34: the binary must not need a newer symbol version.
if command -v objdump >/dev/null; then
  newest="$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
  echo "newest glibc symbol version required: $newest"
  if [ "$(printf '%s\nGLIBC_2.34\n' "$newest" | sort -V | tail -1)" != "GLIBC_2.34" ]; then
    echo "FAIL: $binary needs $newest; Amazon Linux 2023 has glibc 2.34" >&2
    exit 1
  fi
fi

# The deployment package docs/deploy.md builds: bootstrap (mode 755) at the root, no symbols. The smoke test runs the
# bootstrap unpacked from it, so what is tested is what would be uploaded.
bash deploy/package-lambda.sh "$out/bin" "$out/quickstart.zip"
listing="$(unzip -Z "$out/quickstart.zip")"
grep -Eq '^-rwxr-xr-x .* bootstrap$' <<< "$listing" || { echo "FAIL: no bootstrap with mode 755 in the zip" >&2; exit 1; }
if grep -Eq '\.(dbg|pdb)$' <<< "$listing"; then echo "FAIL: debug files in the zip" >&2; exit 1; fi
mkdir "$out/unpacked" && unzip -q "$out/quickstart.zip" -d "$out/unpacked"

dotnet run --project tests/RuntimeApiSmoke -c Release -- "$out/unpacked/bootstrap" \
  samples/QuickStart/events/grant-access.json '{"status":"ok"}' \
  samples/QuickStart/events/create-credentials.json '{"status":"ok","secret":"created-credentials-secret"}' \
  samples/QuickStart/events/get-status.json '{"status":"active"}'
