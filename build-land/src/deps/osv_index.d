build-land/src/deps/osv_index.o: src/deps/osv_index.c src/deps/osv.h \
 src/util/buf.h src/util/err.h src/util/xalloc.h
src/deps/osv.h:
src/util/buf.h:
src/util/err.h:
src/util/xalloc.h:
