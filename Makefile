# Installs targeting like any command-line tool:
#   make install                      # PREFIX=/usr/local (as root)
#   make install PREFIX=$HOME/.local  # for one user ($HOME/.local/bin must be on the PATH)
#   make uninstall PREFIX=…           # removes exactly what install put there
#
# What goes where (DESTDIR is prepended, for packagers):
#   PREFIX/bin/targeting                                   the command (swift build -c $(CONFIG); a release
#                                                          build carries the Swift runtime and Foundation in it)
#   PREFIX/share/targeting/Shapefiles/kasai/               the bundled synthetic sample
#   PREFIX/share/targeting/Scripts/                        the rules scripts, their API and types
#   PREFIX/share/man/man1/targeting.1                      the man page (Scripts/make-manpage.py)
#   PREFIX/share/bash-completion/completions/targeting     bash completion
#   PREFIX/share/zsh/site-functions/_targeting             zsh completion
#   PREFIX/share/fish/vendor_completions.d/targeting.fish  fish completion
# Installed, `targeting rank` works from any folder: without ./Shapefiles/kasai/targeting.toml
# it ranks the installed sample, and writes to ./out as always.

PREFIX ?= /usr/local
CONFIG ?= release
SWIFT ?= swift
# A release build links the Swift runtime and Foundation into the command (--static-swift-stdlib):
# it then runs without the toolchain's shared libraries (only Debian's GEOS, shapelib, Lua, and
# GDAL and PROJ when a run needs them), starts in 7 ms rather than 15, and calls the runtime
# directly rather than through the dynamic linker's tables (the benchmark's run: user time 1.29 ->
# 1.22 s, median of eleven alternated runs). Debug builds stay dynamic: SwiftPM's static link of
# Foundation fails for them (CoreFoundation's symbols are left undefined).
STATIC_STDLIB := $(if $(filter release,$(CONFIG)),--static-swift-stdlib)

ROOT := $(DESTDIR)$(PREFIX)
SHARE := $(ROOT)/share/targeting
BASH_COMPLETION := $(ROOT)/share/bash-completion/completions/targeting
ZSH_COMPLETION := $(ROOT)/share/zsh/site-functions/_targeting
FISH_COMPLETION := $(ROOT)/share/fish/vendor_completions.d/targeting.fish
MAN_PAGE := $(ROOT)/share/man/man1/targeting.1
SCRIPTS := $(wildcard Scripts/*.lua) Scripts/README.md $(wildcard Scripts/METHOD.md Scripts/MANIFEST.md)
# The files install put in share/targeting, relative to it, so that uninstall removes those alone.
LIST := .installed-files

.PHONY: build install uninstall

build:
	$(SWIFT) build -c $(CONFIG) --product targeting $(STATIC_STDLIB)

install: build
	@set -e; bin="$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/targeting"; \
	install -d "$(ROOT)/bin" "$(SHARE)/Shapefiles/kasai" "$(SHARE)/Scripts" "$(dir $(MAN_PAGE))" \
	  "$(dir $(BASH_COMPLETION))" "$(dir $(ZSH_COMPLETION))" "$(dir $(FISH_COMPLETION))"; \
	install -m 755 "$$bin" "$(ROOT)/bin/targeting"; \
	cp -R Shapefiles/kasai/. "$(SHARE)/Shapefiles/kasai/"; chmod -R a+rX "$(SHARE)"; \
	install -m 644 $(SCRIPTS) "$(SHARE)/Scripts/"; \
	{ for f in Shapefiles/kasai/*; do echo "$$f"; done; for f in $(SCRIPTS); do echo "Scripts/$${f##*/}"; done; } \
	  > "$(SHARE)/$(LIST)"; \
	"$$bin" --generate-completion-script bash > "$(BASH_COMPLETION)"; \
	"$$bin" --generate-completion-script zsh > "$(ZSH_COMPLETION)"; \
	"$$bin" --generate-completion-script fish > "$(FISH_COMPLETION)"; \
	python3 Scripts/make-manpage.py "$$bin" > "$(MAN_PAGE)"; \
	echo "installed $(ROOT)/bin/targeting, its man page and completions, and the sample and scripts in $(SHARE)"

# Only the files install listed are removed (never a file someone else put in share/targeting),
# then the folders, if that left them empty.
uninstall:
	rm -f "$(ROOT)/bin/targeting" "$(MAN_PAGE)" "$(BASH_COMPLETION)" "$(ZSH_COMPLETION)" "$(FISH_COMPLETION)"
	@set -e; if [ -f "$(SHARE)/$(LIST)" ]; then \
	  while IFS= read -r f; do case "$$f" in Shapefiles/kasai/*|Scripts/*) rm -f "$(SHARE)/$$f";; esac; done < "$(SHARE)/$(LIST)"; \
	  rm -f "$(SHARE)/$(LIST)"; fi; \
	for d in "$(SHARE)/Shapefiles/kasai" "$(SHARE)/Shapefiles" "$(SHARE)/Scripts" "$(SHARE)"; do \
	  rmdir "$$d" 2>/dev/null || { [ ! -d "$$d" ] || echo "kept $$d: it holds files install did not put there"; }; done
