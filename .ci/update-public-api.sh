#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every packable library from its current public surface.
# Run after changing the public API (the build fails with RS0016/RS0017 until then), review `git diff`, commit.
# PublicAPI.Shipped.txt is left alone: move lines there by hand when a version ships.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for project in src/Apono.Integration.Sdk src/Apono.Integration.Sdk.Testing; do
  unshipped="$project/PublicAPI.Unshipped.txt"
  printf '#nullable enable\n' > "$unshipped"
  # RS0016's code fix adds every public symbol that is in neither file.
  dotnet format analyzers "$project/$(basename "$project").csproj" --diagnostics RS0016 --severity warn -v q
  { head -n 1 "$unshipped"; tail -n +2 "$unshipped" | LC_ALL=C sort -u; } > "$unshipped.tmp" && mv "$unshipped.tmp" "$unshipped"
  echo "$unshipped: $(($(wc -l < "$unshipped") - 1)) entries"
done
