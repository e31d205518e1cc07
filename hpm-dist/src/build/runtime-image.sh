#!/usr/bin/env bash
# Makes the Java runtime image of the release archive with jlink: runtime-image.sh JAVA_HOME MODULES OUTPUT
# The image is made again only when the JDK, the module list or these options changed (a stamp
# file in the image records them), so that a build does not repeat the slowest step needlessly.
set -euo pipefail
java_home="$1" modules="$2" output="$3"
options=(--strip-debug --no-header-files --no-man-pages)
stamp="$(sed -n 's/^JAVA_VERSION=//p' "$java_home/release") $modules ${options[*]}"
if [ -f "$output/hpm-image.stamp" ] && [ "$(cat "$output/hpm-image.stamp")" = "$stamp" ]; then
  echo "runtime image: up to date ($output)"
  exit 0
fi
rm -rf "$output"
start=$(date +%s)
"$java_home/bin/jlink" --add-modules "$modules" "${options[@]}" --output "$output"
echo "$stamp" > "$output/hpm-image.stamp"
echo "runtime image: made with jlink in $(( $(date +%s) - start )) s, $(du -sh "$output" | cut -f1) ($output)"
