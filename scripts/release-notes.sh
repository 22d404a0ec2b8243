#!/usr/bin/env bash
# Print the CHANGELOG.md section of one release, the GitHub release notes of
# its tag (.github/workflows/release.yml).
#
#   scripts/release-notes.sh vX.Y.Z [CHANGELOG.md]
#
# The section starts at the heading "## vX.Y.Z" (optionally followed by
# " - date") and ends before the next "## " heading. A missing or empty section
# is an error, so a tag is never released without notes.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 vX.Y.Z [CHANGELOG.md]" >&2
	exit 2
fi
tag=$1
changelog=${2:-$(cd "$(dirname "$0")/.." && pwd)/CHANGELOG.md}

notes=$(awk -v tag="$tag" '
	/^## / {
		if (found) exit
		h = substr($0, 4)
		if (h == tag || index(h, tag " ") == 1) { found = 1; next }
	}
	found { print }
' "$changelog")
# Drop leading and trailing blank lines.
notes=$(printf '%s\n' "$notes" | sed -e '/./,$!d')
if [ -z "${notes//[[:space:]]/}" ]; then
	echo "release-notes: no section \"## $tag\" with content in $changelog" >&2
	exit 1
fi
printf '%s\n' "$notes"
