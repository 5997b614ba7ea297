#!/usr/bin/env bash
# Packs the SDK, the Testing package and the `dotnet new` template into a local folder feed, installs the template
# from it, instantiates it (JIT and --aot) in a temp folder, and builds, tests and runs `check` on the result against
# the packages just packed. The feed and its unique version come from .ci/pack-feed.sh, as in docs/getting-started.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$(mktemp -d)"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
version=""
cleanup() {
  rm -rf "$work"
  # The uniquely versioned packs are of no use after this run.
  [ -n "$version" ] && for id in apono.integration.sdk apono.integration.sdk.testing; do rm -rf "$packages/$id/$version"; done
  return 0
}
trap cleanup EXIT
say() { printf '\n--- template-check: %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

say "pack into $work/feed (.ci/pack-feed.sh, the recipe docs/getting-started.md documents)"
version="$(bash .ci/pack-feed.sh "$work/feed" | tail -n 1)"
echo "version $version"
ls "$work/feed"

say "install the template from the local feed"
hive="$work/hive"
dotnet new install "$work/feed/Apono.Integration.Templates.$version.nupkg" --debug:custom-hive "$hive"

cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML

for variant in jit aot; do
  say "instantiate ($variant)"
  dir="$work/$variant"
  args=(-n Acme.WikiAccess -o "$dir" --debug:custom-hive "$hive")
  [[ "$variant" == aot ]] && args+=(--aot)
  dotnet new apono-integration "${args[@]}"
  grep -q "Include=\"Apono.Integration.Sdk\" Version=\"$version\"" "$dir/Directory.Packages.props" || { echo "SDK version $version not pinned in Directory.Packages.props"; exit 1; }
  if grep -q '__[A-Z_]*_VERSION__' "$dir/Directory.Packages.props"; then echo "unstamped version token in Directory.Packages.props"; exit 1; fi
  grep -q '<IsPublishable>false</IsPublishable>' "$dir/tests/Acme.WikiAccess.Tests/Acme.WikiAccess.Tests.csproj" || { echo "test project is publishable"; exit 1; }
  if [[ "$variant" == aot ]]; then
    grep -q '<PublishAot>true</PublishAot>' "$dir/src/Acme.WikiAccess/Acme.WikiAccess.csproj" || { echo "--aot did not set PublishAot"; exit 1; }
  elif grep -q PublishAot "$dir/src/Acme.WikiAccess/Acme.WikiAccess.csproj"; then
    echo "PublishAot set without --aot"; exit 1
  fi

  say "build and test ($variant)"
  (cd "$dir" && dotnet build Acme.WikiAccess.slnx -c Release -nologo -v q && dotnet test Acme.WikiAccess.slnx -c Release --no-build -nologo)

  if [[ "$variant" == jit ]]; then
    say "publish the solution ($variant): the function only, not the test project"
    (cd "$dir" && dotnet publish Acme.WikiAccess.slnx -c Release --no-build -nologo -v q)
    [ -f "$dir/src/Acme.WikiAccess/bin/Release/net10.0/publish/Acme.WikiAccess.dll" ] || { echo "the function was not published"; exit 1; }
    [ ! -e "$dir/tests/Acme.WikiAccess.Tests/bin/Release/net10.0/publish" ] || { echo "publishing the solution published the test project"; exit 1; }
    echo "published: $(ls "$dir/src/Acme.WikiAccess/bin/Release/net10.0/publish" | tr '\n' ' ')"
  fi

  say "check ($variant)"
  dotnet "$dir/src/Acme.WikiAccess/bin/Release/net10.0/Acme.WikiAccess.dll" check | tail -n 1
done

say "done"
