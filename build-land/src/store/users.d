build-land/src/store/users.o: src/store/users.c src/store/users.h \
 src/store/store.h src/util/err.h src/util/rand.h src/store/row.h \
 src/util/xalloc.h
src/store/users.h:
src/store/store.h:
src/util/err.h:
src/util/rand.h:
src/store/row.h:
src/util/xalloc.h:
