#!/usr/bin/env bash
# Gate a persona release with iaf: audit it (strict: an inconclusive footprint fails), and,
# when a baseline report is given, diff it against the last published version.
#
#   examples/iaf-gate.sh RELEASE LOCALE OUT [BASELINE_REPORT] [--exclude ID ...]
#
# Writes OUT/report.json, report.md, report.html (and OUT/diff/ with a baseline); exits with the worst of
# the two exit codes: 0 pass, 1 a footprint failed or regressed, 2 unusable input, 3 a broken
# catalogue. CI keeps OUT as an artifact whatever the outcome.
set -u
release=$1 locale=$2 out=$3
shift 3
baseline=""
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
    baseline=$1
    shift
fi
iaf audit "$release" --locale "$locale" --strict --quiet --report "$out" "$@"
audit=$?
worst=$audit
if [ -n "$baseline" ]; then
    iaf diff "$baseline" "$release" --locale "$locale" --report "$out/diff"
    diff=$?
    [ "$diff" -gt "$worst" ] && worst=$diff
fi
exit "$worst"
