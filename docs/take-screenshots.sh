#!/usr/bin/env bash
# Retakes the window screenshots in docs/screenshots/ from the real release binary on a
# virtual X display. Needs Xvfb, xdotool, x11-apps and imagemagick (`bash .ci/deps`).
#
#   bash docs/take-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked
binary=target/release/postwright
out=docs/screenshots
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill "${xvfb:-0}" "${app:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

display=
for number in $(seq 120 200); do
  if [ ! -e "/tmp/.X${number}-lock" ] && [ ! -e "/tmp/.X11-unix/X${number}" ]; then
    display=":${number}"
    break
  fi
done
[ -n "$display" ] || { echo "no free X display" >&2; exit 1; }
Xvfb "$display" -screen 0 1440x920x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

# Things to do in the window before a screenshot, run with the window's id.
hover_finding() {
  # The pointer on the pasted link's underline in the editor: its message shows.
  DISPLAY=$display xdotool mousemove 250 310
  sleep 1.5
}
suggestions() {
  # F7 twice selects the second misspelt word; Ctrl+. opens its suggestions at the caret.
  DISPLAY=$display xdotool windowfocus --sync "$1"
  DISPLAY=$display xdotool key F7 F7
  sleep 0.3
  DISPLAY=$display xdotool key ctrl+period
  sleep 1.5
}

# shot NAME THEME POST [SETTINGS] [STEPS]: one screenshot of the window, after STEPS:
# separated by "|", each "key:KEYS" (xdotool key names), "type:TEXT", "click:X,Y" (a click at window
# coordinates), or "fn:NAME" (a function above, run with the window's id).
shot() {
  local name=$1 theme=$2 post=$3 extra=${4:-} keys=${5:-}
  local config="$work/config-$name"
  mkdir -p "$config"
  printf '{"theme": "%s"%s}\n' "$theme" "$extra" > "$config/settings.json"
  # The posts sit in a home folder of their own, so the status bar shows ~/blog/posts.
  local home="$work/home-$name"
  mkdir -p "$home/blog"
  cp -r sample_posts "$home/blog/posts"
  cp tests/data/window/*.md "$home/blog/posts/"
  # The outline's shots show a skipped level: the field guide's "Task lists" one level
  # too deep.
  case $name in
    window-outline*) sed -i 's/^### Task lists$/#### Task lists/' "$home/blog/posts/kitchen-sink.md" ;;
  esac
  HOME=$home DISPLAY=$display POSTWRIGHT_CONFIG_DIR=$config POSTWRIGHT_DATA_DIR="$work/data-$name" \
    "$binary" "$home/blog/posts/$post" >/dev/null 2>&1 &
  app=$!
  local window=
  for _ in $(seq 300); do
    window=$(DISPLAY=$display xdotool search --onlyvisible --name Postwright 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    sleep 0.1
  done
  [ -n "$window" ] || { echo "the window did not appear" >&2; exit 1; }
  # Let images load and the first analysis arrive; keep the pointer out of the way.
  DISPLAY=$display xdotool mousemove 1430 910
  sleep 3
  if [ -n "$keys" ]; then
    DISPLAY=$display xdotool windowfocus --sync "$window"
    local step
    IFS='|' read -ra steps <<< "$keys"
    for step in "${steps[@]}"; do
      case $step in
        key:*) DISPLAY=$display xdotool key "${step#key:}" ;;
        type:*) DISPLAY=$display xdotool type --delay 40 "${step#type:}" ;;
        fn:*) "${step#fn:}" "$window" ;;
        click:*)
          local at=${step#click:}
          DISPLAY=$display xdotool mousemove --window "$window" "${at%,*}" "${at#*,}" click 1
          DISPLAY=$display xdotool mousemove 1430 910
          ;;
      esac
      sleep 0.3
    done
    sleep 1
  fi
  DISPLAY=$display xwd -silent -id "$window" | convert xwd:- -strip "$out/$name.png"
  kill "$app"
  wait "$app" 2>/dev/null || true
  echo "wrote $out/$name.png"
}

shot window-light Light kitchen-sink.md
shot window-dark Dark release-announcement.md
shot window-links Light release-announcement.md ', "show_links": true, "show_metadata": false'
# The find bar: every match highlighted and ticked on the scroll bar, the current one
# stronger; with the replace row, then a regular expression in the dark theme.
shot find-light Light long-essay.md '' 'key:ctrl+h|type:hosting|key:Tab|type:web hosting|key:F3|key:F3'
shot find-dark Dark long-essay.md '' 'key:ctrl+f|key:alt+r|type:\bsites?\b|key:Return|key:Return'
shot window-finding Light pasted-pharmacy.md '' fn:hover_finding
shot window-spelling-light Light spelling-mistakes.md '' fn:suggestions
shot window-spelling-dark Dark spelling-mistakes.md
# The outline with the cursor taken to "Block quotes", its eighth heading.
shot window-outline Light kitchen-sink.md ', "show_outline": true' 'click:130,338'
shot window-outline-dark Dark kitchen-sink.md ', "show_outline": true' 'click:130,338'
