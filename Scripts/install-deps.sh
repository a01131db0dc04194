#!/usr/bin/env bash
# Installs the Debian packages targeting needs, only when something is missing (run as root).
# C libraries: Lua 5.4, GEOS 3.11, shapelib 1.5, PROJ 9, GDAL 3.6 (GeoPackage, GeoJSON, zip, XLSX); rsvg-convert renders maps to PNG;
# python3-venv lets the test suite build its own virtual environment for independent checks.
set -euo pipefail
need=()
pkg-config --exists lua5.4 2>/dev/null || need+=(liblua5.4-dev)
pkg-config --exists geos 2>/dev/null || need+=(libgeos-dev)
pkg-config --exists shapelib 2>/dev/null || need+=(libshp-dev)
pkg-config --exists proj 2>/dev/null || need+=(libproj-dev)
pkg-config --exists gdal 2>/dev/null || need+=(libgdal-dev)
pkg-config --exists libcrypto 2>/dev/null || need+=(libssl-dev)   # SHA-256 of inputs and outputs
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v rsvg-convert >/dev/null 2>&1 || need+=(librsvg2-bin)
command -v make >/dev/null 2>&1 || need+=(make)            # make install
command -v python3 >/dev/null 2>&1 || need+=(python3)      # make install writes the man page with it
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
