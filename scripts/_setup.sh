# Shared by scripts/serve, scripts/test and scripts/bench: a .venv with the pinned dependencies.
# Usage: source scripts/_setup.sh [extras]   (extras: "test")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
EXTRAS="${1:-}"
SPEC="."
[ -n "$EXTRAS" ] && SPEC=".[$EXTRAS]"
STAMP=".venv/.installed-$(cat setup.cfg pyproject.toml constraints.txt | sha1sum | cut -c1-12)-${EXTRAS:-base}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$STAMP" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e "$SPEC"
  touch "$STAMP"
fi
export LOOKUP_HOME="${LOOKUP_HOME:-$ROOT/instance}"
