build-land/src/deps/deps_common.o: src/deps/deps_common.c \
 src/deps/deps_parse.h src/deps/osv.h src/util/buf.h src/util/err.h \
 src/deps/pep440.h src/util/xalloc.h
src/deps/deps_parse.h:
src/deps/osv.h:
src/util/buf.h:
src/util/err.h:
src/deps/pep440.h:
src/util/xalloc.h:
