#!/bin/sh
# Print a Python command the course supports (3.11-3.13, what TensorFlow 2.21 and the pinned
# packages share), preferring $PYTHON, then python3, then python3.13 ... python3.11.
# Exit 1 with one line saying what to install when none is found.
for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
found=$(python3 --version 2>&1 || echo "no python3")
echo "The course needs Python 3.11, 3.12 or 3.13 (TensorFlow 2.21 has no wheels for newer ones); found: $found. Install python3.12 and run make again." >&2
exit 1
