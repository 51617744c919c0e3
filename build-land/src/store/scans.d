build-land/src/store/scans.o: src/store/scans.c src/store/scans.h \
 src/store/status.h src/store/store.h src/util/err.h src/util/rand.h \
 src/store/page.h src/util/buf.h src/store/row.h src/util/xalloc.h
src/store/scans.h:
src/store/status.h:
src/store/store.h:
src/util/err.h:
src/util/rand.h:
src/store/page.h:
src/util/buf.h:
src/store/row.h:
src/util/xalloc.h:
