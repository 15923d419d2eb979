#!/usr/bin/env bash
# Writes docs/examples/profile-report.md: the export a coordinator gets after running site
# setup, the pre-establishment considerations and backbone functions for one site (the last
# two with the answers typed in their main golden transcripts).
set -euo pipefail
cd "$(dirname "$0")/.."
trellis=${TRELLIS:-.build/debug/trellis}
data=$(mktemp -d)
inputs() { sed -n 's/^> \{0,1\}//p' "Tests/transcripts/$1.main.human.transcript" | sed 's/^>$//'; }
# Site setup as the other transcripts' profile has it: hybrid, pre-establishment, two partners.
printf 'Riverbend Primary\nRiverbend\nhybrid\n1\nRiverbend Health\nhealth\nHealth sessions\nyes\nCity Council\nlocal\n\nno\nembedded\nRiverbend Health\n' \
  | "$trellis" chat site-setup --create --site riverbend --as Sam --data "$data" > /dev/null
for dialogue in pre-establishment backbone-functions; do
  # --interactive: the transcripts include refused answers on purpose, followed by good ones.
  inputs "$dialogue" | "$trellis" chat "$dialogue" --site riverbend --as Sam --data "$data" --interactive > /dev/null
done
"$trellis" export riverbend --format markdown --data "$data" \
  | sed 's/report made [0-9T:.Z-]*\./report made (date of the run)./' > docs/examples/profile-report.md
echo "wrote docs/examples/profile-report.md"
