#!/usr/bin/env bash
# Usage: bash .ci/pack-feed.sh <feed folder>
# Packs Apono.Integration.Sdk, Apono.Integration.Sdk.Testing and the Apono.Integration.Templates template package
# into <feed folder> (created if missing), all with one version that no other pack shares, and prints that version
# as the last line. A folder of .nupkg files is a NuGet feed: point a nuget.config at it.
#
# The version is <VersionPrefix>-ci.<UTC yyyyMMddHHmmss>.g<short commit>, e.g. 0.1.0-ci.20261201131500.gfdc19c7:
# NuGet caches a package by id and version forever (~/.nuget/packages), so a reused version (0.1.0) would let a
# restore silently use an older build of the same number. Set APONO_VERSION_SUFFIX to choose the suffix yourself
# (a build number, say: APONO_VERSION_SUFFIX=build.1234).
set -euo pipefail
if [ "$#" -ne 1 ]; then
  echo "Usage: bash .ci/pack-feed.sh <feed folder>" >&2
  exit 2
fi
feed="$(mkdir -p "$1" && cd "$1" && pwd)"
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

prefix="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)"
commit="$(git rev-parse --short=7 HEAD 2>/dev/null || echo nogit)"
suffix="${APONO_VERSION_SUFFIX:-ci.$(date -u +%Y%m%d%H%M%S).g$commit}"
version="$prefix-$suffix"

for project in src/Apono.Integration.Sdk src/Apono.Integration.Sdk.Testing templates; do
  dotnet pack "$project" -c Release -o "$feed" --version-suffix "$suffix" -v q -nologo >&2
done
for id in Apono.Integration.Sdk Apono.Integration.Sdk.Testing Apono.Integration.Templates; do
  [ -f "$feed/$id.$version.nupkg" ] || { echo "FAIL: $feed/$id.$version.nupkg was not packed" >&2; exit 1; }
done
echo "$version"
