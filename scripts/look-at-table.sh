#!/usr/bin/env bash
# Shows the demo account's findings table as a real terminal of 80 and 120 columns draws it (tmux),
# and fails if any line wrapped at the terminal's edge. Needs tmux; run from the repository root.
# Extra arguments go to `tally sweep` (e.g. --show-reconciled). WIDTHS="80 100 120" to choose widths.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "look-at-table: tmux is not installed" >&2; exit 2; }
[ -f dist/tally.mjs ] || node scripts/build-cli.mjs
args="$*"
status=0
for width in ${WIDTHS:-80 120}; do
  session="tally-look-$$-$width"
  # stdout is the pane (a terminal of $width columns), so tally sizes the table from it; stderr is dropped.
  tmux -f /dev/null new-session -d -s "$session" -x "$width" -y 50 \
    "tmux set-option -t '$session' history-limit 10000; node dist/tally.mjs sweep --snapshot examples/demo-account --now 2026-11-20T00:00:00Z -q --no-color $args 2>/dev/null; tmux wait-for -S '$session-done'; sleep 60"
  tmux wait-for "$session-done"
  screen="$(tmux capture-pane -p -t "$session" -S - -E -)"
  # -J joins lines the terminal wrapped: any joined line longer than the pane was cut by the terminal.
  longest="$(tmux capture-pane -p -J -t "$session" -S - -E - | node -e "let t='';process.stdin.on('data',(c)=>t+=c).on('end',()=>console.log(Math.max(0,...t.split('\\n').map((l)=>[...l].length))))")"
  tmux kill-session -t "$session" 2>/dev/null || true
  echo "=== tmux pane of $width columns: longest line $longest ==="
  printf '%s\n' "$screen" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
  if [ "$longest" -gt "$width" ]; then echo "look-at-table: a line wrapped at $width columns" >&2; status=1; fi
done
exit $status
