#!/usr/bin/env bash
# Runs docs/getting-started.md as a new user would: every ```bash block preceded by an HTML comment
#   <!-- ci: run in the clone -->   (run in a fresh `git clone` of this repository)  or
#   <!-- ci: run -->                (run in a new folder outside any clone, where the previous such block left off)
# verbatim and in order, in one `bash` with `set -euo pipefail`, with an empty HOME (so an empty NuGet cache, no
# user NuGet.Config, no installed `dotnet new` templates) and NUGET_PACKAGES / DOTNET_CLI_HOME inside it. Variables a
# block exports (APONO_FEED, APONO_VERSION) reach the later blocks. Fails on a failing command, on any build or
# publish warning in the whole output, and when the page has no block to run or its last block is not the AOT publish.
# A clone has only committed files: run it on a committed tree.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
page="docs/getting-started.md"

work="$(mktemp -d /tmp/apono-docs-run.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/outside"
git clone -q "$repo" "$work/clone"

# The script: each marked block verbatim, framed by the cd that puts it where the page says it runs.
script="$work/getting-started.sh"
awk -v clone="$work/clone" '
  /^<!-- ci: run in the clone -->$/ { mode = "clone"; next }
  /^<!-- ci: run -->$/              { mode = "outside"; next }
  mode != "" && /^```bash$/ {
    n++
    printf "echo \"+++ block %d (%s) $(date -u +%%H:%%M:%%S)\"\n", n, mode
    if (mode == "clone") printf "__outside=\"$PWD\"; cd \"%s\"\n", clone
    inblock = 1; next
  }
  inblock && /^```$/ {
    if (mode == "clone") print "cd \"$__outside\""
    inblock = 0; mode = ""; next
  }
  inblock { print; next }
  mode != "" && !/^$/ { mode = "" }   # a marker applies only to the block right after it
  END { if (n == 0) exit 1 }
' "$page" > "$script.body" || { echo "FAIL: $page has no <!-- ci: run --> bash block" >&2; exit 1; }
{ echo 'set -euo pipefail'; cat "$script.body"; } > "$script"
grep -q -- '^dotnet publish .*-r linux-x64 .*-warnaserror' "$script" \
  || { echo "FAIL: $page no longer runs the Native AOT publish with -warnaserror" >&2; exit 1; }
echo "running $(grep -c '^echo "+++ block' "$script") blocks of $page in $work/outside (HOME=$work/home)"

log="$work/run.log"
start=$(date +%s)
set +e
(
  cd "$work/outside"
  env -u NUGET_PACKAGES -u DOTNET_CLI_HOME -u NUGET_CONFIG_FILE \
    HOME="$work/home" DOTNET_CLI_HOME="$work/home" NUGET_PACKAGES="$work/home/.nuget/packages" \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    bash "$script"
) 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo "docs run: exit $status in $(( $(date +%s) - start )) s; NuGet cache filled from empty: $(du -sh "$work/home/.nuget/packages" 2>/dev/null | cut -f1)"
[ "$status" -eq 0 ] || { echo "FAIL: a command of $page failed (above)" >&2; exit 1; }
if grep -Eq 'warning [A-Z]+[0-9]+|: warning :' "$log"; then
  grep -E 'warning [A-Z]+[0-9]+|: warning :' "$log" | sort -u
  echo "FAIL: the commands of $page printed warnings (above)" >&2
  exit 1
fi
project="$work/outside/acme-wiki-access"
[ -x "$project/publish/Acme.WikiAccess" ] || { echo "FAIL: no native executable in $project/publish" >&2; exit 1; }
if compgen -G "$project/publish/*.Tests*" > /dev/null; then
  echo "FAIL: the publish contains the test project" >&2; exit 1
fi
echo "native executable: $(stat -c %s "$project/publish/Acme.WikiAccess") bytes"
