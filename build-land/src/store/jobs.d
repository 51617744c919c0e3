build-land/src/store/jobs.o: src/store/jobs.c src/store/jobs.h \
 src/store/store.h src/util/err.h src/util/rand.h src/store/page.h \
 src/util/buf.h src/store/row.h src/store/status.h src/util/xalloc.h
src/store/jobs.h:
src/store/store.h:
src/util/err.h:
src/util/rand.h:
src/store/page.h:
src/util/buf.h:
src/store/row.h:
src/store/status.h:
src/util/xalloc.h:
