build-land/src/store/projects.o: src/store/projects.c \
 src/store/projects.h src/store/json_rows.h src/store/page.h \
 src/store/store.h src/util/err.h src/util/buf.h src/store/row.h \
 src/util/rand.h src/blob/blob.h src/store/findings.h src/store/events.h \
 src/store/tx.h src/util/log.h src/util/timeutil.h src/util/xalloc.h
src/store/projects.h:
src/store/json_rows.h:
src/store/page.h:
src/store/store.h:
src/util/err.h:
src/util/buf.h:
src/store/row.h:
src/util/rand.h:
src/blob/blob.h:
src/store/findings.h:
src/store/events.h:
src/store/tx.h:
src/util/log.h:
src/util/timeutil.h:
src/util/xalloc.h:
