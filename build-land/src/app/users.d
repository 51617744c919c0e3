build-land/src/app/users.o: src/app/users.c src/app/users.h \
 src/util/err.h src/store/users.h src/store/store.h src/util/rand.h \
 src/util/timeutil.h
src/app/users.h:
src/util/err.h:
src/store/users.h:
src/store/store.h:
src/util/rand.h:
src/util/timeutil.h:
