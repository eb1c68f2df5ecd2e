#!/bin/sh
# Installs the benchmark peers: R spdep/sf/jsonlite and Python libpysal/geopandas from Debian, and
# the npm peers (@turf/moran-index, via the workspace install). Safe to re-run: only missing
# packages are installed. Peers that cannot be installed are reported by `pnpm bench` as
# "not available", never estimated.
set -eu
cd "$(dirname "$0")/.."

APT_PACKAGES="r-cran-spdep r-cran-sf r-cran-jsonlite python3-libpysal python3-geopandas python3-pandas"
missing=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench/setup.sh: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
  else
    echo "bench/setup.sh: missing Debian packages:$missing (run as root to install; the bench reports them as not available)" >&2
  fi
fi

if [ ! -d bench/node_modules/@turf/moran-index ]; then
  npx --yes pnpm@10.34.9 install --frozen-lockfile
fi
echo "bench/setup.sh: peers ready"
