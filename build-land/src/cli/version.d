build-land/src/cli/version.o: src/cli/version.c src/cli/cli.h \
 src/util/version.h
src/cli/cli.h:
src/util/version.h:
