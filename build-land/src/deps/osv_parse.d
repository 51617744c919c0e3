build-land/src/deps/osv_parse.o: src/deps/osv_parse.c src/deps/osv.h \
 src/util/buf.h src/util/err.h src/deps/pep440.h src/util/xalloc.h
src/deps/osv.h:
src/util/buf.h:
src/util/err.h:
src/deps/pep440.h:
src/util/xalloc.h:
