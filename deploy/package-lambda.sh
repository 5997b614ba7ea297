#!/usr/bin/env bash
# Usage: bash deploy/package-lambda.sh <publish folder> <zip file> [<executable name>]
#
# Zips a Native AOT publish folder as a deployment package for Lambda's provided.al2023 runtime:
#  - the native executable as `bootstrap` at the root of the zip, mode 755 (the runtime executes ./bootstrap);
#  - every other file of the publish, sub-folders included, at its own path: native libraries (*.so) the publish
#    produced beside the executable must ship with it, and so must data files the project copies to its output;
#  - but no debug or build-only file: *.dbg (native symbols), *.pdb, and an X.xml documentation file that sits beside
#    X.pdb, X.dbg or X.dll.
# The executable is <executable name>, else `bootstrap` if the folder has one, else the folder's only ELF executable.
# Needs `zip` (apt-get install zip). Exit codes: 0 zipped, 1 failed, 2 wrong arguments or no single executable.
set -euo pipefail

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
  echo "Usage: bash deploy/package-lambda.sh <publish folder> <zip file> [<executable name>]" >&2
  exit 2
fi
publish="$1"
zipfile="$2"
[ -d "$publish" ] || { echo "error: $publish is not a folder" >&2; exit 2; }
command -v zip > /dev/null || { echo "error: zip is not installed (apt-get install zip)" >&2; exit 1; }

is_elf() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]; }

if [ "$#" -eq 3 ]; then
  executable="$3"
elif [ -f "$publish/bootstrap" ]; then
  executable=bootstrap
else
  candidates=()
  for f in "$publish"/*; do
    name="${f##*/}"
    case "$name" in *.so|*.so.*|*.dbg) continue ;; esac
    if [ -f "$f" ] && [ -x "$f" ] && is_elf "$f"; then candidates+=("$name"); fi
  done
  if [ "${#candidates[@]}" -ne 1 ]; then
    echo "error: $publish has ${#candidates[@]} native executables (${candidates[*]:-none}); name the one to ship as the third argument" >&2
    exit 2
  fi
  executable="${candidates[0]}"
fi
[ -f "$publish/$executable" ] || { echo "error: $publish/$executable does not exist" >&2; exit 2; }
is_elf "$publish/$executable" || { echo "error: $publish/$executable is not a native (ELF) executable: publish with -p:PublishAot=true -r linux-x64|linux-arm64" >&2; exit 2; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
(
  cd "$publish"
  find . -type f | sed 's:^\./::' | sort | while IFS= read -r path; do
    base="${path%.*}"
    case "$path" in
      "$executable") continue ;;
      *.dbg|*.pdb) continue ;;
      *.xml) if [ -e "$base.pdb" ] || [ -e "$base.dbg" ] || [ -e "$base.dll" ] || [ "$base" = "$executable" ]; then continue; fi ;;
    esac
    mkdir -p "$stage/$(dirname "$path")"
    cp -p "$path" "$stage/$path"
  done
)
cp "$publish/$executable" "$stage/bootstrap"
chmod 755 "$stage/bootstrap"

mkdir -p "$(dirname "$zipfile")"
zipfile="$(cd "$(dirname "$zipfile")" && pwd)/$(basename "$zipfile")"
rm -f "$zipfile"
(cd "$stage" && zip -q -X -D -r "$zipfile" bootstrap $(find . -mindepth 1 -maxdepth 1 ! -name bootstrap -printf '%P\n' | sort))
echo "$zipfile: $(stat -c %s "$zipfile") bytes"
(cd "$stage" && find . -type f -printf '  %m %P\n' | sort -k2)
