#!/usr/bin/env bash
# Takes the README's screenshots again (docs/screenshots/*.png) from the Chromium test that pictures each user's
# main page over the demo, in English and Chinese, on a desktop and on a phone. Needs Debian's chromium and a CJK
# font (fonts-wqy-microhei), which ./test.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
fc-list :lang=zh | grep -q . || { echo "no Chinese font: install fonts-wqy-microhei (./test.sh does)" >&2; exit 1; }
LIANBO_SCREENSHOTS="$PWD/docs/screenshots" LIANBO_TEST_BROWSER="${LIANBO_TEST_BROWSER:-/usr/bin/chromium}" \
  dotnet test tests/Lianbo.Web.Tests --filter "FullyQualifiedName~ScreenshotTests" --nologo -v q
ls -1 docs/screenshots/*.png
