build-land/src/cli/datadir.o: src/cli/datadir.c src/cli/cli.h \
 src/util/xalloc.h
src/cli/cli.h:
src/util/xalloc.h:
