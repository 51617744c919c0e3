build-land/src/deps/deps.o: src/deps/deps.c src/deps/deps.h \
 src/util/err.h src/deps/deps_parse.h src/deps/osv.h src/util/buf.h \
 src/util/xalloc.h
src/deps/deps.h:
src/util/err.h:
src/deps/deps_parse.h:
src/deps/osv.h:
src/util/buf.h:
src/util/xalloc.h:
