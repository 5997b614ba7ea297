#!/usr/bin/env bash
# Adversarial 6 MB request bodies against samples/QuickStart, JIT and Native AOT: generates each body
# (benchmarks/Apono.Integration.Sdk.Benchmarks/AdversarialBodies.cs), runs `QuickStart invoke --file BODY --json`
# under /usr/bin/time -v with the GC heap limit a 128 MB Lambda gets, and prints one row per body and build:
# wall time, peak RSS, exit code and the answer (errorType, or "reply").
# Usage: benchmarks/adversarial/run.sh   (Linux x64; Native AOT needs clang + zlib1g-dev; installs GNU time if missing)
# Targets (issue 11 item 2): peak RSS <= 64 MB (AOT) and <= 128 MB (JIT); no InternalError; no crash.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${ADVERSARIAL_OUT:-artifacts/adversarial}"
RID=linux-x64
HEAP_LIMIT="${HEAP_LIMIT:-0x6000000}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ ! -x /usr/bin/time ]]; then
  echo "== installing GNU time" >&2
  if [[ "$(id -u)" == 0 ]]; then apt-get update -qq && apt-get install -y -qq time >&2; else sudo apt-get update -qq && sudo apt-get install -y -qq time >&2; fi
fi

AOT_LINKER=()
if ! command -v clang >/dev/null; then
  CLANG="$(compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -V | tail -1 || true)"
  if [[ -z "$CLANG" ]]; then
    echo "Native AOT needs clang: apt-get install -y clang zlib1g-dev" >&2
    exit 2
  fi
  AOT_LINKER=(-p:CppCompilerAndLinker="$CLANG")
fi

rm -rf "$OUT"
mkdir -p "$OUT/bodies"
echo "== generate the bodies" >&2
dotnet run -c Release --project benchmarks/Apono.Integration.Sdk.Benchmarks -v q -- --adversarial "$OUT/bodies" >&2
echo "== publish QuickStart (jit, aot)" >&2
dotnet publish samples/QuickStart -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=false -o "$OUT/jit" -v q -nologo >&2
dotnet publish samples/QuickStart -c Release -r "$RID" -p:PublishAot=true "${AOT_LINKER[@]}" -o "$OUT/aot" -v q -nologo >&2

echo "| Body | Bytes | Build | Wall time | Peak RSS | Exit | Answer |"
echo "|---|---:|---|---:|---:|---:|---|"
failed=0
for body in "$OUT"/bodies/*.json; do
  name="$(basename "$body" .json)"
  bytes="$(stat -c %s "$body")"
  for build in jit aot; do
    set +e
    DOTNET_GCHeapHardLimit="$HEAP_LIMIT" /usr/bin/time -v -o "$OUT/time.txt" \
      "$OUT/$build/QuickStart" invoke --file "$body" --json > "$OUT/stdout.txt" 2> "$OUT/stderr.txt"
    code=$?
    set -e
    rss_kb="$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$OUT/time.txt")"
    wall="$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/time.txt")"
    answer="$(sed -n 's/.*"errorType":"\([^"]*\)".*/\1/p' "$OUT/stdout.txt" | head -1)"
    [[ -z "$answer" && "$code" == 0 ]] && answer="reply $(head -c 60 "$OUT/stdout.txt")"
    [[ -z "$answer" ]] && answer="(no JSON; see $OUT/stderr.txt)"
    limit_mb=128; [[ "$build" == aot ]] && limit_mb=64
    rss_mb="$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')"
    verdict=""
    if awk -v r="$rss_mb" -v l="$limit_mb" 'BEGIN { exit !(r > l) }' || [[ "$answer" == InternalError* || "$code" -gt 1 ]]; then
      verdict=" **over target**"; failed=1
    fi
    echo "| $name | $bytes | $build | $wall | $rss_mb MB$verdict | $code | $answer |"
  done
done
exit "$failed"
