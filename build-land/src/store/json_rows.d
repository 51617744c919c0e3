build-land/src/store/json_rows.o: src/store/json_rows.c \
 src/store/json_rows.h src/store/page.h src/store/store.h src/util/err.h \
 src/util/buf.h src/store/row.h src/util/rand.h src/util/timeutil.h
src/store/json_rows.h:
src/store/page.h:
src/store/store.h:
src/util/err.h:
src/util/buf.h:
src/store/row.h:
src/util/rand.h:
src/util/timeutil.h:
