#!/usr/bin/env bash
# Install the Debian packages named that are missing: quietly (apt's own output goes to var/apt.log
# and is shown only when the install fails), and without starting any service they bring. On a
# machine with systemd, installing redis-server, postgresql or varnish would otherwise leave a
# system-wide server running (Redis on 6379, Varnish on 6081); the tests and benchmarks start their
# own on ports of their own and stop them afterwards.
#
#   tools/apt-install.sh PACKAGE...     needs root when something is missing
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Needs Debian's ${missing[*]}: run \`apt-get install ${missing[*]}\` as root, then this again." >&2
  exit 1
fi
cd "$(dirname "$0")/.."
mkdir -p var
log=var/apt.log
echo "Installing Debian's ${missing[*]} (apt's output in $log)…" >&2
# invoke-rc.d and deb-systemd-invoke ask /usr/sbin/policy-rc.d before starting a service; 101 = no.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; } >> "$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "Installing ${missing[*]} failed; the whole log is in $log." >&2
  exit 1
fi
