#!/bin/sh
# Installs the Debian packages given as arguments when some are missing.
# As root (or with sudo) it runs apt-get; otherwise it prints the exact command.
set -eu

missing=""
for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

echo "Atelier needs these system packages:$missing"
if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
else
    echo "Install them with:"
    echo "    sudo apt-get update && sudo apt-get install -y$missing"
    exit 1
fi
