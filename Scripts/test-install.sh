#!/usr/bin/env bash
# `make install` into a temporary PREFIX, then the README's examples run as written from an empty
# folder that is not the repository, with that PREFIX/bin first on the PATH; then `make uninstall`.
# CONFIG=release (the default, as the README's first command) builds and installs the release
# command, which carries the Swift runtime (checked: it needs none of the toolchain's libraries);
# CONFIG=debug installs the build the test suite already made.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
prefix=$(mktemp -d); work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT
fail() { echo "test-install: $*" >&2; exit 1; }

config=${CONFIG:-release}
make install PREFIX="$prefix" CONFIG="$config" >/dev/null
if [ "$config" = release ]; then
  # Runs where Swift is not installed: no library of the toolchain's is needed.
  needs=$(ldd "$prefix/bin/targeting") || fail "ldd $prefix/bin/targeting failed"
  if grep -qiE 'swift|foundation|dispatch|BlocksRuntime' <<< "$needs"; then fail "the release command needs the toolchain's libraries: $needs"; fi
fi
for f in bin/targeting share/man/man1/targeting.1 share/bash-completion/completions/targeting \
         share/zsh/site-functions/_targeting share/fish/vendor_completions.d/targeting.fish \
         share/targeting/Shapefiles/kasai/targeting.toml share/targeting/Shapefiles/kasai/groupements.shp \
         share/targeting/Scripts/criteria.lua share/targeting/Scripts/stability.lua; do
  [ -s "$prefix/$f" ] || fail "make install did not write $f"
done
grep -q '^\.SS targeting rank$' "$prefix/share/man/man1/targeting.1" || fail "the man page has no section for targeting rank"
grep -q 'Kasaï' "$prefix/share/man/man1/targeting.1" || fail "the man page lost its accents"
bash -n "$prefix/share/bash-completion/completions/targeting" || fail "the bash completion is not valid bash"
grep -q '^#compdef targeting' "$prefix/share/zsh/site-functions/_targeting" || fail "the zsh completion lacks #compdef"
grep -q "complete -c 'targeting'\|complete -c targeting" "$prefix/share/fish/vendor_completions.d/targeting.fish" || fail "the fish completion completes nothing"

export PATH="$prefix/bin:$PATH"
cd "$work"
[ "$(command -v targeting)" = "$prefix/bin/targeting" ] || fail "targeting on the PATH is $(command -v targeting)"
# Each run within five minutes (the sample takes about a second): a command that hangs fails
# here, with exit 124, rather than holding the suite until CI's own limit.
targeting() { timeout 300 "$prefix/bin/targeting" "$@"; }
# The README's examples, as written (--quiet and --no-maps only to keep the suite short).
targeting rank 2>rank.err >rank.out || fail "targeting rank: $(cat rank.err)"
grep -q "using the copy installed with targeting, $prefix/share/targeting/Shapefiles/kasai/targeting.toml" rank.err \
  || fail "targeting rank did not say it used the installed sample: $(cat rank.err)"
grep -q "wrote .* files to out/" rank.out || fail "targeting rank did not write to ./out: $(cat rank.out)"
# The same list as the repository's own run of the sample.
(cd "$repo" && targeting rank --quiet --no-maps --out "$work/ref") || fail "rank in the repository failed"
cmp -s out/priority_list.csv ref/priority_list.csv || fail "the installed sample ranks differently from the repository's"
targeting rank --top 40 --per-parent 3 --quiet --no-maps >/dev/null || fail "targeting rank --top 40 --per-parent 3"
targeting check Scripts/criteria.lua >check.out 2>&1 || fail "targeting check Scripts/criteria.lua: $(cat check.out)"
grep -q "OK" check.out || fail "targeting check: $(cat check.out)"
targeting inspect Shapefiles/kasai/groupements.shp Shapefiles/kasai/dtm_kasai.csv >/dev/null 2>&1 || fail "targeting inspect FILES"
targeting inspect --project Shapefiles/kasai/targeting.toml >/dev/null 2>&1 || fail "targeting inspect --project"
targeting diff Scripts/criteria.lua Scripts/stability.lua --quiet >diff.out 2>&1 || fail "targeting diff: $(cat diff.out)"
[ -z "$(ls -A "$prefix/share/targeting/Shapefiles/kasai" | grep -v -e '\.cpg$' -e '\.dbf$' -e '\.prj$' -e '\.shp$' -e '\.shx$' -e '\.csv$' -e '\.toml$')" ] \
  || fail "a run wrote into the installed sample"

cd "$repo"
# A file someone else put beside the installed ones is not install's to remove.
echo "a user's notes" > "$prefix/share/targeting/notes.txt"
make uninstall PREFIX="$prefix" >/dev/null
left=$(find "$prefix" -type f)
[ "$left" = "$prefix/share/targeting/notes.txt" ] || fail "make uninstall left (or removed): $left"
echo "make install: binary, man page, bash/zsh/fish completions, sample and scripts; README examples run from $work"
