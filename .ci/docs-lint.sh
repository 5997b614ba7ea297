#!/usr/bin/env bash
# Docs hygiene for README.md, docs/*.md and every README.md under samples/ and templates/:
#  - every link that is not http(s) or mailto is relative and points at a file or folder of the repository (anchors
#    are not checked); no absolute path (/...) or file:// link;
#  - no path of a build machine (/work/, /root/, /home/<user>/) in the text;
#  - no tracker reference ("issue 7", "#12"): a page says what it means instead.
set -euo pipefail
cd "$(dirname "$0")/.."

failures=0
pages=(README.md docs/*.md)
while IFS= read -r page; do pages+=("$page"); done < <(find samples templates -name README.md -not -path '*/bin/*' -not -path '*/obj/*' | sort)

for page in "${pages[@]}"; do
  dir="$(dirname "$page")"
  # Inline links [text](target), the target up to a space or ')'.
  while IFS= read -r target; do
    case "$target" in
      http://*|https://*|mailto:*|'#'*) continue ;;
      /*|file:*) echo "$page: absolute link ($target)"; failures=$((failures + 1)); continue ;;
    esac
    path="${target%%#*}"
    [ -e "$dir/$path" ] || { echo "$page: broken relative link ($target)"; failures=$((failures + 1)); }
  done < <(grep -oE '\]\([^) ]+' "$page" | sed 's/^](//')
  if grep -nE '(^|[^A-Za-z0-9_.])/(work|root)/|/home/[a-z]' "$page"; then
    echo "$page: names a path of a build machine (above)"; failures=$((failures + 1))
  fi
  if grep -niE '\bissues? #?[0-9]+\b|(^|[ (])#[0-9]+\b' "$page"; then
    echo "$page: cites a tracker issue number instead of saying what it means (above)"; failures=$((failures + 1))
  fi
done

echo "docs hygiene: ${#pages[@]} pages, $failures problem(s)"
[ "$failures" -eq 0 ]
