#!/usr/bin/env bash
# Installs Trellis under PREFIX (default /usr/local): a release build of the binary at
# PREFIX/bin/trellis and the dialogues at PREFIX/share/trellis/dialogues, where the installed
# binary finds them from any folder. The store then lives in the user's data folder
# ($XDG_DATA_HOME/trellis or ~/.local/share/trellis) unless --data or $TRELLIS_DATA says otherwise.
#   scripts/install.sh [PREFIX]        e.g. scripts/install.sh ~/.local
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-/usr/local}
swift build -c release --product trellis
install -d "$prefix/bin" "$prefix/share/trellis"
install -m 0755 .build/release/trellis "$prefix/bin/trellis"
# Replace the installed dialogues as a whole, so a dialogue removed here is removed there too.
rm -rf "$prefix/share/trellis/dialogues"
cp -R dialogues "$prefix/share/trellis/dialogues"
echo "installed $prefix/bin/trellis ($("$prefix/bin/trellis" --version)) and $prefix/share/trellis/dialogues"
