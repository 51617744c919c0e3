build-land/src/deps/osv_import.o: src/deps/osv_import.c src/deps/osv.h \
 src/util/buf.h src/util/err.h src/util/log.h src/util/xalloc.h
src/deps/osv.h:
src/util/buf.h:
src/util/err.h:
src/util/log.h:
src/util/xalloc.h:
