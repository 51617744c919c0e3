build-land/src/cli/advisories.o: src/cli/advisories.c src/cli/cli.h \
 src/deps/osv.h src/util/buf.h src/util/err.h src/util/fs.h
src/cli/cli.h:
src/deps/osv.h:
src/util/buf.h:
src/util/err.h:
src/util/fs.h:
