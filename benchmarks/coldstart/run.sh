#!/usr/bin/env bash
# Cold start of samples/QuickStart published three ways (JIT framework-dependent, ReadyToRun, Native AOT):
# each started RUNS times against a loopback Lambda Runtime API; prints process start → first reply, peak RSS, size.
# Usage: benchmarks/coldstart/run.sh [RUNS]   (default 20; Linux x64; Native AOT needs clang, see docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-20}"
OUT="${COLDSTART_OUT:-artifacts/coldstart}"
RID=linux-x64
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Native AOT links with clang; Debian ships it as clang-NN without the plain name unless the clang package is installed.
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
echo "== publish (jit, r2r, aot) to $OUT" >&2
dotnet publish samples/QuickStart -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=false -o "$OUT/jit" -v q -nologo >&2
dotnet publish samples/QuickStart -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=true -o "$OUT/r2r" -v q -nologo >&2
dotnet publish samples/QuickStart -c Release -r "$RID" -p:PublishAot=true "${AOT_LINKER[@]}" -o "$OUT/aot" -v q -nologo >&2

echo "== build the driver" >&2
dotnet build benchmarks/coldstart -c Release -v q -nologo >&2

echo "== $RUNS cold starts each (+1 discarded to warm the page cache)" >&2
dotnet benchmarks/coldstart/bin/Release/net10.0/ColdStart.dll --runs "$RUNS" --event samples/QuickStart/events/grant-access.json \
  jit="$OUT/jit/QuickStart" r2r="$OUT/r2r/QuickStart" aot="$OUT/aot/QuickStart"
