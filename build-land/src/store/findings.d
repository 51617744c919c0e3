build-land/src/store/findings.o: src/store/findings.c \
 src/store/findings.h src/store/events.h src/store/json_rows.h \
 src/store/page.h src/store/store.h src/util/err.h src/util/buf.h \
 src/store/row.h src/util/rand.h src/store/tx.h src/store/usage.h \
 src/util/timeutil.h src/util/xalloc.h
src/store/findings.h:
src/store/events.h:
src/store/json_rows.h:
src/store/page.h:
src/store/store.h:
src/util/err.h:
src/util/buf.h:
src/store/row.h:
src/util/rand.h:
src/store/tx.h:
src/store/usage.h:
src/util/timeutil.h:
src/util/xalloc.h:
