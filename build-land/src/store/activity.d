build-land/src/store/activity.o: src/store/activity.c \
 src/store/activity.h src/store/page.h src/store/store.h src/util/err.h \
 src/util/buf.h src/util/rand.h src/store/row.h
src/store/activity.h:
src/store/page.h:
src/store/store.h:
src/util/err.h:
src/util/buf.h:
src/util/rand.h:
src/store/row.h:
