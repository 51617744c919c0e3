build-land/src/store/repositories.o: src/store/repositories.c \
 src/store/repositories.h src/store/events.h src/store/json_rows.h \
 src/store/page.h src/store/store.h src/util/err.h src/util/buf.h \
 src/store/row.h src/util/rand.h src/store/findings.h \
 src/store/projects.h src/util/timeutil.h src/util/xalloc.h
src/store/repositories.h:
src/store/events.h:
src/store/json_rows.h:
src/store/page.h:
src/store/store.h:
src/util/err.h:
src/util/buf.h:
src/store/row.h:
src/util/rand.h:
src/store/findings.h:
src/store/projects.h:
src/util/timeutil.h:
src/util/xalloc.h:
