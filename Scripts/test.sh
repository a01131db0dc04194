#!/usr/bin/env bash
# The whole test suite: system packages if missing, every Swift test (unit, fixtures, peer corpus,
# hostile rules, command line, independent checks), then the notebooks executed headless.
set -uo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-deps.sh || exit 1
# The report's browser test (ReportBrowserTests) opens report.html in headless Chromium: Debian's
# package, installed here when missing (the toolkit itself does not need it).
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing: chromium (for the report's browser test)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || exit 1
fi
swift build --build-tests || exit 1
# Passing test cases are not echoed one by one; failures, skips and the closing summary are.
swift test --skip-build 2>&1 | grep -vE "^Test Case '.*' (started|passed)|^◇ Test .* started|^✔ Test .* passed"
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || exit "$status"

# Notebooks: a private virtual environment with a Jupyter kernel, then each notebook run headless.
venv=.build/notebook-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || exit 1
fi
"$venv/bin/python" -c "import nbclient, ipykernel" 2>/dev/null ||
  "$venv/bin/pip" install --quiet --disable-pip-version-check nbclient nbformat ipykernel || exit 1
# (The kernel's warning about TCP on localhost is noise here: it is filtered out.)
TARGETING_BIN="$PWD/.build/debug/targeting" "$venv/bin/python" Scripts/run-notebooks.py 2>&1 | grep -v "IPKernelApp\] WARNING"
exit "${PIPESTATUS[0]}"
